"""Site search: public events, talks, people, organisations, parks and topics.

A query is read as terms (`parse_terms`), and a record matches when every term is found in at
least one of its searched fields, in either language's column, whatever the page language:
"田志刚 CAR-T" finds a talk with CAR-T in its title and 田志刚 in its abstract. A term is
matched as a substring, so Chinese needs no word segmentation, and with the spelling variants of
Latin text folded alike: case, full-width letters, and hyphens, dashes and spaces inside a term
("car t", "CAR‑T", "ＣＡＲ－Ｔ" all find "CAR-T").

Columns cannot be normalised cheaply on both SQLite and PostgreSQL, so the variants go into the
pattern instead: each term becomes one regular expression in the subset both databases (and
Python's `re`, which SQLite's REGEXP calls and the excerpts use) read alike.

Each kind costs one query, its matches' total counted in the same query by a window function;
one kind's paginated list costs two (the paginator's count and the page). The number of queries
never grows with the number of records.
"""

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import and_, or_

from django.db.models import Case, Count, IntegerField, Model, Q, QuerySet, Value, When, Window
from django.utils.functional import Promise, cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext
from modeltranslation.utils import build_localized_fieldname, get_translation_fields

from parks.models import IndustryPark
from summit.models import Event, Organisation, Person, Talk, Topic
from summit.views import PaginatedListView

MAX_QUERY_LENGTH = 200
# Results of each kind shown when every kind is searched; one kind's results come in pages.
RESULTS_PER_KIND = 5
RESULTS_PER_PAGE = 20
# Characters of context shown on each side of the first match in an excerpt, and how many
# excerpts a result may show when the words it matched lie in different fields.
EXCERPT_CONTEXT = 60
MAX_EXCERPTS = 3
# Matches of a text looked at for its excerpt: enough for any field, bounded for a huge one.
MAX_MATCHES = 100

# Read as the gap between two parts of one term: "CAR-T" is "CAR T" is "CAR‑T" (non-breaking
# hyphen) is "CAR－T" (full-width). Hyphens, dashes, the minus sign and the soft hyphen.
DASHES = "-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
# Between two words of a Chinese query, where English would put a space.
CHINESE_SEPARATORS = "，、；。"
# What stands between two parts of a term in the text: dashes and spaces. Between two Latin
# parts at least one ("CAR-T", not the "cart" in "McCarthy"); where Chinese meets Latin, any or
# none, as Chinese text writes "CAR-T细胞" and "CAR-T 细胞" alike. The class starts with "-", so
# that it is literal in both dialects, and holds the no-break and ideographic spaces, which
# PostgreSQL's \s may not.
GAP_CHARACTERS = "[" + DASHES + "\\s\u00a0\u3000]"
# Every printable ASCII character and its full-width form (NFKC folds one into the other).
FULL_WIDTH_OFFSET = 0xFEE0


@dataclass(frozen=True)
class Kind:
    """One kind of record the search covers, and which of its fields it looks in.

    `title_fields` name the record (a match there ranks first); `text_fields` describe it, most
    telling first. All of them are fields translated by django-modeltranslation.
    """

    key: str
    model: type[Model]
    title_fields: tuple[str, ...]
    text_fields: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return self.title_fields + self.text_fields

    @property
    def label(self) -> Promise:
        return self.model._meta.verbose_name

    @property
    def label_plural(self) -> Promise:
        return self.model._meta.verbose_name_plural

    def records(self) -> QuerySet:
        return self.model.objects.published()


KINDS = (
    Kind("event", Event, ("name",), ("theme", "summary", "description")),
    Kind("talk", Talk, ("title",), ("subtitle", "abstract", "description")),
    Kind("person", Person, ("name",), ("bio",)),
    Kind("organisation", Organisation, ("name", "short_name"), ("description",)),
    Kind(
        "park",
        IndustryPark,
        ("name", "short_name"),
        ("description", "features", "location", "core_area_description"),
    ),
    Kind("topic", Topic, ("name",), ("description",)),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True)
