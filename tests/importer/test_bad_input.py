"""import_seeds refuses input that is not text or not a file, without opening what is not a file.

Every refusal is one line naming the file (and the record and field where there is one), and
leaves the database as an earlier import left it.
"""

import os
import signal
import socket
from pathlib import Path

import pytest

from summit.models import Person
from tests.importer.conftest import database_state, refused, run

pytestmark = pytest.mark.django_db

ARTICLE = """张江峰会开幕

来源:生物谷 2019-11-14 16:29

首届峰会在张江科学城揭开帷幕,由上海药物研究所主办。

袁涛表示:“园区将打造细胞产业核心区。”
"""

# What the database holds before each broken import.
IMPORTED_ANNOTATION = """
[organisations.imported]
name = "上海药物研究所"
evidence = "由上海药物研究所主办"
"""

ANNOTATION = """
[source]
title_en = "Summit opens"

[organisations.test-simm]
name = "上海药物研究所"
kind = "institute"
evidence = "由上海药物研究所主办"

[people.test-yuan-tao]
name = "袁涛"
bio = "研究员"
evidence = ["袁涛表示"]

[affiliations.test-yuan-tao-simm]
person = "test-yuan-tao"
organisation = "test-simm"
evidence = "袁涛表示"
"""

# Long enough for a slow machine, short enough that a hang fails the test instead of the run.
WAIT_SECONDS = 30


