"""The site settings in the API: one object, read by everyone, changed by permission."""

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.models import SiteSettings
from tests.factories import make_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/site/"


@pytest.fixture
def api():
    cache.clear()  # throttle counters
    yield APIClient()
    cache.clear()


def with_token(api, *, may_change: bool) -> APIClient:
    user = make_user()
    if may_change:
        user.user_permissions.add(Permission.objects.get(codename="change_sitesettings"))
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def test_everyone_reads_the_settings_in_one_query_and_reading_writes_nothing(
    api, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = api.get(URL)
    assert response.status_code == 200
    assert response.json()["name"] == ""
    assert not SiteSettings.objects.exists()
    SiteSettings.objects.create(pk=1, name="Vision Lab", intro="We *see*.")
    data = api.get(URL).json()
    assert data["name"] == "Vision Lab"
    assert data["intro_html"] == "<p>We <em>see</em>.</p>"


def test_changes_need_a_token_and_the_permission(api):
    assert api.patch(URL, {"name": "X"}, format="json").status_code in (401, 403)
    assert with_token(api, may_change=False).patch(URL, {"name": "X"}).status_code == 403
    assert not SiteSettings.objects.exists()


def test_a_permitted_change_is_saved_and_its_markdown_rendered_safely(api):
    api = with_token(api, may_change=True)
    response = api.patch(URL, {"name": "Q Lab", "intro": "Hi <script>x</script>"}, format="json")
    assert response.status_code == 200, response.json()
    row = SiteSettings.objects.get(pk=1)
    assert row.name == "Q Lab"
    assert "<script" not in row.intro_html
    assert response.json()["intro_html"] == row.intro_html


def test_bad_values_are_refused_and_change_nothing(api):
    api = with_token(api, may_change=True)
    for bad in ({"name": "Q\x00Lab"}, {"github_url": "https://example.org/q"}, {"name": "x" * 500}):
        assert api.patch(URL, bad, format="json").status_code == 400
    assert SiteSettings.objects.get(pk=1).name == ""
