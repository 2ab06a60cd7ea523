"""The Nu HTML Checker (vnu-jar from npm, run on the machine's Java) finds no errors on any page type."""

import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import ROOT
from tests.browser.site_data import build_site, demo_paths, page_paths

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.django_db


def check_html(paths) -> list[dict]:
    """Messages of type error for the given files: one JVM start for all of them."""
    completed = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    return json.loads(completed.stderr)["messages"]


def fetch_pages(client, tmp_path, paths: dict[str, str]) -> dict[str, Path]:
    files = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == (404 if name == "not-found" else 200), name
        files[name] = tmp_path / f"{name}.html"
        files[name].write_bytes(response.content)
    return files


def test_every_page_type_is_valid_html(client, tmp_path):
    files = fetch_pages(client, tmp_path, page_paths(build_site()))
    # A page known to be broken, checked in the same run: proves the checker read the files.
    control = tmp_path / "control.html"
    control.write_text("<!doctype html><html lang=en><title>x</title><p><div></span>")

    messages = check_html([*files.values(), control])

    names = {f"file:{file}": name for name, file in files.items()}
    assert any(m.get("url") == f"file:{control}" for m in messages)
    errors = [
        f"{names[m['url']]}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m.get("url") in names
    ]
    assert not errors, "\n".join(errors)


def test_every_demo_page_and_every_demo_paper_is_valid_html(client, tmp_path):
    call_command("load_demo", verbosity=0)
    files = fetch_pages(client, tmp_path, demo_paths())
    assert len(files) > 20

    messages = check_html(files.values())

    names = {f"file:{file}": name for name, file in files.items()}
    errors = [f"{names.get(m.get('url'))}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert not errors, "\n".join(errors)
