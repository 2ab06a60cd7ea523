from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


def test_it_creates_one_admin_and_says_where_to_log_in():
    output = run("--url", "http://127.0.0.1:8001/admin/")
    assert "http://127.0.0.1:8001/admin/" in output and "'admin'" in output
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_it_leaves_an_existing_admin_alone():
    run()
    output = run()
    assert "exists" in output
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