class Term:
    """One thing every result must contain: a word, or the parts of one name ("CAR", "T"),
    which must follow each other with nothing but dashes or spaces between them."""

    parts: tuple[str, ...]

    @cached_property
    def regex(self) -> str:
        """The term as a regular expression that SQLite (through Python's `re`) and PostgreSQL
        read alike: literal characters, bracket classes and `(?:…|…)` only, and no backslash
        before a letter or digit (an escape with a different meaning in each)."""
        pieces, previous = [], ""
        for part in self.parts:
            for position, character in enumerate(part):
                if previous:
                    pieces.append(_gap(previous, character, between_parts=position == 0))
                pieces.append(_character_regex(character))
                previous = character
        return "".join(pieces)

    @cached_property
    def pattern(self) -> re.Pattern:
        return re.compile(self.regex, re.IGNORECASE)


def _gap(before: str, after: str, *, between_parts: bool) -> str:
    """What the text may hold between two characters of a term (see `GAP_CHARACTERS`)."""
    if _is_chinese(before) != _is_chinese(after):
        return GAP_CHARACTERS + "*"
    if between_parts:
        return GAP_CHARACTERS + ("*" if _is_chinese(before) else "+")
    return ""


def _character_regex(character: str) -> str:
    if not "!" <= character <= "~":
        return re.escape(character)
    full_width = chr(ord(character) + FULL_WIDTH_OFFSET)
    if character.isalnum():
        variants = dict.fromkeys(
            character.lower() + character.upper() + full_width.lower() + full_width.upper()
        )
        return "[" + "".join(variants) + "]"
    return f"(?:{re.escape(character)}|{full_width})"


@dataclass(frozen=True)
class Result:
    """One record found: what it is, where it lives, and where and how the query matched it."""

    kind: Kind
    record: Model
    title: str
    url: str
    is_title_match: bool
    # The fields the excerpts come from, and their names as a reader sees them ("title, abstract").
    matched_fields: tuple[str, ...]
    matched_in: str
    excerpts: tuple[SafeString, ...]


@dataclass(frozen=True)
class Section:
    """The results of one kind: how many records match in all, and those shown, numbered from
    `start`."""

    kind: Kind
    total: int
    results: list[Result]
    start: int = 1


def clean_query(raw: str) -> str:
    """The query as searched and shown: control characters (a line break pasted in) turned into
    spaces, trimmed, at most `MAX_QUERY_LENGTH` characters.

    (A NUL in it never gets here: website.middleware answers it with 400.)
    """
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in raw)
    return text.strip()[:MAX_QUERY_LENGTH].strip()


def clean_kind(raw: str | None) -> Kind | None:
    """The kind asked for, or None (every kind) for a missing or unknown one."""
    return KINDS_BY_KEY.get(raw or "")


def parse_terms(query: str) -> tuple[Term, ...]:
    """The terms of `query`, each of which a result must contain.

    Words are separated by spaces (the ideographic space too), invisible characters and Chinese
    list punctuation (，、；。); a run of Chinese characters is one word. The query is folded
    by NFKC (full-width letters and digits become ASCII). Punctuation around a word is not part
    of it ("(CAR-T)," is "CAR-T"), and a word of punctuation alone is no word: such a query finds
    nothing. Inside a word, dashes separate its parts. A lone letter or digit belongs to the
    word before it (or after it, when first): "CAR T" is the one term "CAR-T", "T 细胞" is
    "T细胞", rather than every record holding a "t".
    """
    for separator in CHINESE_SEPARATORS:
        query = query.replace(separator, " ")
    query = unicodedata.normalize("NFKC", query)
    query = "".join(" " if unicodedata.category(c) in ("Cc", "Cf") else c for c in query)
    words = []
    for chunk in query.split():
        parts = tuple(
            part for part in re.split(f"[{re.escape(DASHES)}]+", _strip_punctuation(chunk)) if part
        )
        if any(c.isalnum() for part in parts for c in part):
            words.append(parts)
    terms: list[tuple[str, ...]] = []
    lone: tuple[str, ...] = ()  # lone letters that came first, waiting for their word
    for parts in words:
        if len(parts) == 1 and _is_lone_character(parts[0]):
            if terms:
                terms[-1] += parts
            else:
                lone += parts
            continue
        terms.append(lone + parts)
        lone = ()
    if lone:
        terms.append(lone)
    # The same term twice adds nothing.
    unique: dict[tuple[str, ...], tuple[str, ...]] = {}
    for parts in terms:
        unique.setdefault(tuple(part.casefold() for part in parts), parts)
    return tuple(Term(parts) for parts in unique.values())


