"""Site search: public events, talks, people, organisations, parks and topics.

A query is read as terms (`parse_terms`), and a record matches when every term is found in at
least one of its searched fields, in either language's column, whatever the page language:
"田志刚 CAR-T" finds a talk with CAR-T in its title and 田志刚 in its abstract. The names of
closely related public records count as fields too (`Relation`): a talk's speakers and
session, a person's talks and current organisations, an event's talks, speakers, other
participants and hosts, an organisation's parent, a park's members. So "田志刚 CAR-T" also
finds the summit where 田志刚 spoke and a CAR-T talk was given, and its excerpts say so
("Speaker: 田志刚", "Talk: …CAR-T…"). A term is
matched as a substring, so Chinese needs no word segmentation, and with the spelling variants of
Latin text folded alike: case, full-width letters, and hyphens, dashes and spaces inside a term
("car t", "CAR‑T", "ＣＡＲ－Ｔ" all find "CAR-T").

Columns cannot be normalised cheaply on both SQLite and PostgreSQL, so the variants go into the
pattern instead: each term becomes one regular expression in the subset both databases (and
Python's `re`, which SQLite's REGEXP calls and the excerpts use) read alike.

Each kind costs one query, its matches' total counted in the same query by a window function;
one kind's paginated list costs two (the paginator's count and the page). Related records are
subqueries of that query. The number of queries never grows with the number of records.
"""

import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import and_, or_

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.utils.functional import Promise, cached_property
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, get_translation_fields

from parks.models import IndustryPark, ParkMembership
from summit.models import (
    Affiliation,
    Event,
    EventOrganisation,
    EventParticipant,
    Organisation,
    Person,
    Session,
    Talk,
    Topic,
)
from summit.queries import HOST_ROLES
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
class Relation:
    """Records so closely tied to a record that their names count as its fields: a talk's
    speakers, a person's talks, an event's hosts. Only public ones: a draft talk's title must
    never make its event findable.

    `rows` (built per query, as visibility depends on the time) each name one related record
    through the lookup `named`, or are that record when `named` is empty, and lead to the
    record searched through the lookup `to`. The named record's `fields` are searched among its
    model's public records first, and the rows are those naming one of them: the database then
    looks up the few rows of those records by an index, rather than joining every row to its
    record to match the term (SQLite, which keeps no statistics, would otherwise try every
    pair of talk and person). `label` is the relation as "Matched in" lists it; `excerpt`
    introduces the name that matched ("Speaker: %(name)s").
    """

    key: str
    rows: Callable[[], QuerySet]
    to: str
    fields: tuple[str, ...]
    label: Promise
    excerpt: Promise
    named: str = ""

    def rows_holding(self, regex: str) -> QuerySet:
        rows = self.rows()
        if not self.named:
            return rows.filter(_holds(regex, self.fields))
        model = rows.model._meta.get_field(self.named).related_model
        holding = model.objects.published().filter(_holds(regex, self.fields))
        return rows.filter(**{f"{self.named}__in": holding})

    def holds(self, term: "Term") -> Q:
        """The condition that one of a record's related rows holds `term`."""
        return Q(pk__in=self.rows_holding(term.regex).values(self.to))

    def first_name(self, terms: tuple["Term", ...], language: str) -> Subquery:
        """For the outer record, the first related name holding any of `terms`, from the
        column that holds it (the page language first), for its excerpt.

        One name per relation rather than per term: a subquery per term and relation made
        building and compiling the query several times slower than running it.
        """
        regex = _any_of(terms)
        prefix = f"{self.named}__" if self.named else ""
        columns = [
            f"{prefix}{column}" for field in self.fields for column in _columns(field, language)
        ]
        name = Case(
            *(When(**{f"{column}__iregex": regex}, then=F(column)) for column in columns),
            output_field=CharField(),
        )
        rows = self.rows_holding(regex).filter(**{self.to: OuterRef("pk")})
        return Subquery(rows.annotate(search_name=name).values("search_name")[:1])


@dataclass(frozen=True)
class Kind:
    """One kind of record the search covers, and which of its fields it looks in.

    `title_fields` name the record (a match there ranks first); `text_fields` describe it, most
    telling first. All of them are fields translated by django-modeltranslation. The names of
    the `related` records count as fields too, ranked after the record's own.
    """

    key: str
    model: type[Model]
    title_fields: tuple[str, ...]
    text_fields: tuple[str, ...] = ()
    related: tuple[Relation, ...] = ()

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


