"""Site search: public events, talks, people, organisations, parks and topics.

Every translated field is searched in both languages whatever the page language, with a
case-insensitive substring match (`icontains`), which behaves the same on SQLite and PostgreSQL
and needs no word segmentation for Chinese. Each kind costs one query returning a capped number
of rows, so a search runs a fixed number of queries however large the site grows.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Case, IntegerField, Model, Q, QuerySet, Value, When
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.generic import TemplateView
from modeltranslation.utils import build_localized_fieldname, get_translation_fields

from parks.models import IndustryPark
from summit.models import Event, Organisation, Person, Talk, Topic

MAX_QUERY_LENGTH = 200
# Results of each kind when every kind is searched, and when one kind is asked for.
RESULTS_PER_KIND = 20
RESULTS_OF_ONE_KIND = 100
# Characters of context shown on each side of the match in an excerpt.
EXCERPT_CONTEXT = 60


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
    Kind("talk", Talk, ("title",), ("abstract",)),
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
class Result:
    """One record found: what it is, where it lives, and where and how the query matched it."""

    kind: Kind
    record: Model
    title: str
    url: str
    matched_field: str
    matched_field_label: Promise
    excerpt: SafeString

    @property
    def is_title_match(self) -> bool:
        return self.matched_field in self.kind.title_fields


def clean_query(raw: str) -> str:
    """The query as searched: trimmed, at most `MAX_QUERY_LENGTH` characters.

    (A NUL in it never gets here: website.middleware answers it with 400.)
    """
    return raw.strip()[:MAX_QUERY_LENGTH].strip()


def clean_kind(raw: str | None) -> Kind | None:
    """The kind asked for, or None (every kind) for a missing or unknown one."""
    return KINDS_BY_KEY.get(raw or "")


def result_limit(kind: Kind | None) -> int:
    """How many results of each kind a search returns: more when only one kind is searched."""
    return RESULTS_OF_ONE_KIND if kind else RESULTS_PER_KIND


def search(query: str, kind: Kind | str | None = None) -> list[Result]:
    """Records matching `query`, title matches first, at most `result_limit(kind)` of each kind.

    `kind` is a `Kind` or its key; None or an unknown key searches every kind. `query` is used
    as given: pass it through `clean_query` first. An empty query finds nothing.
    """
    if not query:
        return []
    if isinstance(kind, str):
        kind = clean_kind(kind)
    kinds = [kind] if kind else KINDS
    limit = result_limit(kind)
    results = [result for each in kinds for result in _search_kind(each, query, limit)]
    # Title matches of every kind come before text matches; within that, kinds keep their order
    # and each kind its own ranking (sorted() is stable).
    return sorted(results, key=lambda result: not result.is_title_match)


def full_kinds(results: list[Result], limit: int) -> list[Kind]:
    """Kinds whose results reached `limit`: more records of that kind may match."""
    counts = Counter(result.kind.key for result in results)
    return [kind for kind in KINDS if counts[kind.key] >= limit]


def _search_kind(kind: Kind, query: str, limit: int) -> list[Result]:
    """One query: the kind's records matching in any field, ranked by the first field matched."""
    field_matches = [
        reduce(or_, (Q(**{f"{column}__icontains": query}) for column in get_translation_fields(f)))
        for f in kind.fields
    ]
    rank = Case(
        *(When(match, then=Value(position)) for position, match in enumerate(field_matches)),
        default=Value(len(field_matches)),
        output_field=IntegerField(),
    )
    records = (
        kind.records()
        .filter(reduce(or_, field_matches))
        .annotate(search_rank=rank)
        .order_by("search_rank", *kind.model._meta.ordering)[:limit]
    )
    return [_result(kind, record, query) for record in records]


def _result(kind: Kind, record: Model, query: str) -> Result:
    field = kind.fields[record.search_rank]
    title_field = kind.title_fields[0]
    return Result(
        kind=kind,
        record=record,
        # The translated attribute: the page language, falling back to the other one.
        title=getattr(record, title_field),
        url=record.get_absolute_url(),
        matched_field=field,
        matched_field_label=kind.model._meta.get_field(field).verbose_name,
        excerpt=excerpt(_matching_text(record, field, query), query),
    )


def _matching_text(record: Model, field: str, query: str) -> str:
    """The field's text in the language that matched, the page language preferred."""
    current = build_localized_fieldname(field, get_language() or "")
    columns = sorted(get_translation_fields(field), key=lambda column: column != current)
    texts = [getattr(record, column, None) or "" for column in columns]
    pattern = _pattern(query)
    return next((text for text in texts if pattern.search(text)), texts[0])


def excerpt(text: str, query: str, context: int = EXCERPT_CONTEXT) -> SafeString:
    """A short piece of `text` around the first match of `query`, the match in <mark>.

    Both the text and the match are escaped: only the <mark> element is markup.
    """
    match = _pattern(query).search(text) if query.strip() else None
    if match is None:
        text = _squash(text).strip()
        return format_html("{}", text if len(text) <= 2 * context else text[: 2 * context] + "…")
    before = _squash(text[: match.start()]).lstrip()
    after = _squash(text[match.end() :]).rstrip()
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        "…" if len(before) > context else "",
        before[-context:],
        _squash(match.group()),
        after[:context],
        "…" if len(after) > context else "",
    )


def _pattern(query: str) -> re.Pattern:
    # A case-insensitive match of the query in which a space also matches a line break.
    return re.compile(r"\s+".join(re.escape(word) for word in query.split()), re.IGNORECASE)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


class SearchView(TemplateView):
    """The search page: `?q=` (Chinese or English) and an optional `?kind=` (event, talk, …)."""

    template_name = "website/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw_query = self.request.GET.get("q", "")
        query = clean_query(raw_query)
        kind = clean_kind(self.request.GET.get("kind"))
        results = search(query, kind)
        limit = result_limit(kind)
        context.update(
            query=query,
            query_shortened=len(raw_query.strip()) > MAX_QUERY_LENGTH,
            max_query_length=MAX_QUERY_LENGTH,
            kind=kind,
            kinds=KINDS,
            results=results,
            full_kinds=full_kinds(results, limit),
            result_limit=limit,
        )
        return context
