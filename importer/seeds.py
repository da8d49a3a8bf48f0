"""Seeds: an article and its annotation, read from disk (the command) or from the admin's form,
with every problem found while reading them. Nothing here touches the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from importer.annotations import Annotation, check_annotation_text, duplicate_keys, read_annotation
from importer.article import Article, ArticleError, read_article, require_file
from importer.kinds import CHOICES, SOURCE_KIND
from importer.problems import Problem


@dataclass(frozen=True)
class Seed:
    """An article file, parsed, with its checked annotation if it has one."""

    path: Path
    article: Article
    annotation: Annotation | None

    @property
    def identity(self) -> str:
        return f"{SOURCE_KIND}/{self.path.stem}"


def find_articles(path: Path) -> list[Path]:
    """The article files at `path`: the file itself, or every ``*.txt`` in the folder.

    Anything else (a named pipe, a device, a broken symbolic link, also as a ``*.txt`` in the
    folder) is refused without being opened, so the import never waits on it.
    """
    if not path.exists() and not path.is_symlink():
        raise ArticleError(f"{path}: no such file or folder")
    if path.is_dir():
        articles = sorted(path.glob("*.txt"))
        if not articles:
            raise ArticleError(f"{path}: no articles (*.txt files) in this folder")
        return articles
    require_file(path)
    if path.suffix == ".toml" and path.with_suffix(".txt").exists():
        return [path.with_suffix(".txt")]
    return [path]


def load_seeds(
    paths: Sequence[Path], progress: Callable[[str], None] | None = None
) -> tuple[list[Seed], list[Problem]]:
    """Parse every article and its annotation: the seeds that could be read, and every problem
    found in any of them (keys defined twice included)."""
    seeds: list[Seed] = []
    problems: list[Problem] = []
    for number, path in enumerate(paths, start=1):
        if progress:
            progress(f"[{number}/{len(paths)}] reading {path.name}")
        try:
            article = read_article(path)
        except ArticleError as error:
            problems.append(Problem(path, str(error).removeprefix(f"{path}: ")))
            continue
        annotation_path = path.with_suffix(".toml")
        annotation = None
        # A broken link is an annotation gone missing by mistake, not an article without one.
        if annotation_path.exists() or annotation_path.is_symlink():
            annotation, found = read_annotation(annotation_path, article, CHOICES)
            problems += found
            if annotation is None:
                continue
        seeds.append(Seed(path, article, annotation))
    problems += duplicate_keys(seed.annotation for seed in seeds if seed.annotation)
    return seeds, problems


def seed_from_text(
    name: str, article: Article, annotation_text: str
) -> tuple[Seed | None, list[Problem]]:
    """A seed from an article already parsed and its annotation as text (the admin's upload):
    the seed (None when the annotation is not even TOML) and every problem of the annotation.

    `name` is the article's file name; the annotation is named after it in messages. An empty
    annotation means none, as a missing file does for the command.
    """
    path = Path(name)
    if not annotation_text.strip():
        return Seed(path, article, None), []
    annotation, problems = check_annotation_text(
        annotation_text, path.with_suffix(".toml"), article, CHOICES
    )
    if annotation is None:
        return None, problems
    return Seed(path, article, annotation), problems
