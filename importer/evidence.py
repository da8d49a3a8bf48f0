"""Evidence quotes: finding them in the article, and, when one is not there, the passage that
comes closest and what differs.

Quotes are copied by hand from a Chinese article that mixes full-width and half-width
punctuation, so the usual mistake is a comma of the other width, a character left out or one
too many. :func:`closest_passage` finds the passage of one block of the article most like the
quote (difflib over windows of the quote's length) and names each difference. Pure Python: no
Django.

The search costs about the article's length times the quote's. Past :data:`WORK_BUDGET` (a long
article) it looks only around the places where a piece of the quote is found verbatim, and one
file gets at most :data:`MAX_HINTS` searches, so checking a 1 MB article with many wrong quotes
still takes about a second.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from importer.article import Article, normalise_whitespace

__all__ = ["EvidenceIndex", "Passage", "Work", "closest_passage"]

# A passage less alike than this is no hint: the quote is probably from another article.
MIN_SIMILARITY = 0.5
# Differences named in one message; the passage itself shows the rest.
MAX_DIFFERENCES = 3
# How much shorter or longer than the quote the closest passage may be.
SLACK = 3
# Windows of the coarse pass looked at closely.
CANDIDATES = 3
# Article characters times quote characters a search may go through; beyond, it is narrowed to
# the places around pieces of the quote found verbatim. A 10 KB article and a 200-character
# quote are well within it.
WORK_BUDGET = 4_000_000
# How many pieces of the quote are looked for, and how many places each may give.
ANCHORS = 8
PLACES_PER_ANCHOR = 4
# Quotes of one file that get a closest passage; the others get the general advice.
MAX_HINTS = 10


@dataclass
class Work:
    """What the searches of one file did: searched in full, narrowed to the places around
    pieces of the quote, or not done (past :data:`MAX_HINTS`), and the windows compared."""

    searches: int = 0
    narrowed: int = 0
    skipped: int = 0
    windows: int = 0


@dataclass(frozen=True)
class Passage:
    """The article's text closest to a quote, and what differs, as short phrases."""

    text: str
    differences: tuple[str, ...]

    def hint(self) -> str:
        """One line for a problem's fix: the passage and the differences."""
        hint = f"closest passage in the article: {self.text!r}"
        if self.differences:
            hint += f" ({'; '.join(self.differences)})"
        return hint


class EvidenceIndex:
    """The parts of an article evidence may quote: the title, each body block and the licence
    notice (which names the publisher), whitespace normalised. A quote never spans two parts."""

    def __init__(self, article: Article):
        parts = [article.title, *(block.text for block in article.blocks), article.licence]
        self.parts = tuple(normalise_whitespace(part) for part in parts if part)
        # Joined with a character no quote can hold, so one `in` tests every part at once.
        self._joined = "\x00".join(self.parts)
        self.work = Work()

    def contains(self, quote: str) -> bool:
        """Whether `quote`, whitespace normalised, is verbatim in one part."""
        needle = normalise_whitespace(quote)
        return bool(needle) and needle in self._joined

    def closest(self, quote: str) -> Passage | None:
        """The passage most like `quote`, or None when nothing is alike enough to help (or this
        file had its :data:`MAX_HINTS` searches already)."""
        if self.work.searches + self.work.narrowed >= MAX_HINTS:
            self.work.skipped += 1
            return None
        return closest_passage(quote, self.parts, self.work)


