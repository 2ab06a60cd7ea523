"""A fresh machine: the Makefile brings what the suite needs, and a development checkout
reads its settings from a .env that the environment overrides."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import dotenv

ROOT = Path(__file__).resolve().parents[1]


# The Makefile's Chromium rule, with `id`, `apt-cache` and `apt-get` stubbed on PATH.


def stub(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)


def outside_make() -> dict[str, str]:
    """The environment without what `make test` passes down to the commands it runs."""
    return {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}


def run_chromium_rule(tmp_path, *, uid: int, apt_knows_chromium: bool, chromium: str):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    stub(bin_dir, "id", f"echo {uid}")
    stub(bin_dir, "apt-cache", "exit 0" if apt_knows_chromium else "exit 100")
    stub(bin_dir, "apt-get", f'echo "$*" >> {log}')
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "chromium", f"CHROMIUM={chromium}"],
        cwd=ROOT,
        env={**outside_make(), "PATH": f"{bin_dir}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        check=False,
    )
    calls = log.read_text().splitlines() if log.exists() else []
    return result, calls


def test_as_root_the_rule_installs_debians_chromium_when_it_is_missing(tmp_path):
    result, calls = run_chromium_rule(
        tmp_path, uid=0, apt_knows_chromium=True, chromium=str(tmp_path / "no-chromium")
    )
    assert result.returncode == 0, result.stderr
    assert calls == ["install -y -q chromium"]


def test_it_refreshes_the_package_lists_first_only_when_apt_does_not_know_chromium(tmp_path):
    result, calls = run_chromium_rule(
        tmp_path, uid=0, apt_knows_chromium=False, chromium=str(tmp_path / "no-chromium")
    )
    assert result.returncode == 0, result.stderr
    assert calls == ["update -q", "install -y -q chromium"]


def test_without_root_it_stops_with_one_line_naming_the_command(tmp_path):
    result, calls = run_chromium_rule(
        tmp_path, uid=1000, apt_knows_chromium=True, chromium=str(tmp_path / "no-chromium")
    )
    assert result.returncode != 0
    assert calls == []
    assert result.stdout == ""
    [line] = result.stderr.splitlines()[:1]
    assert "sudo apt-get update && sudo apt-get install -y chromium" in line
    assert "*** [Makefile" in result.stderr.splitlines()[-1]  # make stops: no tests run


def test_it_does_nothing_when_chromium_is_there(tmp_path):
    result, calls = run_chromium_rule(
        tmp_path, uid=1000, apt_knows_chromium=False, chromium="/bin/sh"
    )
    assert result.returncode == 0
    assert calls == []
    assert result.stdout == result.stderr == ""


def test_make_test_asks_for_chromium_and_the_development_settings_before_pytest():
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "-W", "pyproject.toml", "test"],
        cwd=ROOT,
        env=outside_make(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert dry_run.index("apt-get install -y -q chromium") < dry_run.index("-m pytest")
    assert dry_run.index("pip install") < dry_run.index("-m pytest")


def test_ci_installs_nothing_itself_and_runs_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "apt-get" not in ci
    assert "pip install" not in ci
    assert "\nmake test\n" in ci
    assert "make test" in (ROOT / "README.md").read_text().split("\n\n", 2)[1]


# The .env file.


def test_the_parser_reads_names_values_and_ignores_comments():
    text = """
        # a comment
        DEBUG=1                       # development
        SECRET_KEY="quoted # not a comment"
        export SITE_NAME='A Lab'
        EMPTY=
        not a setting
    """
    assert dotenv.parse(text) == {
        "DEBUG": "1",
        "SECRET_KEY": "quoted # not a comment",
        "SITE_NAME": "A Lab",
        "EMPTY": "",
    }


def test_the_development_file_sets_debug_and_a_new_key_and_comments_out_the_rest():
    example = (ROOT / ".env.example").read_text()
    first, second = dotenv.development_file(example), dotenv.development_file(example)
    values = dotenv.parse(first)
    assert set(values) == {"DEBUG", "SECRET_KEY"}
    assert values["DEBUG"] == "1"
    assert len(values["SECRET_KEY"]) >= 50
    assert dotenv.parse(second)["SECRET_KEY"] != values["SECRET_KEY"]
    # Every other variable of the example is still there to uncomment.
    assert "# DATABASE_URL=" in first
    assert "# SECURE_SSL_REDIRECT=1" in first


def test_an_existing_env_file_is_never_overwritten(tmp_path):
    target = tmp_path / ".env"
    assert dotenv.write_development_file(target) is True
    written = target.read_text()
    assert target.stat().st_mode & 0o077 == 0  # the key is readable by its owner only
    assert dotenv.write_development_file(target) is False
    assert target.read_text() == written


def test_loading_keeps_what_the_environment_already_has(tmp_path):
    file = tmp_path / ".env"
    file.write_text("DEBUG=1\nSITE_NAME=From the file\n")
    environ = {"SITE_NAME": "From the environment"}
    dotenv.load(file, environ)
    assert environ == {"DEBUG": "1", "SITE_NAME": "From the environment"}
    dotenv.load(tmp_path / "missing", environ)  # a missing file is fine


SHOW_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({"debug": settings.DEBUG, "key": settings.SECRET_KEY, "site": settings.SITE_NAME}))
"""


def load_settings(env_file: Path, **environ: str) -> subprocess.CompletedProcess:
    clean = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DEBUG", "SECRET_KEY", "SITE_NAME"} and not name.startswith("PYTEST")
    }
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "ENV_FILE": str(env_file)}
        | environ,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def env_file(tmp_path) -> Path:
    file = tmp_path / ".env"
    file.write_text("DEBUG=1\nSECRET_KEY=key-from-the-file\nSITE_NAME=File Lab\n")
    return file


def test_settings_read_the_env_file(env_file):
    result = load_settings(env_file)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "debug": True,
        "key": "key-from-the-file",
        "site": "File Lab",
    }


def test_the_environment_beats_the_file(env_file):
    result = load_settings(env_file, SITE_NAME="Env Lab", SECRET_KEY="key-from-env", DEBUG="0")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"debug": False, "key": "key-from-env", "site": "Env Lab"}


def test_a_missing_file_is_fine(tmp_path):
    result = load_settings(tmp_path / "missing", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["debug"] is True


def test_without_debug_and_without_a_key_the_settings_still_refuse_to_start(tmp_path):
    file = tmp_path / ".env"
    file.write_text("DEBUG=1\n")  # the environment's DEBUG=0 wins, and there is no key
    for env_file in (file, tmp_path / "missing"):
        result = load_settings(env_file, DEBUG="0")
        assert result.returncode != 0
        assert "ImproperlyConfigured: SECRET_KEY must be set" in result.stderr
