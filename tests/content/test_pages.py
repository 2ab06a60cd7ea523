"""The group's pages: /<slug>/ after every section, admin with preview, API, sitemap, menu."""

import itertools
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.demo import load_pages_demo
from config.models import Page
from config.navigation import SECTIONS
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_n = itertools.count(1)


def make_page(title: str | None = None, **fields) -> Page:
    n = next(_n)
    fields.setdefault("slug", f"page-{n}")
    return Page.objects.create(title=title or f"Page {n}", **fields)


@pytest.fixture(params=[2, 40])
def some_pages(request) -> list[Page]:
    return [make_page(in_navigation=True, order=n) for n in range(request.param)]


def test_a_page_shows_its_rendered_body_under_its_title(client):
    page = make_page("About us", slug="about", body="# Who\n\nWe *learn*; $a*b*c$.")
    assert page.get_absolute_url() == "/about/"
    html = client.get("/about/").content.decode()
    assert "<title>About us · Labsite</title>" in html
    assert "<h1>About us</h1>" in html
    assert '<div class="prose tex"><h2>Who</h2>\n<p>We <em>learn</em>; $a*b*c$.</p></div>' in html
    assert '<meta property="og:title" content="About us">' in html


def test_an_unpublished_page_is_not_found(client):
    make_page(slug="draft", is_published=False)
    assert client.get("/draft/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404


def test_sections_win_over_pages(client):
    Page.objects.bulk_create([Page(title="Shadow", slug="papers", body="shadow")])
    assert "Shadow" not in client.get("/papers/").content.decode()


@pytest.mark.parametrize("slug", ["papers", "people", "venues", "institutions", "admin", "api",
                                  "static", "media", "feeds", "unapi", "PAPERS"])  # fmt: skip
def test_a_slug_of_a_section_is_refused(slug):
    with pytest.raises(ValidationError) as error:
        Page(title="x", slug=slug).full_clean()
    assert "slug" in error.value.message_dict


def test_an_ordinary_slug_is_accepted():
    Page(title="Teaching", slug="teaching").full_clean()


@pytest.mark.parametrize("field", ["title", "body"])
def test_control_characters_are_refused(field):
    values = {"title": "t", "slug": "t", field: "bad\x00\x1b[31m"}
    with pytest.raises(ValidationError) as error:
        Page(**values).full_clean()
    assert field in error.value.message_dict


def test_an_oversized_body_is_refused():
    with pytest.raises(ValidationError) as error:
        Page(title="t", slug="t", body="x" * 100_001).full_clean()
    assert "body" in error.value.message_dict


def test_hostile_markdown_in_a_page_is_harmless(client):
    make_page(
        slug="evil",
        body="<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)",
    )
    html = client.get("/evil/").content.decode()
    body = html[html.index('<div class="prose tex">') :]
    assert "<script>" not in body and "<img" not in body
    assert 'href="javascript:' not in body and 'src="data:' not in body


def test_the_page_query_count_is_constant(client, some_pages, django_assert_num_queries):
    page = make_page(slug="about", body="text")
    # page; site settings; sections with content; main-menu pages
    with django_assert_num_queries(4):
        assert client.get(page.get_absolute_url()).status_code == 200


def test_the_menu_lists_sections_then_menu_pages_in_order(client):
    make_page("Teaching", slug="teaching", in_navigation=True, order=2)
    make_page("About", slug="about", in_navigation=True, order=1)
    make_page("Hidden", slug="hidden", in_navigation=True, is_published=False)
    make_page("Not in menu", slug="elsewhere")
    html = client.get("/venues/").content.decode()
    nav = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]
    labels = ["People", "Papers", "Venues", "Institutions", "About", "Teaching"]
    positions = [nav.index(f">{label}</a>") for label in labels]
    assert positions == sorted(positions)
    assert "Hidden" not in nav and "Not in menu" not in nav


def test_the_menu_marks_the_current_entry(client):
    make_page("About", slug="about", in_navigation=True)
    html = client.get("/venues/").content.decode()
    assert '<a href="/venues/" aria-current="page">Venues</a>' in html
    assert '<a href="/papers/">Papers</a>' in html
    html = client.get("/about/").content.decode()
    assert '<a href="/about/" aria-current="page">About</a>' in html
    assert '<a href="/venues/">Venues</a>' in html


def test_a_section_without_content_is_left_out_of_the_menu(client, monkeypatch):
    monkeypatch.setattr(
        "config.navigation.SECTIONS",
        [*SECTIONS, ("papers:unapi", "Empty", lambda: Page.objects.filter(slug="none"))],
    )
    html = client.get("/venues/").content.decode()
    assert ">Empty</a>" not in html and ">Venues</a>" in html


def test_the_menu_costs_the_same_with_many_pages(client, some_pages, django_assert_num_queries):
    # venues; site settings; sections with content; main-menu pages
    with django_assert_num_queries(4):
        html = client.get("/venues/").content.decode()
    assert html.count('href="/page-') == len(some_pages)


