"""What is wrong with an article or its annotation: every problem of a run, each with its fix.

The checker and the writer collect :class:`Problem` values instead of stopping at the first, so
one run (or one "Check" in the admin) reports everything there is to correct. Pure Python: no
Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from importer.article import ArticleError

__all__ = ["Problem", "ProblemsFound", "describe"]


@dataclass(frozen=True)
class Problem:
    """One thing to correct: in which file, which record and field, what is wrong, and the fix.

    ``text`` is the one-line message the command has always printed after the file name (it
    names the record and field itself); ``record`` (``"people.yuan-tao"``, ``"source"``) and
    ``field`` repeat them for the admin's table, empty when the problem concerns the whole
    file. ``fix`` says what to do, when there is more to say than the message.
    """

    path: Path
    text: str
    record: str = ""
    field: str = ""
    fix: str = ""

    def __str__(self) -> str:
        line = f"{self.path}: {self.text}"
        return f"{line}; {self.fix}" if self.fix else line


def describe(problems: Sequence[Problem]) -> str:
    """The problems one per line, in the order they were found."""
    return "\n".join(str(problem) for problem in problems)


class ProblemsFound(ArticleError):
    """An import found problems and wrote nothing; ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__(describe(self.problems))
