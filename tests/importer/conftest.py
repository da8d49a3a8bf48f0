import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from reversion.models import Revision, Version

from summit.models import Citation

SEEDS = Path(settings.BASE_DIR) / "seeds"


@pytest.fixture
def seed_dir(tmp_path) -> Path:
    """A copy of the project's seeds, to add broken files to."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in SEEDS.glob("*"):
        if path.suffix in {".txt", ".toml"}:
            shutil.copy(path, folder / path.name)
    return folder


def database_state() -> dict:
    """Row counts and last-change times of every content table, revisions included."""
    state = {}
    for label in ("summit", "parks"):
        for model in apps.get_app_config(label).get_models():
            rows = model._default_manager.all()
            state[model._meta.label] = (
                rows.count(),
                max(rows.values_list("updated_at", flat=True), default=None)
                if hasattr(model, "updated_at")
                else None,
            )
    state["citations"] = Citation.objects.count()
    state["versions"] = (Version.objects.count(), Revision.objects.count())
    return state


def run(path: Path) -> str:
    """What `import_seeds --path <path>` prints."""
    out = StringIO()
    call_command("import_seeds", "--path", str(path), stdout=out)
    return out.getvalue()


def refused(path: Path) -> str:
    """The one-line message `import_seeds --path <path>` stops with."""
    with pytest.raises(CommandError) as error:
        run(path)
    message = str(error.value)
    assert "\n" not in message
    return message