def test_the_sitemap_lists_published_pages(client):
    about = make_page(slug="about")
    make_page(slug="draft", is_published=False)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert "http://testserver/sitemap-pages.xml" in sections
    urls = ET.fromstring(client.get("/sitemap-pages.xml").content)
    locations = [loc.text for loc in urls.iter(f"{SITEMAP}loc")]
    assert locations == [f"http://testserver{about.get_absolute_url()}"]


def test_the_admin_lists_pages_in_order_and_previews_the_saved_body(client):
    client.force_login(make_user(superuser=True))
    page = make_page("About", slug="about", body="Hello *world*.", order=2)
    make_page("First", slug="first", order=1)
    html = client.get("/admin/site/page/").content.decode()
    assert html.index("First") < html.index("About")
    html = client.get(f"/admin/site/page/{page.pk}/change/").content.decode()
    assert '<div id="page-preview" class="prose tex"><p>Hello <em>world</em>.</p></div>' in html
    assert client.get(f"/admin/site/page/{page.pk}/history/").status_code == 200


def test_adding_a_page_in_the_admin_renders_it_and_refuses_a_section_slug(client):
    client.force_login(make_user(superuser=True))
    data = {"title": "Teaching", "slug": "papers", "body": "# Courses", "order": 0}
    response = client.post("/admin/site/page/add/", {**data, "is_published": "on"})
    assert response.status_code == 200 and "is a section of the site" in response.content.decode()
    response = client.post(
        "/admin/site/page/add/", {**data, "slug": "teaching", "is_published": "on"}
    )
    assert response.status_code == 302
    page = Page.objects.get()
    assert page.body_html == "<h2>Courses</h2>"
    assert page.history.count() == 1


def test_the_api_shows_anonymous_users_published_pages_only(some_pages):
    make_page(slug="draft", is_published=False)
    api = APIClient()
    data = api.get("/api/v1/pages/").json()
    assert data["count"] == len(some_pages)
    assert "draft" not in {row["slug"] for row in data["results"]}
    assert api.get("/api/v1/pages/draft/").status_code == 404
    row = api.get(f"/api/v1/pages/{some_pages[0].slug}/").json()
    assert set(row) >= {"title", "slug", "body", "body_html", "order", "in_navigation"}


def test_the_api_list_query_count_is_constant(some_pages, django_assert_num_queries):
    # count; the page of pages
    with django_assert_num_queries(2):
        assert APIClient().get("/api/v1/pages/").status_code == 200


def _token_client(*codenames: str) -> APIClient:
    user = make_user()
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def test_a_token_with_the_permission_writes_pages_and_sees_drafts():
    api = _token_client("add_page", "change_page")
    body = {"title": "Join us", "slug": "join-us", "body": "We *hire*.", "is_published": False}
    response = api.post("/api/v1/pages/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["body_html"] == "<p>We <em>hire</em>.</p>"
    assert api.get("/api/v1/pages/join-us/").status_code == 200
    response = api.patch("/api/v1/pages/join-us/", {"body": "Now *open*."}, format="json")
    assert Page.objects.get().body_html == "<p>Now <em>open</em>.</p>"


def test_writes_without_the_permission_are_refused():
    body = {"title": "X", "slug": "x"}
    assert APIClient().post("/api/v1/pages/", body, format="json").status_code in {401, 403}
    assert _token_client("view_page").post("/api/v1/pages/", body, format="json").status_code == 403
    assert not Page.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"title": "Bad\x00", "slug": "bad"},
        {"title": "Bad", "slug": "bad", "body": "\x07bell"},
        {"title": "Bad", "slug": "papers"},
        {"title": "x" * 201, "slug": "bad"},
    ],
)
def test_the_api_refuses_bad_values(body):
    response = _token_client("add_page").post("/api/v1/pages/", body, format="json")
    assert response.status_code == 400
    assert not Page.objects.exists()


def test_the_demo_adds_its_pages_once():
    assert load_pages_demo() == 2
    assert load_pages_demo() == 0
    assert list(Page.objects.in_navigation().values_list("slug", flat=True)) == ["about", "contact"]


def test_the_admin_previews_markdown_as_written_without_saving(client):
    client.force_login(make_user(superuser=True))
    html = client.get("/admin/site/page/add/").content.decode()
    assert 'data-markdown-preview="/admin/site/page/preview/"' in html
    assert "js/markdown_preview.js" in html
    body = "# Hi\n\n<script>alert(1)</script> [x](javascript:alert(1))"
    response = client.post("/admin/site/page/preview/", {"body": body})
    assert response.json()["html"].startswith("<h2>Hi</h2>")
    assert "<script>" not in response.json()["html"]
    assert client.get("/admin/site/page/preview/").status_code == 405
    assert not Page.objects.exists()


def test_the_preview_needs_the_page_permissions(client):
    client.force_login(make_user(staff=True))
    assert client.post("/admin/site/page/preview/", {"body": "x"}).status_code == 403
