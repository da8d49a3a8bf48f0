"""The apps depend downwards only: the site on the content apps, parks on summit, never back."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# app: the apps it must never import
FORBIDDEN = {
    "summit": {"parks", "website", "importer", "schedules"},
    "parks": {"website", "importer", "schedules"},
}


def imported_apps(app: str) -> dict[str, set[str]]:
    """{module path: top-level packages it imports} for every module of `app`."""
    found = {}
    for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(settings.BASE_DIR))] = names
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_does_not_import_the_apps_built_on_it(app):
    offending = {
        module: sorted(names & FORBIDDEN[app])
        for module, names in imported_apps(app).items()
        if names & FORBIDDEN[app]
    }
    assert offending == {}
