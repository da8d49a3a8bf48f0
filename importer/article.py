"""Parse a news article exported as plain text by a Chinese science publisher (生物谷 / bioon).

This module is the pure first stage of the importer: it turns bytes into an :class:`Article`
and knows nothing about Django or the database. An export looks like this, blocks separated by
blank lines::

    打开APP                                    <- app promotion, dropped
    聚智共推细胞产业发展,首届张江细胞治疗国际峰会拉开帷幕   <- title
      1. 细胞治疗                              <- category (optional, list-numbered)
    来源:生物谷 2019-11-14 16:29               <- publisher and publication time
    2019年11月14日,首届……                     <- teaser: first paragraph + start of the next, cut
    2019年11月14日,首届……。                   <- body: paragraphs and headings
    张江细胞产业发展与时代同行
    ……
    版权声明 本网站所有……                      <- licence, kept apart from the body
    87%用户都在用生物谷APP …… 请扫描二维码下载->  <- app promotion, dropped

The rules, in the order they are applied:

1. Lines are stripped of surrounding whitespace (including NBSP and U+3000). A blank line ends a
   block; consecutive non-blank lines form one block whose lines are joined with ``"\\n"``.
2. A line that promotes the publisher's app (mentions ``APP``, in any case, together with 下载,
   打开 or 扫描, and does not end like a sentence) is dropped wherever it appears and acts as a
   block separator.
3. The first line starting with ``来源`` and a colon (``:`` or ``:``) is the source line. The
   lines before it are the header: a list-numbered line (``1. 细胞治疗``) is the category, the first
   other line is the title.
4. Everything after the source line is the body. Blocks starting with ``版权声明`` are the licence.
5. A leading body block is a teaser, and is dropped, when its text (whitespace removed, trailing
   ellipsis removed) is a prefix of the text of the blocks after it, and it either covers the
   whole next block or is not shaped like a heading (see 6), so a short heading that happens
   to begin like its paragraph is kept.
6. A block is a heading when it is a single line of at most :data:`HEADING_MAX_LENGTH`
   characters that does not end with sentence punctuation (。!?;:… and their ASCII forms,
   looking through closing quotation marks). Every other block is a paragraph.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

# The site's one definition (plain Python, no Django): what the models refuse, we refuse first.
from summit.text import CONTROL_CHARACTERS

__all__ = [
    "CONTROL_CHARACTERS",
    "HEADING_MAX_LENGTH",
    "PUBLISHER_TIMEZONE",
    "Article",
    "ArticleError",
    "Block",
    "decode",
    "normalise_whitespace",
    "parse_article",
    "read_article",
    "require_file",
]

PUBLISHER_TIMEZONE = ZoneInfo("Asia/Shanghai")
"""The publisher is in mainland China and prints local times without an offset."""

HEADING_MAX_LENGTH = 60
"""The longest line, in characters, that can still be taken for a section heading."""


# Full-width forms written as escapes: beside their ASCII twins they are hard to tell apart.
_SENTENCE_END = frozenset("。\uff01\uff1f\uff1b\uff1a….!?;:")
# A quoted sentence ends in its closing quotation mark (……发展。”), so look through it.
_CLOSING_QUOTES = "”\"’'」』"
_ELLIPSIS = ".…"

_SOURCE_LINE = re.compile(r"来源\s*[::]\s*(?P<rest>.*)")
_SOURCE_REST = re.compile(
    r"(?P<publisher>.*?)\s*"
    r"(?P<year>[0-9]{4})[-/](?P<month>[0-9]{1,2})[-/](?P<day>[0-9]{1,2})"
    r"\s+(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{1,2})(?::(?P<second>[0-9]{1,2}))?"
)
# The space after the dot keeps a title such as "3.5亿元融资……" from reading as a list item.
_CATEGORY_LINE = re.compile(r"[0-9]+(?:[..]\s+|、\s*)(?P<name>\S.*)")
# Letters around "APP" would make it part of another word (e.g. "APPLE"); CJK may touch it.
_APP_WORD = re.compile(r"(?<![A-Za-z])APP(?![A-Za-z])", re.IGNORECASE)
_APP_ACTIONS = ("下载", "打开", "扫描")
_LICENCE_MARKER = "版权声明"
_LICENCE_LABEL = re.compile(r"版权声明\s*[::]?")
# What stat() can say a path is besides a regular file, for messages.
_FILE_TYPES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class ArticleError(ValueError):
    """The one error type the parser raises; message is a one-line human reason."""


@dataclass(frozen=True)
class Block:
    """A unit of the article body: a section heading or a paragraph of prose.

    ``text`` is the source text without the whitespace around each line; a paragraph wrapped over
    several source lines keeps those line breaks as ``"\\n"``.
    """

    kind: Literal["heading", "paragraph"]
    text: str


@dataclass(frozen=True)
class Article:
    """One parsed news article: what the importer records as the source of every fact it stores.

    ``published_at`` is timezone-aware in Asia/Shanghai. ``category`` and ``licence`` are ``""``
    when the export has none. ``blocks`` is the body without teaser, licence or app promotions.
    """

    title: str
    category: str
    publisher: str
    published_at: datetime
    blocks: tuple[Block, ...]
    licence: str

    @property
    def body(self) -> str:
        """The body as text: the blocks' text joined by blank lines."""
        return "\n\n".join(block.text for block in self.blocks)

    def contains(self, quote: str) -> bool:
        """Whether ``quote`` appears verbatim in one block of the body, ignoring whitespace runs.

        Both sides go through :func:`normalise_whitespace`, so a quote copied across a line break
        of the source still matches. The test is made block by block, so a quote never matches
        across a paragraph or heading boundary. An empty (or whitespace-only) quote is ``False``:
        it would be evidence of nothing.
        """
        needle = normalise_whitespace(quote)
        if not needle:
            return False
        return any(needle in normalise_whitespace(block.text) for block in self.blocks)


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace (including U+3000 and NBSP) to one space, and strip.

    No other character is touched (no NFKC): the article mixes full-width and ASCII punctuation
    and quoted evidence must match it verbatim.
    """
    return " ".join(text.split())


def decode(raw: bytes) -> str:
    """Decode an export: UTF-8 with or without BOM, else GB18030; CRLF and CR become LF.

    Raises :class:`ArticleError` for binary data (a NUL byte), UTF-16 and bytes that are neither
    UTF-8 nor GB18030, naming the problem and where it is.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError("the file is UTF-16 text; save it as UTF-8")
    nul_offset = raw.find(b"\x00")
    if nul_offset != -1:
        raise ArticleError(f"the file is binary data, not text (NUL byte at offset {nul_offset})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as gb_error:
            raise ArticleError(
                "the file is neither UTF-8 nor GB18030 text "
                f"(invalid byte {raw[utf8_error.start]:#04x} at offset {utf8_error.start} "
                f"for UTF-8, at offset {gb_error.start} for GB18030)"
            ) from None
    return _normalise_newlines(text)


def parse_article(text: str) -> Article:
    """Parse the text of an export into an :class:`Article` (rules in the module docstring).

    Raises :class:`ArticleError` with a one-line reason when the text holds a control character
    (see :data:`CONTROL_CHARACTERS`) or a required part is missing: no source line, no publisher
    or an unparseable publication time in it, no title before it, or no body after it.
    """
    text = _normalise_newlines(text).removeprefix("\ufeff")
    _refuse_control_characters(text)
    lines = [line.strip() for line in text.split("\n")]
    # A dropped promotion becomes a blank line so it never glues two blocks together.
    lines = ["" if _is_app_promotion(line) else line for line in lines]

    source = next(
        (
            (index, match)
            for index, match in enumerate(map(_SOURCE_LINE.match, lines))
            if match is not None
        ),
        None,
    )
    if source is None:
        raise ArticleError("no source line ('来源:<publisher> YYYY-MM-DD HH:MM') found")
    source_index, source_match = source
    publisher, published_at = _parse_source_line(source_match)
    title, category = _parse_header([line for line in lines[:source_index] if line])

    blocks, licence = _split_licence(_group_blocks(lines[source_index + 1 :]))
    blocks = _drop_teaser(blocks)
    if not blocks:
        raise ArticleError("no body text after the source line")

    return Article(
        title=title,
        category=category,
        publisher=publisher,
        published_at=published_at,
        blocks=tuple(Block(kind=_block_kind(block), text=block) for block in blocks),
        licence=licence,
    )


def read_article(path: Path) -> Article:
    """Read, decode and parse the export at ``path``.

    Every failure, including an :class:`OSError` while reading and a path that is not a regular
    file (see :func:`require_file`), is raised as an :class:`ArticleError` whose message starts
    with the path.
    """
    require_file(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise ArticleError(f"{path}: cannot read the file ({reason})") from error
    try:
        return parse_article(decode(raw))
    except ArticleError as error:
        raise ArticleError(f"{path}: {error}") from error


def require_file(path: Path) -> None:
    """Refuse ``path`` unless it is a regular file or a symbolic link to one, without opening it.

    Opening a named pipe to read it waits for a writer that never comes, and a device may never
    end, so what the path is comes from ``stat()`` alone. Raises :class:`ArticleError` starting
    with the path, saying what is there instead (a broken symbolic link, a folder, a pipe…).
    """
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if isinstance(error, FileNotFoundError) and path.is_symlink():
            reason = f"broken symbolic link to {path.readlink()}"
        else:
            reason = error.strerror or str(error)
        raise ArticleError(f"{path}: cannot read the file ({reason})") from None
    if not stat.S_ISREG(mode):
        kind = next((name for is_kind, name in _FILE_TYPES if is_kind(mode)), "a special file")
        raise ArticleError(f"{path}: cannot read the file (it is {kind}, not a regular file)")


def _refuse_control_characters(text: str) -> None:
    match = CONTROL_CHARACTERS.search(text)
    if match is None:
        return
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    raise ArticleError(
        f"contains the control character U+{ord(match.group()):04X} at line {line}, column {column}"
    )


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSING_QUOTES)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _is_app_promotion(line: str) -> bool:
    # A sentence that reports on an app (…APP已被下载百万次。) is content, not an advert.
    return (
        _APP_WORD.search(line) is not None
        and any(action in line for action in _APP_ACTIONS)
        and not _ends_sentence(line)
    )


def _parse_source_line(source: re.Match[str]) -> tuple[str, datetime]:
    line = source.string
    rest = source["rest"]
    stamp = _SOURCE_REST.fullmatch(rest)
    if stamp is None:
        raise ArticleError(
            f"source line {line!r} has no publication time in the form YYYY-MM-DD HH:MM"
        )
    publisher = normalise_whitespace(stamp["publisher"])
    if not publisher:
        raise ArticleError(f"source line {line!r} names no publisher")
    try:
        published_at = datetime(
            int(stamp["year"]),
            int(stamp["month"]),
            int(stamp["day"]),
            int(stamp["hour"]),
            int(stamp["minute"]),
            int(stamp["second"] or 0),
            tzinfo=PUBLISHER_TIMEZONE,
        )
    except ValueError as error:
        when = rest[len(stamp["publisher"]) :].strip()
        raise ArticleError(
            f"source line {line!r} has an impossible publication time {when!r} ({error})"
        ) from None
    return publisher, published_at


def _parse_header(lines: list[str]) -> tuple[str, str]:
    title = ""
    category = ""
    for line in lines:
        numbered = _CATEGORY_LINE.fullmatch(line)
        if numbered is not None and not category:
            category = normalise_whitespace(numbered["name"])
        elif not title:
            title = normalise_whitespace(line)
    if not title:
        raise ArticleError("no title before the source line")
    return title, category


def _group_blocks(lines: list[str]) -> list[str]:
    blocks: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    return blocks


def _split_licence(blocks: list[str]) -> tuple[list[str], str]:
    body: list[str] = []
    licence: list[str] = []
    absorb_next = False
    for block in blocks:
        if absorb_next:
            licence.append(block)
            absorb_next = False
        elif block.startswith(_LICENCE_MARKER):
            licence.append(block)
            # A bare "版权声明" line is a label whose notice follows in the next block.
            absorb_next = _LICENCE_LABEL.fullmatch(block) is not None
        else:
            body.append(block)
    return body, "\n\n".join(licence)


def _without_whitespace(text: str) -> str:
    return "".join(text.split())


def _drop_teaser(blocks: list[str]) -> list[str]:
    if len(blocks) < 2:
        return blocks
    first = _without_whitespace(blocks[0])
    # Some exports mark the cut with an ellipsis that the full text does not have.
    teaser = first.rstrip(_ELLIPSIS) or first
    following = _without_whitespace("".join(blocks[1:]))
    if not following.startswith(teaser):
        return blocks
    covers_next_block = len(teaser) >= len(_without_whitespace(blocks[1]))
    if covers_next_block or _block_kind(blocks[0]) == "paragraph":
        return blocks[1:]
    return blocks


def _block_kind(text: str) -> Literal["heading", "paragraph"]:
    if "\n" in text or len(text) > HEADING_MAX_LENGTH or _ends_sentence(text):
        return "paragraph"
    return "heading"