def _strip_punctuation(word: str) -> str:
    start, end = 0, len(word)
    while start < end and not word[start].isalnum():
        start += 1
    while end > start and not word[end - 1].isalnum():
        end -= 1
    return word[start:end]


def _is_lone_character(word: str) -> bool:
    return len(word) == 1 and word.isalnum() and not _is_chinese(word)


def _is_chinese(character: str) -> bool:
    return unicodedata.name(character, "").startswith("CJK ")


def matching(kind: Kind, terms: tuple[Term, ...]) -> QuerySet:
    """The kind's public records containing every term, each in any field and either language,
    ranked by the first field that holds one of them (title matches first), then in the
    model's order. Unevaluated: slice it or page it."""
    if not terms:
        return kind.records().none()

    def found(term: Term, field: str) -> Q:
        return reduce(
            or_,
            (Q(**{f"{column}__iregex": term.regex}) for column in get_translation_fields(field)),
        )

    every_term = reduce(
        and_,
        (reduce(or_, (found(term, field) for field in kind.fields)) for term in terms),
    )
    rank = Case(
        *(
            When(reduce(or_, (found(term, field) for term in terms)), then=Value(position))
            for position, field in enumerate(kind.fields)
        ),
        default=Value(len(kind.fields)),
        output_field=IntegerField(),
    )
    return (
        kind.records()
        .filter(every_term)
        .annotate(search_rank=rank)
        .order_by("search_rank", *kind.model._meta.ordering, "pk")
    )


def results(kind: Kind, records, terms: tuple[Term, ...]) -> list[Result]:
    """`records` (from `matching`) as results: translated title, link and an excerpt."""
    return [_result(kind, record, terms) for record in records]


def overview(terms: tuple[Term, ...], per_kind: int = RESULTS_PER_KIND) -> list[Section]:
    """The first `per_kind` results of each kind with its total, one query per kind.

    Kinds without a match are left out; kinds whose best result is a title match come first,
    the others after them, each group in the order of `KINDS`.
    """
    if not terms:
        return []
    sections = []
    for kind in KINDS:
        records = list(matching(kind, terms).annotate(search_total=Window(Count("pk")))[:per_kind])
        if records:
            sections.append(Section(kind, records[0].search_total, results(kind, records, terms)))
    return sorted(sections, key=lambda section: not section.results[0].is_title_match)


def _result(kind: Kind, record: Model, terms: tuple[Term, ...]) -> Result:
    shown = _excerpts(kind, record, terms)
    fields = tuple(dict.fromkeys(field for field, _window in shown))
    labels = (str(kind.model._meta.get_field(field).verbose_name) for field in fields)
    return Result(
        kind=kind,
        record=record,
        # The translated attribute: the page language, falling back to the other one.
        title=getattr(record, kind.title_fields[0]),
        url=record.get_absolute_url(),
        is_title_match=record.search_rank < len(kind.title_fields),
        matched_fields=fields,
        matched_in=pgettext("list separator", ", ").join(labels),
        excerpts=tuple(window.html() for _field, window in shown),
    )


def _excerpts(kind: Kind, record: Model, terms: tuple[Term, ...]) -> list[tuple[str, "Excerpt"]]:
    """The excerpts that show every term where it matched: first the one showing the most
    terms, then the one showing most of the others, and so on (at most `MAX_EXCERPTS`). Among
    equals, the first field, in the page language."""
    language = get_language() or ""
    windows = [
        (field, Excerpt.around(getattr(record, column, None) or "", terms))
        for field in kind.fields
        for column in sorted(
            get_translation_fields(field),
            key=lambda column, field=field: column != build_localized_fieldname(field, language),
        )
    ]
    unseen = set(terms)
    shown = []
    while unseen and len(shown) < MAX_EXCERPTS:
        field, window = max(windows, key=lambda candidate: len(candidate[1].terms & unseen))
        if not window.terms & unseen:
            break
        shown.append((field, window))
        unseen -= window.terms
    # Only if the database and Python read a pattern differently: the record's name, unmarked.
    return shown or [windows[0]]


