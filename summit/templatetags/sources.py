"""Sources notes: a section of a page ends with the sentences its facts come from, each once.

A page starts its notes with `{% source_notes as notes %}`. Each line that shows a record writes
`{% cite notes record %}`: small numbered markers (¹ ²) linking to the sentences that support it.
The section ends with `{% sources notes %}`: one note quoting every sentence first cited since the
last note, grouped by article, with a link to the article. A sentence already quoted higher up
the page keeps its number and is not quoted again, so a short page reads calmly even when all of
its lines come from one sentence. `{% sources notes record … %}` also takes in the citations of
records shown just above without markers (a page's own record, under its header).

A partial shown on several pages (figures, quotes, a session) asks for the page's notes with a
prefix of its own, `{% source_notes "figures" as notes %}`: it gets the page's notes if the page
started them, and otherwise notes of its own whose anchors cannot clash with another partial's.

Only citations already loaded with the record (`record.cited`, see `summit.queries.citations`)
are read: writing the notes never queries the database.
"""

import re
from dataclasses import dataclass, field

from django import template
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from summit.models import Source

register = template.Library()


@dataclass
class Sentence:
    """One evidence sentence of one article, numbered in the order the page first cites it."""

    number: int
    anchor: str
    evidence: str
    source: Source


@dataclass
class SourceGroup:
    """The sentences of one article in a note, and how the note names that article."""

    source: Source
    sentences: list[Sentence] = field(default_factory=list)
    # Publisher and date are given the first time a page names the article; later notes link
    # its title only.
    first: bool = True

    def title(self) -> str:
        """The article's title as a link, in the quotation marks of the page's language."""
        link = format_html('<a href="{}">{}</a>', self.source.get_absolute_url(), self.source)
        marks = conditional_escape(pgettext("article title in a sources note", "%(title)s"))
        return mark_safe(marks.replace("%(title)s", link))


class SourceNotes:
    """The sentences a page has cited so far, and those no note has quoted yet."""

    def __init__(self, prefix: str = "source"):
        self.prefix = prefix
        self.sentences: dict[tuple[int, str], Sentence] = {}
        self.unquoted: list[Sentence] = []
        self.notes_written = 0
        self.named_sources: set[int] = set()

    def sentences_of(self, records) -> list[Sentence]:
        """The sentences supporting a record, or a list of records shown together, numbering
        those the page has not cited before."""
        found = []
        many = isinstance(records, list | tuple | QuerySet)
        for citation in (c for record in (records if many else [records]) for c in record.cited):
            # The same sentence copied twice may differ in its line breaks: it is one sentence.
            key = (citation.source_id, " ".join(citation.evidence.split()))
            sentence = self.sentences.get(key)
            if sentence is None:
                number = len(self.sentences) + 1
                sentence = Sentence(
                    number, f"{self.prefix}-{number}", citation.evidence, citation.source
                )
                self.sentences[key] = sentence
                self.unquoted.append(sentence)
            if sentence not in found:
                found.append(sentence)
        return sorted(found, key=lambda sentence: sentence.number)

    def take_unquoted(self) -> list[SourceGroup]:
        """The sentences no note has quoted yet, by article in order of first citation."""
        groups: dict[int, SourceGroup] = {}
        for sentence in self.unquoted:
            source = sentence.source
            if source.pk not in groups:
                groups[source.pk] = SourceGroup(source, first=source.pk not in self.named_sources)
                self.named_sources.add(source.pk)
            groups[source.pk].sentences.append(sentence)
        self.unquoted = []
        return list(groups.values())


@register.simple_tag(takes_context=True)
def source_notes(context, *prefix) -> SourceNotes:
    """The page's notes if it started them; otherwise new ones whose anchors start with
    `prefix` (its parts joined by hyphens: `{% source_notes "session" session.pk as notes %}`)."""
    notes = context.get("notes")
    if isinstance(notes, SourceNotes):
        return notes
    return SourceNotes("-".join(str(part) for part in prefix) or "source")


CHINESE = re.compile("[\u3400-\u9fff]")


@register.filter
def text_language(text: str) -> str:
    """The language of a quoted sentence, for its `lang` attribute: sources keep their own
    language on every page, and a screen reader should read a Chinese sentence as Chinese."""
    return "zh-Hans" if CHINESE.search(text) else ""


def _notes(notes) -> SourceNotes:
    if not isinstance(notes, SourceNotes):
        # A template that cites without notes would lose its sources silently: fail loudly.
        raise template.TemplateSyntaxError(
            "Start the page's notes with {% source_notes as notes %} before citing."
        )
    return notes


@register.simple_tag
def cite(notes, record) -> str:
    """Markers linking a line to the sentences that support `record` (or each of a list of
    records shown together); nothing if none do."""
    return markers(_notes(notes).sentences_of(record))


def markers(sentences: list[Sentence]) -> str:
    if not sentences:
        return ""
    label = pgettext("a marker linking a line to its sentence in a sources note", "Source")
    links = format_html_join(
        ",",
        '<a href="#{}"><span class="visually-hidden">{} </span>{}</a>',
        ((sentence.anchor, label, sentence.number) for sentence in sentences),
    )
    return format_html('<sup class="source-ref">{}</sup>', links)


@register.simple_tag(takes_context=True)
def sources(context, notes, *records) -> str:
    """The note quoting every sentence not quoted yet (those of `records` included)."""
    notes = _notes(notes)
    earlier = []
    for record in records:
        for sentence in notes.sentences_of(record):
            if sentence not in notes.unquoted and sentence not in earlier:
                earlier.append(sentence)
    groups = notes.take_unquoted()
    if not groups and not earlier:
        return ""
    notes.notes_written += 1
    return render_to_string(
        "includes/sources_note.html",
        {
            "groups": groups,
            # The records' sentences a note higher up the page quoted already.
            "earlier": markers(earlier),
            "label_id": f"{notes.prefix}-note-{notes.notes_written}",
            "comma": context.get("comma", ", "),
        },
    )
