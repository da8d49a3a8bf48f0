"""A head start on an annotation: what can be written from the article alone, for staff to confirm.

The skeleton holds the ``[source]`` table, and, for every record already on the site whose name
(in either language) appears in the article, a candidate table naming it by its slug with the
sentence it was found in as evidence. Candidates are commented out: a name in the text is a hint,
not a fact, so staff uncomment the ones the article really supports and delete the rest. Nothing
else is guessed. Pure Python: the records come in as :class:`KnownRecord` values (see
``importer/catalogue.py`` for the database's).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from importer.article import PUBLISHER_TIMEZONE, Article, normalise_whitespace

__all__ = ["KnownRecord", "build_skeleton", "sentences"]

# Where a sentence ends; a long one is cut further at commas, so evidence stays a clause.
# A quoted sentence ends after its closing quotation mark: 表示:“……核心区。”
_SENTENCE_END = re.compile(
    r"(?:(?<=[。\uff01\uff1f\uff1b!?;])(?![”\"’」』])|(?<=[。\uff01\uff1f\uff1b!?;][”\"’」』]))"
)
_CLAUSE_END = re.compile(r"(?<=[,\uff0c])")
LONG_SENTENCE = 80
# Shorter names match too much by chance (a two-letter Latin abbreviation inside a word).
MIN_CJK_NAME = 2
MIN_LATIN_NAME = 3

KIND_LABELS = {"people": "Person", "organisations": "Organisation", "parks": "Park"}


@dataclass(frozen=True)
class KnownRecord:
    """A record already on the site that an annotation may name: its kind (``people``,
    ``organisations``, ``parks``), the key to use for it in the annotation, its slug, its names
    in every language, and whether a key of its own already makes it known to the importer
    (``imported``; otherwise only the slug table does)."""

    kind: str
    key: str
    slug: str
    names: tuple[str, ...]
    imported: bool = False

    @property
    def label(self) -> str:
        """Its names, the first with the others in brackets: "田志刚 (Tian Zhigang)"."""
        first, *others = dict.fromkeys(name for name in self.names if name)
        return f"{first} ({', '.join(others)})" if others else first


@dataclass(frozen=True)
class _Candidate:
    record: KnownRecord
    position: tuple[int, int]
    sentence: str


def sentences(article: Article) -> list[str]:
    """The article's title, body and licence notice cut into sentences (long ones into clauses),
    whitespace normalised: each is verbatim evidence the importer finds."""
    parts = [article.title, *(block.text for block in article.blocks), article.licence]
    found = []
    for part in parts:
        for sentence in _SENTENCE_END.split(normalise_whitespace(part)):
            pieces = _CLAUSE_END.split(sentence) if len(sentence) > LONG_SENTENCE else [sentence]
            found += [piece.strip() for piece in pieces if piece.strip()]
    return found


def build_skeleton(article: Article, file_name: str, known: Iterable[KnownRecord]) -> str:
    """The skeleton annotation (TOML text) for `article`, read from `file_name`."""
    text = sentences(article)
    candidates = sorted(
        (candidate for record in known if (candidate := _find(record, text)) is not None),
        key=lambda candidate: (candidate.position, candidate.record.kind, candidate.record.key),
    )
    publisher = next(
        (
            record
            for record in known
            if record.kind == "organisations" and article.publisher in record.names
        ),
        None,
    )
    published = article.published_at.astimezone(PUBLISHER_TIMEZONE).strftime("%Y-%m-%d %H:%M")
    lines = [
        f"# Annotation for {file_name}: a skeleton made from the article alone.",
        f"# The importer reads the title ({article.title}), the publisher ({article.publisher})",
        f"# and the time of publication ({published}, Asia/Shanghai) from the article itself.",
        "# Records already on the site whose names appear in the text follow [source], each with",
        "# the sentence it was found in. They are commented out: uncomment the ones this article",
        "# is evidence for, delete the others, then add what else it says (seeds/README.md).",
        "",
        "[source]",
        'title_en = ""  # the title in English',
    ]
    if publisher is not None:
        note = "" if publisher.imported else f", with [organisations.{publisher.key}] below"
        lines.append(
            f"# publisher = {_toml(publisher.key)}  # {publisher.label}, named in the source "
            f"line: uncomment to confirm{note}"
        )
    lines.append(
        "licensed_for_publication = false  # true only if the publisher allows the full text"
    )
    if not candidates:
        lines += [
            "",
            "# No person, organisation or park on the site is named in this article.",
        ]
    for candidate in candidates:
        record = candidate.record
        lines += [
            "",
            f"# {KIND_LABELS.get(record.kind, record.kind)} on the site: {record.label}",
            f"# [{record.kind}.{record.key}]",
            f"# slug = {_toml(record.slug)}",
            f"# evidence = {_toml(candidate.sentence)}",
        ]
    return "\n".join(lines) + "\n"


def _find(record: KnownRecord, text: list[str]) -> _Candidate | None:
    best = None
    for name in dict.fromkeys(normalise_whitespace(name) for name in record.names):
        pattern = _name_pattern(name)
        if pattern is None:
            continue
        for index, sentence in enumerate(text):
            match = pattern.search(sentence)
            if match is not None:
                found = _Candidate(record, (index, match.start()), sentence)
                if best is None or found.position < best.position:
                    best = found
                break
    return best


def _name_pattern(name: str) -> re.Pattern[str] | None:
    if not name:
        return None
    if name.isascii():
        if len(name) < MIN_LATIN_NAME:
            return None
        # A Latin name is a whole word ("CAS" is not in "CASE"), and the article may leave out
        # a space ("Bruce L.Levine" for "Bruce L. Levine").
        spaced = r"\s*".join(re.escape(word) for word in name.split(" "))
        return re.compile(rf"(?<![A-Za-z0-9]){spaced}(?![A-Za-z0-9])")
    if len(name) < MIN_CJK_NAME:
        return None
    return re.compile(re.escape(name))


def _toml(text: str) -> str:
    # A JSON string is a TOML basic string: quotes, backslashes and control characters escaped.
    return json.dumps(text, ensure_ascii=False)
