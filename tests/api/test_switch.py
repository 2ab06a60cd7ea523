"""The API is optional: API_ENABLED=0 leaves no /api/ URLs and loads nothing of DRF.

INSTALLED_APPS is computed when settings are imported, so the off switch runs in a
fresh interpreter.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
import config.urls  # noqa: F401
from django.conf import settings
from django.test import Client
client = Client()
statuses = {url: client.get(url).status_code
            for url in ("/papers/", "/papers/?q=graph&subject=cs.LG", "/api/v1/papers/", "/api/schema/")}
loaded = sorted(m for m in sys.modules
                if m.split(".")[0] in ("rest_framework", "drf_spectacular", "corsheaders"))
print(json.dumps({
    "statuses": statuses,
    "loaded": loaded,
    "apps": [a for a in settings.INSTALLED_APPS if "rest_framework" in a or "spectacular" in a],
    "middleware": [m for m in settings.MIDDLEWARE if "cors" in m or "config.api" in m],
}))
"""


def run_with_api_disabled(tmp_path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "API_ENABLED": "0",
        "DEBUG": "1",  # plain static storage: no collectstatic manifest needed
        "ALLOWED_HOSTS": "testserver",
        "SQLITE_PATH": str(tmp_path / "switch.sqlite3"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_with_the_api_disabled_pages_work_and_drf_is_never_loaded(tmp_path):
    report = run_with_api_disabled(tmp_path)
    assert report["statuses"]["/papers/"] == 200
    assert report["statuses"]["/papers/?q=graph&subject=cs.LG"] == 200
    assert report["statuses"]["/api/v1/papers/"] == 404
    assert report["statuses"]["/api/schema/"] == 404
    assert report["loaded"] == []
    assert report["apps"] == []
    assert report["middleware"] == []


def test_with_the_api_enabled_its_apps_and_middleware_are_installed():
    assert settings.API_ENABLED
    assert {"rest_framework", "rest_framework.authtoken", "drf_spectacular", "corsheaders"} <= set(
        settings.INSTALLED_APPS
    )
    assert "config.api.ApiConditionalGetMiddleware" in settings.MIDDLEWARE
