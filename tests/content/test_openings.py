"""Openings (open positions): the deadline rule, /join/ pages with JobPosting JSON-LD, the
admin, the API, the sitemap, the demo and the close_openings command."""

import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from itertools import count

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.demo import load_openings_demo
from config.models import Opening
from config.models.openings import PAST_DEADLINE_OPEN
from tests.factories import admin_form_data, make_person, make_user

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_numbers = count(1)


def days(n: int) -> datetime.date:
    """Today plus n days (negative: in the past)."""
    return timezone.localdate() + datetime.timedelta(days=n)


def make_opening(title: str | None = None, **fields) -> Opening:
    """An opening as the admin would save it; `deadline` in the past with `is_open` is
    allowed here, as a row the close_openings command has not reached yet."""
    fields.setdefault("description", "We look for a *curious* person.")
    return Opening.objects.create(title=title or f"Opening {next(_numbers)}", **fields)


def json_ld(html: str) -> dict | None:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1)) if match else None


@pytest.fixture(autouse=True)
def _fresh_cache():
    """API throttle counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor():
    user = make_user("editor", staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__model="opening"))
    return user


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def token_api(api, editor):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return api


# The deadline rule


def test_an_opening_with_a_past_deadline_cannot_be_saved_open():
    opening = Opening(title="Postdoc", description="x", deadline=days(-1), is_open=True)
    with pytest.raises(ValidationError) as error:
        opening.full_clean()
    assert error.value.message_dict["is_open"] == [PAST_DEADLINE_OPEN]


def test_an_opening_with_a_past_deadline_can_be_saved_closed():
    Opening(title="Postdoc", description="x", deadline=days(-1), is_open=False).full_clean()


def test_a_deadline_today_or_none_is_still_open():
    Opening(title="Postdoc", description="x", deadline=days(0)).full_clean()
    Opening(title="Intern", description="x", deadline=None).full_clean()


def test_open_excludes_an_opening_past_its_deadline_even_while_its_flag_says_open():
    expired = make_opening(deadline=days(-1), is_open=True)
    today = make_opening(deadline=days(0))
    no_deadline = make_opening()
    make_opening(is_open=False)
    assert set(Opening.objects.open()) == {today, no_deadline}
    assert expired in Opening.objects.closed()
    assert not expired.open_now


def test_close_openings_flips_the_stored_flag_of_expired_openings_only():
    expired = make_opening(deadline=days(-3), is_open=True)
    current = make_opening(deadline=days(3))
    call_command("close_openings", stdout=(out := io.StringIO()))
    expired.refresh_from_db()
    current.refresh_from_db()
    assert (expired.is_open, current.is_open) == (False, True)
    assert "1 opening closed" in out.getvalue()
    assert expired.history.first().history_change_reason == "The deadline passed."
    # a second run changes nothing
    call_command("close_openings", stdout=(out := io.StringIO()))
    assert "0 openings closed" in out.getvalue()


def test_saving_renders_the_markdown_once_and_makes_a_unique_slug():
    first = make_opening("PhD position", description="# Topic\n\nText with $x^2$.")
    second = make_opening("PhD position")
    assert first.description_html == "<h2>Topic</h2>\n<p>Text with $x^2$.</p>"
    assert (first.slug, second.slug) == ("phd-position", "phd-position-2")


def test_control_characters_and_oversized_text_are_refused():
    opening = Opening(title="Bad\x00title", description="ok\x07")
    with pytest.raises(ValidationError) as error:
        opening.full_clean()
    assert {"title", "description"} <= error.value.message_dict.keys()
    with pytest.raises(ValidationError) as error:
        Opening(title="Long", description="x" * 100_001).full_clean()
    assert "description" in error.value.message_dict


# Pages


def test_join_lists_open_published_openings_only(client):
    shown = make_opening("Postdoc in graphs", kind="postdoc", deadline=days(10))
    make_opening("Expired internship", deadline=days(-1), is_open=True)
    make_opening("Closed engineer post", is_open=False)
    make_opening("Draft PhD place", is_published=False)
    html = client.get("/join/").content.decode()
    assert shown.get_absolute_url() in html
    assert "Postdoc in graphs" in html
    assert f'datetime="{days(10).isoformat()}"' in html
    for hidden in ("Expired internship", "Closed engineer post", "Draft PhD place"):
        assert hidden not in html


def test_join_says_so_when_nothing_is_open_and_points_to_people(client):
    make_opening(is_open=False)
    html = client.get("/join/").content.decode()
    assert "There are no open positions right now." in html
    assert 'href="/people/"' in html


def test_an_opening_page_shows_the_position_and_how_to_apply(client):
    opening = make_opening(
        "PhD on robust learning",
        kind="phd",
        location="Cambridge, UK",
        deadline=days(30),
        description="# Project\n\nWe study **robustness**.",
        how_to_apply="Send a *CV*.",
        apply_url="https://jobs.example.org/123",
        apply_email="jobs@example.org",
    )
    html = client.get(opening.get_absolute_url()).content.decode()
    assert "<h1>PhD on robust learning</h1>" in html
    assert '<div class="prose tex"><h2>Project</h2>' in html
    assert "<strong>robustness</strong>" in html
    assert "<em>CV</em>" in html
    assert 'href="https://jobs.example.org/123"' in html
    assert "jobs@example.org" not in html  # obfuscated
    assert "<strong>Open</strong>" in html


def test_a_closed_or_expired_opening_keeps_its_page_marked_closed(client):
    for opening in (make_opening(is_open=False), make_opening(deadline=days(-1), is_open=True)):
        response = client.get(opening.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "<strong>Closed</strong>" in html
        assert "<strong>Open</strong>" not in html
        assert "How to apply" not in html
        assert json_ld(html) is None  # no JobPosting for a position that is gone


def test_an_unpublished_opening_is_404_for_anonymous_and_visible_to_editors(client, editor):
    opening = make_opening(is_published=False)
    assert client.get(opening.get_absolute_url()).status_code == 404
    client.force_login(make_user())
    assert client.get(opening.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert "Not published" in client.get(opening.get_absolute_url()).content.decode()


def test_the_opening_page_carries_a_job_posting(client, settings):
    settings.SITE_NAME = "Vision & Learning Lab"
    opening = make_opening(
        "Postdoc </script><script>alert(1)</script>",
        kind="postdoc",
        location="Paris, France",
        deadline=days(20),
        description="We look for a **postdoc** & more: <b>bold</b> $x < y$.",
    )
    html = client.get(opening.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    data = json_ld(html)
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Postdoc </script><script>alert(1)</script>"
    assert data["description"] == "We look for a postdoc & more: <b>bold</b> $x < y$."
    assert data["datePosted"] == opening.created.date().isoformat()
    assert data["validThrough"] == days(20).isoformat()
    assert data["employmentType"] == "FULL_TIME"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Vision & Learning Lab",
        "sameAs": settings.SITE_URL,
    }
    assert data["jobLocation"] == {"@type": "Place", "address": "Paris, France"}
    assert data["url"] == f"http://testserver{opening.get_absolute_url()}"


def test_an_internship_without_deadline_or_place_posts_no_validity_or_location(client):
    data = json_ld(client.get(make_opening(kind="intern").get_absolute_url()).content.decode())
    assert data["employmentType"] == "INTERN"
    assert "validThrough" not in data
    assert "jobLocation" not in data


def test_hostile_markdown_is_harmless(client):
    opening = make_opening(
        description=(
            "<script>alert(1)</script>\n\n"
            '<img src=x onerror="alert(2)">\n\n'
            "[click](javascript:alert(3))\n\n"
            "![pixel](data:image/png;base64,AAAA)\n\n"
            '<a href="javascript:alert(4)">raw</a>'
        ),
        how_to_apply="[apply](javascript:alert(5)) <svg onload=alert(6)>",
    )
    html = client.get(opening.get_absolute_url()).content.decode()
    body = html[html.index("<article") :]
    tags = re.findall(r"<[a-z][^>]*>", body)  # real tags only: escaped text reads &lt;...
    assert not [t for t in tags if re.match(r"<(script|svg|iframe)", t)]
    assert not [t for t in tags if re.search(r"\son\w+=", t)]
    assert not [t for t in tags if re.search(r"(href|src)=\"(javascript|data):", t)]
    assert "&lt;script&gt;" in body  # shown as the text it is


@pytest.mark.parametrize("n", [2, 30])
def test_join_query_count_is_constant(client, django_assert_num_queries, n):
    for _ in range(n):
        make_opening(deadline=days(5))
    # open published openings; site settings; sections with content; main-menu pages
    with django_assert_num_queries(4):
        html = client.get("/join/").content.decode()
    assert len(re.findall(r'<li><a href="/join/[^"]+/"', html)) == n


@pytest.mark.parametrize("n", [2, 30])
def test_opening_page_query_count_is_constant(client, django_assert_num_queries, n):
    openings = [make_opening(deadline=days(5)) for _ in range(n)]
    # the opening; site settings; sections with content; main-menu pages
    with django_assert_num_queries(4):
        assert client.get(openings[-1].get_absolute_url()).status_code == 200


# Admin


def test_the_admin_changelist_loads_for_an_editor(client, editor):
    make_opening("Expired one", deadline=days(-1), is_open=True)
    make_opening("Current one")
    client.force_login(editor)
    response = client.get(reverse("admin:site_opening_changelist"))
    assert response.status_code == 200
    assert "Expired one" in response.content.decode()
    response = client.get(reverse("admin:site_opening_changelist") + "?open_now=yes")
    assert [o.title for o in response.context["cl"].result_list] == ["Current one"]


def test_the_admin_refuses_to_save_an_open_opening_past_its_deadline(client, editor):
    client.force_login(editor)
    data = {
        "title": "Late postdoc",
        "slug": "",
        "kind": "postdoc",
        "location": "",
        "description": "Text.",
        "deadline": days(-2).isoformat(),
        "how_to_apply": "",
        "apply_url": "",
        "apply_email": "",
        "is_open": "on",
        "is_published": "on",
    }
    response = client.post(reverse("admin:site_opening_add"), data)
    assert response.status_code == 200
    assert "The deadline is in the past" in response.content.decode()
    assert not Opening.objects.exists()
    del data["is_open"]
    response = client.post(reverse("admin:site_opening_add"), data)
    assert response.status_code == 302
    opening = Opening.objects.get()
    assert opening.history.count() == 1


def test_the_admin_shows_an_expired_opening_closed_and_saves_it_so(client, editor):
    opening = make_opening("Expired", deadline=days(-1), is_open=True)
    client.force_login(editor)
    url = reverse("admin:site_opening_change", args=[opening.pk])
    response = client.get(url)
    assert response.context["adminform"].form.initial["is_open"] is False
    response = client.post(url, admin_form_data(response, title="Expired, renamed"))
    assert response.status_code == 302
    opening.refresh_from_db()
    assert (opening.title, opening.is_open) == ("Expired, renamed", False)


def test_a_member_gets_no_access_to_openings_in_the_admin(client):
    make_person("Ada Lovelace", role="phd", user=(member := make_user("ada", staff=True)))
    client.force_login(member)
    assert client.get(reverse("admin:site_opening_changelist")).status_code == 403


# API


def test_anonymous_api_users_see_published_openings_with_the_effective_open_flag(api):
    make_opening("Current", deadline=days(3))
    make_opening("Expired", deadline=days(-3), is_open=True)
    make_opening("Draft", is_published=False)
    data = api.get("/api/v1/openings/").json()
    assert {row["title"]: row["is_open"] for row in data["results"]} == {
        "Current": True,
        "Expired": False,
    }
    assert api.get("/api/v1/openings/draft/").status_code == 404


def test_the_api_open_filter_uses_the_deadline(api):
    make_opening("Current", deadline=days(3))
    make_opening("Expired", deadline=days(-3), is_open=True)
    make_opening("Closed", is_open=False)
    open_titles = [r["title"] for r in api.get("/api/v1/openings/?open=true").json()["results"]]
    closed = {r["title"] for r in api.get("/api/v1/openings/?open=false").json()["results"]}
    assert open_titles == ["Current"]
    assert closed == {"Expired", "Closed"}


@pytest.mark.parametrize("n", [2, 30])
def test_the_api_list_query_count_is_constant(api, django_assert_num_queries, n):
    for _ in range(n):
        make_opening()
    # count; page of openings
    with django_assert_num_queries(2):
        assert api.get("/api/v1/openings/").json()["count"] == n


def test_writing_needs_a_token_or_staff_session_and_the_permission(api):
    body = {"title": "Engineer", "kind": "engineer", "description": "Build things."}
    assert api.post("/api/v1/openings/", body, format="json").status_code == 401
    user = make_user()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert api.post("/api/v1/openings/", body, format="json").status_code == 403
    assert not Opening.objects.exists()


def test_an_editor_creates_and_updates_an_opening_with_a_token(token_api):
    body = {
        "title": "Engineer for our tools",
        "kind": "engineer",
        "description": "Build **things**.",
        "deadline": days(14).isoformat(),
        "apply_url": "https://jobs.example.org/9",
    }
    response = token_api.post("/api/v1/openings/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["slug"] == "engineer-for-our-tools"
    assert data["description_html"] == "<p>Build <strong>things</strong>.</p>"
    assert data["is_open"] is True
    assert data["html_url"] == "/join/engineer-for-our-tools/"
    response = token_api.patch(
        "/api/v1/openings/engineer-for-our-tools/", {"is_open": False}, format="json"
    )
    assert response.status_code == 200
    assert Opening.objects.get().is_open is False


def test_the_api_refuses_an_open_opening_with_a_past_deadline(token_api):
    body = {"title": "Late", "description": "x", "deadline": days(-1).isoformat()}
    response = token_api.post("/api/v1/openings/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"is_open": [PAST_DEADLINE_OPEN]}
    body["is_open"] = False
    assert token_api.post("/api/v1/openings/", body, format="json").status_code == 201
    # moving an open opening's deadline into the past is refused too
    opening = make_opening("Current", deadline=days(3))
    url = f"/api/v1/openings/{opening.slug}/"
    response = token_api.patch(url, {"deadline": days(-1).isoformat()}, format="json")
    assert response.status_code == 400
    assert response.json()["is_open"] == [PAST_DEADLINE_OPEN]


def test_an_api_edit_that_leaves_is_open_out_stores_an_expired_opening_closed(token_api):
    opening = make_opening("Expired", deadline=days(-1), is_open=True)
    url = f"/api/v1/openings/{opening.slug}/"
    response = token_api.patch(url, {"title": "Expired, renamed"}, format="json")
    assert response.status_code == 200, response.json()
    opening.refresh_from_db()
    assert (opening.title, opening.is_open) == ("Expired, renamed", False)


def test_the_api_refuses_control_characters_and_oversized_text(token_api):
    for body in (
        {"title": "Nul\x00", "description": "x"},
        {"title": "Bell", "description": "ring \x07"},
        {"title": "Long", "description": "x" * 100_001},
    ):
        assert token_api.post("/api/v1/openings/", body, format="json").status_code == 400
    assert not Opening.objects.exists()


# Sitemap and demo


def test_the_sitemap_lists_published_openings_closed_ones_included(client):
    current = make_opening(deadline=days(3))
    closed = make_opening(is_open=False)
    draft = make_opening(is_published=False)
    root = ET.fromstring(client.get("/sitemap-openings.xml").content)
    locations = {loc.text for loc in root.iter(f"{SITEMAP}loc")}
    assert f"http://testserver{current.get_absolute_url()}" in locations
    assert f"http://testserver{closed.get_absolute_url()}" in locations
    assert f"http://testserver{draft.get_absolute_url()}" not in locations
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-openings.xml" in index


def test_the_demo_opening_is_open_on_any_day_and_loads_once():
    assert load_openings_demo() == 1
    assert load_openings_demo() == 0
    opening = Opening.objects.get()
    assert opening.deadline is None
    assert list(Opening.objects.published().open()) == [opening]
    assert opening.history.count() == 1


@pytest.mark.parametrize("n", [2, 30])
def test_the_openings_sitemap_query_count_is_constant(client, django_assert_num_queries, n):
    for _ in range(n):
        make_opening()
    # count; one page of openings
    with django_assert_num_queries(2):
        assert client.get("/sitemap-openings.xml").status_code == 200


@pytest.mark.parametrize("n", [2, 30])
def test_the_api_detail_query_count_is_constant(api, django_assert_num_queries, n):
    openings = [make_opening() for _ in range(n)]
    # the opening
    with django_assert_num_queries(1):
        assert api.get(f"/api/v1/openings/{openings[-1].slug}/").status_code == 200
