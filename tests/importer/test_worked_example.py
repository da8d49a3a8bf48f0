"""The worked example of seeds/README.md, as the guide tells it: a second article about a summit
staff entered in the admin as a draft, checked with three mistakes, corrected, imported as drafts
that the public does not see until staff publish them; then the park's new figure, imported
without drafts after review."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from parks.models import ParkMetric
from summit.models import (
    Citation,
    Event,
    EventFigure,
    EventOrganisation,
    Person,
    Source,
    Status,
    Talk,
)
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
ARTICLE = DATA / "001_second_summit.txt"
ANNOTATION = DATA / "001_second_summit.toml"
# The second step: a figure of the published park, imported without drafts after review.
AFTER_REVIEW = DATA / "001_second_summit.after_review.toml"
EVENT_SLUG = "second-zhangjiang-cell-therapy-summit"

# The three mistakes of the guide (and of the browser test): a choice spelled as in English, a
# comma of the other width in a quote, and a slug mistyped.
MISTAKES = (
    ('qualifier = "more_than"', 'qualifier = "more than"'),
    ("在张江科学城举行,主题为", "在张江科学城举行\uff0c主题为"),
    ('slug = "tian-zhigang"', 'slug = "tian-zhi-gang"'),
)


def with_mistakes() -> str:
    text = ANNOTATION.read_text(encoding="utf-8")
    for right, wrong in MISTAKES:
        assert text.count(right) == 1
        text = text.replace(right, wrong)
    return text


@pytest.fixture
def staff_event(imported_seed) -> Event:
    """The second summit as staff entered it in the admin, as a draft, before the article came."""
    return EventFactory(
        name="第二届张江细胞治疗国际峰会",
        name_en="Second Zhangjiang Cell Therapy International Summit",
        slug=EVENT_SLUG,
        start_date=datetime.date(2020, 11, 20),
        theme="",
        theme_en="",
        status=Status.DRAFT,
    )


def import_example(folder: Path, annotation: str, *options: str) -> str:
    folder.mkdir(exist_ok=True)
    (folder / ARTICLE.name).write_bytes(ARTICLE.read_bytes())
    (folder / ANNOTATION.name).write_text(annotation, encoding="utf-8")
    out = StringIO()
    call_command("import_seeds", "--path", str(folder / ARTICLE.name), *options, stdout=out)
    return out.getvalue()


def test_the_three_mistakes_are_reported_in_one_run(staff_event, tmp_path):
    with pytest.raises(CommandError) as error:
        import_example(tmp_path / "s", with_mistakes(), "--dry-run")

    annotation = tmp_path / "s" / ANNOTATION.name
    assert str(error.value).splitlines() == [
        f"{annotation}: events.second-summit: evidence not found in the article: "
        "'第二届张江细胞治疗国际峰会在张江科学城举行\uff0c主题为“细胞治疗:从实验室到临床”'; "
        "closest passage in the article: "
        "'第二届张江细胞治疗国际峰会在张江科学城举行,主题为“细胞治疗:从实验室到临床”' "
        "(the article has ',' (half-width) where the quote has '\uff0c' (full-width))",
        f"{annotation}: figures.second-summit-experts.qualifier 'more than' is not a valid "
        "choice; choose one of: exactly, about, more_than, at_least, nearly, up_to",
        f"{annotation}: people.tian-zhigang.slug: no person has the slug 'tian-zhi-gang'; "
        "did you mean 'tian-zhigang'?",
        "3 problems (nothing was imported)",
    ]
    assert not Source.objects.filter(file_name=ARTICLE.name).exists()


def test_the_corrected_example_imports_as_drafts_citing_what_exists(staff_event, tmp_path):
    people = Person.objects.count()

    output = import_example(tmp_path / "s", ANNOTATION.read_text(encoding="utf-8"), "--draft")

    assert "001_second_summit.txt: 5 created, 1 updated, 2 unchanged, 0 kept" in output
    assert Person.objects.count() == people
    staff_event.refresh_from_db()
    assert staff_event.status == Status.DRAFT  # staff's record keeps its status
    assert staff_event.theme_en == "Cell therapy: from the laboratory to the clinic"
    talk = Talk.objects.get(slug="second-summit-nk-cells")
    assert talk.status == Status.DRAFT and talk.event == staff_event
    assert [person.slug for person in talk.speakers.all()] == ["tian-zhigang"]
    assert EventOrganisation.objects.filter(event=staff_event).count() == 2
    assert Source.objects.get(file_name=ARTICLE.name).status == Status.DRAFT
    tian = Person.objects.get(slug="tian-zhigang")
    assert tian.citations.filter(source__file_name=ARTICLE.name).count() == 1
    # Nothing of it is public yet.
    source = Source.objects.get(file_name=ARTICLE.name)
    assert not Citation.objects.published().filter(source=source).exists()
    assert not Event.objects.published().filter(pk=staff_event.pk).exists()
    assert not EventOrganisation.objects.published().filter(event=staff_event).exists()
    assert not EventFigure.objects.published().filter(event=staff_event).exists()
    assert not Talk.objects.published().filter(pk=talk.pk).exists()


def test_the_park_figure_waits_for_an_import_without_drafts(staff_event, tmp_path):
    folder = tmp_path / "s"
    first = ANNOTATION.read_text(encoding="utf-8")
    import_example(folder, first, "--draft")
    both = first + "\n" + AFTER_REVIEW.read_text(encoding="utf-8")

    # As drafts, the published park's new figure would be public at once: refused.
    with pytest.raises(CommandError) as error:
        import_example(folder, both, "--draft")
    assert str(error.value).endswith(
        "park_metrics.cell-park-companies-2020 belongs to the published industry park "
        "上海张江细胞产业园 (zhangjiang-cell-industry-park): it would be public at once; import "
        "without drafts, or set 上海张江细胞产业园 to draft first (nothing was imported)"
    )
    assert not ParkMetric.objects.filter(import_key="park_metrics/cell-park-companies-2020")

    # Staff published what they reviewed; then the figure comes in without drafts.
    for model in (Event, Talk, Source):
        model.objects.update(status=Status.PUBLISHED)
    output = import_example(folder, both)

    assert "001_second_summit.txt: 1 created, 0 updated, 8 unchanged, 0 kept" in output
    metric = ParkMetric.objects.get(import_key="park_metrics/cell-park-companies-2020")
    assert ParkMetric.objects.published().filter(pk=metric.pk).exists()


def test_skeleton_of_the_example_names_the_records_it_cites(staff_event):
    out = StringIO()

    call_command("import_seeds", "--skeleton", str(ARTICLE), stdout=out)

    skeleton = out.getvalue()
    for candidate in (
        "# [people.tian-zhigang]",
        "# [organisations.simm]",
        "# [organisations.zhangjiang-group]",
        "# [parks.zhangjiang-cell-industry-park]",
    ):
        assert candidate in skeleton
    assert '# publisher = "bioon"' in skeleton