def closest_passage(quote: str, parts: Sequence[str], work: Work | None = None) -> Passage | None:
    """The passage of one of `parts` most like `quote`, with what differs; None when no passage
    is at least :data:`MIN_SIMILARITY` alike. `work` counts what the search did."""
    needle = normalise_whitespace(quote)
    if not needle:
        return None
    work = work if work is not None else Work()
    if sum(map(len, parts)) * len(needle) > WORK_BUDGET:
        parts = _around_anchors(needle, parts)
        work.narrowed += 1
    else:
        work.searches += 1
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(needle)
    size = len(needle)
    # A coarse pass over windows of the quote's length in every part, then the best few moved
    # and resized character by character.
    step = max(1, size // 4)
    coarse = [
        window
        for index, part in enumerate(parts)
        for window in _coarse_windows(index, len(part), size, step)
    ]
    best = _best_windows(parts, coarse, matcher, size, CANDIDATES, work)
    # Moved character by character at the quote's length, then resized around the best start.
    moved = [
        (index, start, min(size, len(parts[index])))
        for _score, (index, start0, _length) in best
        for start in range(max(0, start0 - step), start0 + step + 1)
        if start + min(size, len(parts[index])) <= len(parts[index])
    ]
    if not moved:
        return None
    _score, (index, start0, _length) = _best_windows(parts, moved, matcher, size, 1, work)[0]
    fine = [
        (index, start, length)
        for start in range(max(0, start0 - SLACK), start0 + SLACK + 1)
        for length in range(max(1, size - SLACK), size + SLACK + 1)
        if start + length <= len(parts[index])
    ]
    if not fine:
        return None
    score, (index, start, length) = _best_windows(parts, fine, matcher, size, 1, work)[0]
    if score < MIN_SIMILARITY:
        return None
    text = parts[index][start : start + length]
    return Passage(text, _differences(text, needle))


def _around_anchors(needle: str, parts: Sequence[str]) -> list[str]:
    """The stretches of `parts` around the places where a piece of `needle` is found verbatim:
    a quote with a mistake or two still has most of its pieces right."""
    length = max(2, len(needle) // ANCHORS)
    margin = len(needle) + SLACK
    stretches = []
    for offset in range(0, len(needle) - length + 1, length):
        anchor = needle[offset : offset + length]
        found = 0
        for part in parts:
            start = part.find(anchor)
            while start != -1 and found < PLACES_PER_ANCHOR:
                begin = max(0, start - offset - margin // 2)
                stretches.append(part[begin : start - offset + margin + margin // 2])
                found += 1
                start = part.find(anchor, start + 1)
            if found == PLACES_PER_ANCHOR:
                break
    return list(dict.fromkeys(stretches))


def _coarse_windows(index: int, length: int, size: int, step: int) -> list[tuple[int, int, int]]:
    if length <= size + SLACK:
        return [(index, 0, length)]
    last = length - size
    return [(index, start, size) for start in sorted({*range(0, last + 1, step), last})]


def _best_windows(
    parts: Sequence[str],
    windows: list[tuple[int, int, int]],
    matcher: difflib.SequenceMatcher,
    size: int,
    keep: int,
    work: Work,
) -> list[tuple[float, tuple[int, int, int]]]:
    """The `keep` windows (part, start, length) most like the quote, best first; ties go to the
    window closest to the quote's length, then the earliest."""
    ranked: list[tuple[tuple[float, int], tuple[int, int, int]]] = []
    work.windows += len(windows)
    for window in windows:
        index, start, length = window
        matcher.set_seq1(parts[index][start : start + length])
        closeness = -abs(length - size)
        # quick_ratio() is a cheap upper bound of ratio(): most windows are ruled out by it.
        if len(ranked) == keep and (matcher.quick_ratio(), closeness) <= ranked[-1][0]:
            continue
        ranked.append(((matcher.ratio(), closeness), window))
        ranked.sort(key=lambda item: item[0], reverse=True)
        del ranked[keep:]
    return [(key[0], window) for key, window in ranked]


def _differences(passage: str, quote: str) -> tuple[str, ...]:
    opcodes = [
        opcode
        for opcode in difflib.SequenceMatcher(None, passage, quote, autojunk=False).get_opcodes()
        if opcode[0] != "equal"
    ]
    phrases = [_phrase(tag, passage[i1:i2], quote[j1:j2]) for tag, i1, i2, j1, j2 in opcodes]
    if len(phrases) > MAX_DIFFERENCES:
        more = len(phrases) - MAX_DIFFERENCES
        phrases = [*phrases[:MAX_DIFFERENCES], f"{more} more difference{'s' if more > 1 else ''}"]
    return tuple(phrases)


def _phrase(tag: str, in_article: str, in_quote: str) -> str:
    if tag == "delete":
        return f"the quote lacks {in_article!r}"
    if tag == "insert":
        return f"the quote has an extra {in_quote!r}"
    article_width, quote_width = _width(in_article), _width(in_quote)
    if article_width and quote_width and article_width != quote_width:
        # A lone punctuation mark is hard to tell from its twin by eye: say which width it is.
        return (
            f"the article has {in_article!r} ({article_width}) "
            f"where the quote has {in_quote!r} ({quote_width})"
        )
    phrase = f"the article has {in_article!r} where the quote has {in_quote!r}"
    if unicodedata.normalize("NFKC", in_article) == unicodedata.normalize("NFKC", in_quote):
        phrase += " (full-width and half-width forms)"
    return phrase


def _width(text: str) -> str:
    """ "full-width" or "half-width" for one punctuation mark or symbol, else ""."""
    if len(text) != 1 or text.isalnum():
        return ""
    widths = {"F": "full-width", "W": "full-width", "H": "half-width", "Na": "half-width"}
    return widths.get(unicodedata.east_asian_width(text), "")
