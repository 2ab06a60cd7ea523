import os

import pytest
from django.db import connection

# Django processes that tests start read only the environment they are given, never the
# checkout's development .env.
os.environ["ENV_FILE"] = os.devnull


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