ORGANISATION_NAMES = ("name", "short_name")
SPEAKER = EventParticipant.Role.SPEAKER


def _talk_speakers() -> QuerySet:
    """The talk–person link rows, in the order speakers were added. The side a relation names
    is public by the match, and the other is the record searched, public too; an event's
    speakers, reached through the talk, ask for the talk to be public as well."""
    return Talk.speakers.through.objects.order_by("pk")


KINDS = (
    Kind(
        "event",
        Event,
        ("name",),
        ("theme", "summary", "description"),
        related=(
            Relation(
                "talks",
                rows=Talk.objects.published,
                to="event",
                fields=("title",),
                label=_("talks"),
                excerpt=_("Talk: %(name)s"),
            ),
            Relation(
                "speakers",
                rows=lambda: _talk_speakers().filter(talk__in=Talk.objects.published()),
                to="talk__event",
                named="person",
                fields=("name",),
                label=_("speakers"),
                excerpt=_("Speaker: %(name)s"),
            ),
            # Speakers the sources name without a talk on record, as the event page lists them.
            Relation(
                "speakers",
                rows=lambda: EventParticipant.objects.published().filter(role=SPEAKER),
                to="event",
                named="person",
                fields=("name",),
                label=_("speakers"),
                excerpt=_("Speaker: %(name)s"),
            ),
            Relation(
                "participants",
                rows=lambda: EventParticipant.objects.published().exclude(role=SPEAKER),
                to="event",
                named="person",
                fields=("name",),
                label=_("participants"),
                excerpt=_("Participant: %(name)s"),
            ),
            Relation(
                "hosts",
                rows=lambda: EventOrganisation.objects.published().filter(role__in=HOST_ROLES),
                to="event",
                named="organisation",
                fields=ORGANISATION_NAMES,
                label=_("hosts"),
                excerpt=_("Host: %(name)s"),
            ),
        ),
    ),
    Kind(
        "talk",
        Talk,
        ("title",),
        ("subtitle", "abstract", "description"),
        related=(
            Relation(
                "speakers",
                rows=_talk_speakers,
                to="talk",
                named="person",
                fields=("name",),
                label=_("speakers"),
                excerpt=_("Speaker: %(name)s"),
            ),
            Relation(
                "session",
                rows=Session.objects.published,
                to="talks",
                fields=("title",),
                label=_("session"),
                excerpt=_("Session: %(name)s"),
            ),
        ),
    ),
    Kind(
        "person",
        Person,
        ("name",),
        ("bio",),
        related=(
            Relation(
                "talks",
                rows=_talk_speakers,
                to="person",
                named="talk",
                fields=("title",),
                label=_("talks"),
                excerpt=_("Talk: %(name)s"),
            ),
            Relation(
                "organisations",
                rows=lambda: Affiliation.objects.published().filter(is_current=True),
                to="person",
                named="organisation",
                fields=ORGANISATION_NAMES,
                label=_("organisations"),
                excerpt=_("Organisation: %(name)s"),
            ),
        ),
    ),
    Kind(
        "organisation",
        Organisation,
        ("name", "short_name"),
        ("description",),
        related=(
            Relation(
                "parent",
                rows=Organisation.objects.published,
                to="children",
                fields=ORGANISATION_NAMES,
                label=_("part of"),
                excerpt=_("Part of: %(name)s"),
            ),
        ),
    ),
    Kind(
        "park",
        IndustryPark,
        ("name", "short_name"),
        ("description", "features", "location", "core_area_description"),
        related=(
            Relation(
                "members",
                rows=ParkMembership.objects.published,
                to="park",
                named="organisation",
                fields=ORGANISATION_NAMES,
                label=_("members"),
                excerpt=_("Member: %(name)s"),
            ),
        ),
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


def _columns(field: str, language: str | None = None) -> list[str]:
    """The columns of a translated field, as lookups ("organisation__name_en"); the one of
    `language` first when given."""
    path, _separator, name = field.rpartition("__")
    columns = get_translation_fields(name)
    if language:
        localized = build_localized_fieldname(name, language)
        columns = sorted(columns, key=lambda column: column != localized)
    return [f"{path}__{column}" if path else column for column in columns]


def _holds(regex: str, fields: tuple[str, ...]) -> Q:
    """Any of `fields` holds a match of `regex` (a term's, or an alternative of them), in
    either language."""
    return reduce(
        or_,
        (Q(**{f"{column}__iregex": regex}) for field in fields for column in _columns(field)),
    )


def _any_of(terms: tuple[Term, ...]) -> str:
    """One regular expression matching any of `terms`."""
    return "|".join(f"(?:{term.regex})" for term in terms)


def _related_name(relation_index: int) -> str:
    return f"search_related_{relation_index}"


def matching(kind: Kind, terms: tuple[Term, ...]) -> QuerySet:
    """The kind's public records containing every term, each in any field, either language or
    the name of a related public record, ranked by the first own field that holds one of them
    (title matches first, matches through related records last), then in the model's order.
    Unevaluated: slice it or page it.

    A relation costs subqueries, not queries: `pk IN (…)` per term to match, and one for the
    excerpt, the first related name holding any term (see `Relation.first_name`).
    """
    if not terms:
        return kind.records().none()

    every_term = reduce(
        and_,
        (
            reduce(
                or_,
                (relation.holds(term) for relation in kind.related),
                _holds(term.regex, kind.fields),
            )
            for term in terms
        ),
    )
    language = get_language() or ""
    related_names = {
        _related_name(index): relation.first_name(terms, language)
        for index, relation in enumerate(kind.related)
    }
    any_term = _any_of(terms)
    rank = Case(
        *(
            When(_holds(any_term, (field,)), then=Value(position))
            for position, field in enumerate(kind.fields)
        ),
        default=Value(len(kind.fields)),
        output_field=IntegerField(),
    )
    return (
        kind.records()
        .filter(every_term)
        .annotate(search_rank=rank, **related_names)
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
    # Two relations may share a name (an event's speakers with and without a talk).
    labels = {each.field: str(each.label) for each in shown}
    return Result(
        kind=kind,
        record=record,
        # The translated attribute: the page language, falling back to the other one.
        title=getattr(record, kind.title_fields[0]),
        url=record.get_absolute_url(),
        is_title_match=record.search_rank < len(kind.title_fields),
        matched_fields=tuple(labels),
        matched_in=pgettext("list separator", ", ").join(labels.values()),
        excerpts=tuple(each.html() for each in shown),
    )


@dataclass(frozen=True)
class Shown:
    """A text an excerpt may show: one of the record's fields, or a related record's name,
    introduced by its relation's `excerpt` ("Speaker: %(name)s")."""

    field: str
    label: Promise | str
    window: "Excerpt"
    introduction: Promise | None = None

    def html(self) -> SafeString:
        if self.introduction is None:
            return self.window.html()
        return mark_safe(conditional_escape(self.introduction) % {"name": self.window.html()})


def _excerpts(kind: Kind, record: Model, terms: tuple[Term, ...]) -> list[Shown]:
    """The excerpts that show every term where it matched: first the one showing the most
    terms, then the one showing most of the others, and so on (at most `MAX_EXCERPTS`). Among
    equals, the first field, in the page language; the record's own fields before the names of
    related records, which show only the terms none of its own fields holds."""
    language = get_language() or ""
    candidates = [
        Shown(
            field,
            kind.model._meta.get_field(field).verbose_name,
            Excerpt.around(getattr(record, column, None) or "", terms),
        )
        for field in kind.fields
        for column in _columns(field, language)
    ]
    for index, relation in enumerate(kind.related):
        name = getattr(record, _related_name(index), None)
        if name:
            window = Excerpt.around(name, terms)
            candidates.append(Shown(relation.key, relation.label, window, relation.excerpt))
    unseen = set(terms)
    shown = []
    while unseen and len(shown) < MAX_EXCERPTS:
        best = max(candidates, key=lambda candidate: len(candidate.window.terms & unseen))
        if not best.window.terms & unseen:
            break
        shown.append(best)
        unseen -= best.window.terms
    # Only if the database and Python read a pattern differently: the record's name, unmarked.
    return shown or candidates[:1]


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