@dataclass(frozen=True)
class Excerpt:
    """The part of a text an excerpt shows, from `start` to `end`, and the matches in it."""

    text: str
    start: int
    end: int
    matches: tuple[tuple[int, int, Term], ...]

    @property
    def terms(self) -> set[Term]:
        return {term for _start, _end, term in self.matches}

    @classmethod
    def around(
        cls, text: str, terms: tuple[Term, ...], context: int = EXCERPT_CONTEXT
    ) -> "Excerpt":
        """The window showing the most terms, `context` characters on each side of a match
        (the earliest such window), or the start of the text if no term matches."""
        text = re.sub(r"\s+", " ", text).strip()
        matches = _matches(text, terms)
        if not matches:
            return cls(text, 0, min(len(text), 2 * context), ())
        present = {term for *_span, term in matches}
        best, best_terms = (0, 0, ()), set()
        for anchor_start, anchor_end, _term in matches:
            start, end = max(anchor_start - context, 0), min(anchor_end + context, len(text))
            inside = tuple(match for match in matches if match[1] > start and match[0] < end)
            inside_terms = {term for *_span, term in inside}
            if len(inside_terms) > len(best_terms):
                # A match cut by the window's edge is shown whole.
                best = (min(start, inside[0][0]), max(end, inside[-1][1]), inside)
                best_terms = inside_terms
                if best_terms == present:
                    break
        return cls(text, *best)

    def html(self) -> SafeString:
        """The window's text escaped, its matches in <mark>, "…" where the text goes on."""
        pieces, position = [], self.start
        for start, end, _term in self.matches:
            pieces.append((self.text[position:start], self.text[start:end]))
            position = end
        return format_html(
            "{}{}{}{}",
            "…" if self.start > 0 else "",
            format_html_join("", "{}<mark>{}</mark>", pieces),
            self.text[position : self.end],
            "…" if self.end < len(self.text) else "",
        )


def _matches(text: str, terms: tuple[Term, ...]) -> tuple[tuple[int, int, Term], ...]:
    """Where the terms occur in `text`, in order, without overlaps (the first `MAX_MATCHES`)."""
    if not terms:
        return ()
    return tuple(
        (match.start(), match.end(), terms[int(match.lastgroup.removeprefix("term"))])
        for match in itertools.islice(_any_term(terms).finditer(text), MAX_MATCHES)
    )


@lru_cache(maxsize=32)
def _any_term(terms: tuple[Term, ...]) -> re.Pattern:
    # Longer terms first: where two match at one place, the longer is marked. Each term is the
    # group named after its index, so a match tells which term it is.
    ordered = sorted(range(len(terms)), key=lambda index: len(terms[index].regex), reverse=True)
    return re.compile(
        "|".join(f"(?P<term{index}>{terms[index].regex})" for index in ordered), re.IGNORECASE
    )


def excerpt(text: str, terms: tuple[Term, ...], context: int = EXCERPT_CONTEXT) -> SafeString:
    """A short piece of `text` showing as many terms as it can, each match in <mark>.

    Both the text and the matches are escaped: only the <mark> elements are markup.
    """
    return Excerpt.around(text, terms, context).html()


class SearchView(PaginatedListView):
    """The search page: `?q=` (Chinese or English) and an optional `?kind=` (event, talk, …).

    Every kind: the first results of each, with its total and a link to all of them. One kind:
    all its results, in pages (an out-of-range or malformed `?page=` is a 404).
    """

    template_name = "website/search.html"
    paginate_by = RESULTS_PER_PAGE

    def get(self, request, *args, **kwargs):
        raw_query = request.GET.get("q", "")
        self.query = clean_query(raw_query)
        self.query_shortened = len(raw_query.strip()) > MAX_QUERY_LENGTH
        self.terms = parse_terms(self.query)
        self.kind = clean_kind(request.GET.get("kind"))
        return super().get(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        return self.paginate_by if self.kind else None

    def get_queryset(self):
        return matching(self.kind, self.terms) if self.kind else []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.kind:
            page = context["page_obj"]
            found = results(self.kind, page.object_list, self.terms)
            total = page.paginator.count
            sections = [Section(self.kind, total, found, page.start_index())] if found else []
        else:
            sections = overview(self.terms)
            total = sum(section.total for section in sections)
        context.update(
            query=self.query,
            query_shortened=self.query_shortened,
            max_query_length=MAX_QUERY_LENGTH,
            terms=self.terms,
            kind=self.kind,
            kinds=KINDS,
            sections=sections,
            # Every result shown, of every section.
            results=[result for section in sections for result in section.results],
            total=total,
        )
        return context