@pytest.fixture
def seed_folder(tmp_path) -> Path:
    """A folder with one article already imported, for a broken one to be added beside it."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "100_imported.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "100_imported.toml").write_text(IMPORTED_ANNOTATION, encoding="utf-8")
    run(folder)
    return folder


@pytest.fixture
def state_before(seed_folder) -> dict:
    """The database state, with the first article imported, that a refused import must leave."""
    return database_state()


@pytest.fixture
def fails_instead_of_hanging():
    """Turn a read that waits forever (opening a named pipe) into a failure of the test."""

    def hung(signum, frame):
        raise TimeoutError("import_seeds is waiting on a file it should not have opened")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(WAIT_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def write_article(folder: Path, article: str = ARTICLE) -> Path:
    path = folder / "900_bad.txt"
    path.write_text(article, encoding="utf-8")
    return path


CONTROL_CHARACTERS_IN_ANNOTATION = {
    "NUL in a name": (
        ('name = "上海药物研究所"', r'name = "上海\u0000药物研究所"'),
        "organisations.test-simm.name contains the control character U+0000 at character 3",
    ),
    "backspace in the source": (
        ('title_en = "Summit opens"', r'title_en = "Summit\bopens"'),
        "source.title_en contains the control character U+0008 at character 7",
    ),
    "form feed in a second quote": (
        ('evidence = ["袁涛表示"]', r'evidence = ["袁涛表示", "袁涛\f表示"]'),
        "people.test-yuan-tao.evidence contains the control character U+000C at character 3",
    ),
    "unit separator in a reference": (
        ('organisation = "test-simm"', r'organisation = "test-\u001Fsimm"'),
        "affiliations.test-yuan-tao-simm.organisation contains the control character U+001F "
        "at character 6",
    ),
}


@pytest.mark.parametrize(
    "case", CONTROL_CHARACTERS_IN_ANNOTATION, ids=list(CONTROL_CHARACTERS_IN_ANNOTATION)
)
def test_annotation_text_with_control_character_is_refused(seed_folder, state_before, case):
    (valid, broken), reason = CONTROL_CHARACTERS_IN_ANNOTATION[case]
    write_article(seed_folder)
    annotation = seed_folder / "900_bad.toml"
    annotation.write_text(ANNOTATION.replace(valid, broken), encoding="utf-8")

    assert refused(seed_folder) == f"{annotation}: {reason} (nothing was imported)"
    assert database_state() == state_before


def test_annotation_text_keeps_tabs_and_line_breaks(seed_folder, state_before):
    write_article(seed_folder)
    (seed_folder / "900_bad.toml").write_text(
        ANNOTATION.replace('bio = "研究员"', r'bio = "研究员\r\n\t上海"'), encoding="utf-8"
    )

    run(seed_folder)

    assert Person.objects.get(import_key="people/test-yuan-tao").bio == "研究员\r\n\t上海"


def test_article_with_control_character_is_refused(seed_folder, state_before):
    path = write_article(seed_folder, ARTICLE.replace("首届峰会", "首届\x0b峰会"))

    assert refused(seed_folder) == (
        f"{path}: contains the control character U+000B at line 5, column 3 (nothing was imported)"
    )
    assert database_state() == state_before


def test_broken_annotation_link_is_refused_not_taken_for_no_annotation(
    seed_folder, state_before, tmp_path
):
    write_article(seed_folder)
    annotation = seed_folder / "900_bad.toml"
    annotation.symlink_to(tmp_path / "moved.toml")

    assert refused(seed_folder) == (
        f"{annotation}: cannot read the file (broken symbolic link to {tmp_path / 'moved.toml'}) "
        "(nothing was imported)"
    )
    assert database_state() == state_before


def test_annotation_that_is_a_named_pipe_is_refused_unopened(
    seed_folder, state_before, fails_instead_of_hanging
):
    write_article(seed_folder)
    annotation = seed_folder / "900_bad.toml"
    os.mkfifo(annotation)

    assert refused(seed_folder) == (
        f"{annotation}: cannot read the file (it is a named pipe, not a regular file) "
        "(nothing was imported)"
    )
    assert database_state() == state_before


def make_named_pipe(path: Path) -> None:
    os.mkfifo(path)


def make_socket(path: Path) -> None:
    # A socket's address is limited to about 100 bytes; a relative one stays short.
    cwd = Path.cwd()
    os.chdir(path.parent)
    try:
        with socket.socket(socket.AF_UNIX) as listener:
            listener.bind(path.name)
    finally:
        os.chdir(cwd)


def make_broken_link(path: Path) -> None:
    path.symlink_to(path.parent / "gone.txt")


def make_folder(path: Path) -> None:
    path.mkdir()


NOT_FILES = {
    "named pipe": (make_named_pipe, "it is a named pipe, not a regular file"),
    "socket": (make_socket, "it is a socket, not a regular file"),
    "broken link": (make_broken_link, "broken symbolic link to {folder}/gone.txt"),
}


@pytest.mark.parametrize("case", NOT_FILES, ids=list(NOT_FILES))
def test_path_that_is_not_a_file_or_folder_is_refused_unopened(
    tmp_path, state_before, fails_instead_of_hanging, case
):
    make, reason = NOT_FILES[case]
    path = tmp_path / "900_bad.txt"
    make(path)

    assert refused(path) == (
        f"{path}: cannot read the file ({reason.format(folder=tmp_path)}) (nothing was imported)"
    )
    assert database_state() == state_before


def test_path_that_is_a_device_is_refused_unopened(state_before):
    assert refused(Path("/dev/zero")) == (
        "/dev/zero: cannot read the file (it is a character device, not a regular file) "
        "(nothing was imported)"
    )
    assert database_state() == state_before


# Inside a folder of articles, a folder named like one is no article either.
NOT_ARTICLES = {**NOT_FILES, "folder": (make_folder, "it is a folder, not a regular file")}


@pytest.mark.parametrize("case", NOT_ARTICLES, ids=list(NOT_ARTICLES))
def test_article_in_folder_that_is_not_a_file_is_refused_unopened(
    seed_folder, state_before, fails_instead_of_hanging, case
):
    make, reason = NOT_ARTICLES[case]
    path = seed_folder / "900_bad.txt"
    make(path)

    assert refused(seed_folder) == (
        f"{path}: cannot read the file ({reason.format(folder=seed_folder)}) (nothing was imported)"
    )
    assert database_state() == state_before
