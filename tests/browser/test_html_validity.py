"""The W3C Nu HTML Checker (vnu.jar, from npm) finds no error in any public page type, in either
language. All pages go to one Java run, which is most of the cost."""

import json
import subprocess

import pytest

from tests.browser.conftest import VNU_JAR, public_pages

pytestmark = pytest.mark.browser


def test_public_pages_are_valid_html(seeded, client, require_java, tmp_path, report):
    files = []
    for public_page in public_pages():
        response = client.get(public_page.path)
        assert response.status_code == 200, public_page
        file = tmp_path / f"{public_page.label}.html"
        file.write_bytes(response.content)
        files.append(file)

    checked = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stdout)["messages"]
    errors = [m for m in messages if m["type"] in {"error", "non-document-error"}]
    warnings = [m for m in messages if m["type"] == "info" and m.get("subType") == "warning"]
    report(
        f"Nu HTML Checker: {len(files)} pages, {len(errors)} errors, {len(warnings)} warnings, "
        f"{len(messages) - len(errors) - len(warnings)} notes"
    )
    for warning in warnings:
        report(f"  warning {warning['url'].rsplit('/', 1)[-1]}: {warning['message']}")
    assert not errors, "HTML errors:\n" + "\n".join(
        f"  {m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        f" | {m.get('extract', '').strip()[:100]}"
        for m in errors
    )
