"""News: the model, its pages and feed, mentions on home/profile/paper pages, the admin's
member rules, the API and the sitemap."""

import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.models import News
from config.views.news import NEWS_PER_PAGE
from tests.factories import admin_form_data, make_paper, make_person, make_user

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def make_news(title: str = "Something happened", **fields) -> News:
    people, papers = fields.pop("people", []), fields.pop("papers", [])
    projects = fields.pop("projects", [])
    fields.setdefault("is_published", True)
    fields.setdefault("body", "We did **a thing**.")
    item = News.objects.create(title=title, **fields)
    item.people.set(people)
    item.papers.set(papers)
    item.projects.set(projects)
    return item


def make_many(n: int) -> list[News]:
    person, paper = make_person("Ada Lovelace"), make_paper("Engines")
    return [
        make_news(
            f"Item {i}", date=date(2020 + i % 3, 1 + i % 12, 1), people=[person], papers=[paper]
        )
        for i in range(n)
    ]


@pytest.fixture
def api():
    cache.clear()  # throttle counters
    yield APIClient()
    cache.clear()


# Model


def test_the_slug_comes_from_the_title_and_stays_unique():
    first = make_news("Paper accepted at ICML!")
    second = make_news("Paper accepted at ICML!")
    assert first.slug == "paper-accepted-at-icml"
    assert second.slug == "paper-accepted-at-icml-2"
    assert first.get_absolute_url() == "/news/paper-accepted-at-icml/"


def test_the_body_is_rendered_once_on_save_and_stored():
    item = make_news(body="# Big day\n\nWe *won*.")
    stored = News.objects.values_list("body_html", flat=True).get(pk=item.pk)
    assert "<h2>Big day</h2>" in stored and "<em>won</em>" in stored


def test_a_page_request_does_not_render_markdown(client, monkeypatch):
    item = make_news(body="Original *text*.")
    # Whatever is stored is what the page shows: no Markdown rendering per request.
    News.objects.filter(pk=item.pk).update(body_html="<p>stored html</p>")
    calls = []
    monkeypatch.setattr("config.models.news.render_markdown", lambda *a, **k: calls.append(a))
    html = client.get(item.get_absolute_url()).content.decode()
    assert "<p>stored html</p>" in html and "Original" not in html
    assert calls == []


def test_control_characters_and_oversized_bodies_are_refused():
    with pytest.raises(ValidationError):
        News(title="Bad\x00title", body="ok").full_clean()
    with pytest.raises(ValidationError):
        News(title="Fine", body="a\x07b").full_clean()
    with pytest.raises(ValidationError):
        News(title="Fine", body="x" * 100_001).full_clean()
    News(title="Fine", body="Tabs\tand\nnewlines are fine.").full_clean()


def test_an_uploaded_image_is_validated_and_reencoded_without_metadata():
    item = News(title="With a picture")
    out = io.BytesIO()
    Image.new("RGBA", (3000, 1000), (0, 0, 255, 128)).save(out, "PNG")
    item.image = SimpleUploadedFile("photo.png", out.getvalue())
    item.full_clean()
    item.save()
    with Image.open(item.image.path) as stored:
        assert stored.format == "PNG"  # a fresh file; transparency kept (JPEG otherwise)
        assert max(stored.size) == 1600
        assert not stored.getexif()
    with pytest.raises(ValidationError):
        News(title="Not a picture", image=SimpleUploadedFile("x.jpg", b"%PDF-1.4")).full_clean()


def test_the_queryset_says_who_and_what_is_mentioned():
    ada, paper = make_person("Ada Lovelace"), make_paper("Engines")
    about = make_news("About Ada", people=[ada], papers=[paper])
    make_news("Draft about Ada", people=[ada], is_published=False)
    make_news("Other")
    assert list(News.objects.published().mentioning_person(ada)) == [about]
    assert list(News.objects.published().mentioning_paper(paper)) == [about]


# Pages


def test_hostile_markdown_is_harmless_on_the_page(client):
    body = (
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "[click](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
        "![pic](javascript:alert(4))"
    )
    item = make_news("Hostile", body=body)
    html = client.get(item.get_absolute_url()).content.decode()
    main = html[html.index("<main") :]
    assert "<script>alert" not in main and "<img src=x" not in main
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in main  # shown as text
    assert 'href="javascript:' not in main and 'src="javascript:' not in main
    assert 'href="data:' not in main


@pytest.mark.parametrize("n", [2, 8])
def test_the_news_list_query_count_is_constant(client, n, django_assert_num_queries):
    make_many(n)
    # count; page of items; site settings; sections with content; main-menu pages
    with django_assert_num_queries(5):
        response = client.get(reverse("news_list"))
    assert response.status_code == 200
    assert response.content.decode().count('<article class="news-item">') == n


@pytest.mark.parametrize("n", [2, 8])
def test_the_news_page_query_count_is_constant(client, n, django_assert_num_queries):
    item = make_many(n)[0]
    # item; its people; its published papers; its published projects; site settings; sections
    # with content; main-menu pages
    with django_assert_num_queries(7):
        response = client.get(item.get_absolute_url())
    assert response.status_code == 200


def test_the_news_list_is_grouped_by_year_newest_first(client):
    make_news("Old", date=date(2021, 5, 1))
    make_news("Newer", date=date(2023, 2, 1))
    make_news("Newest", date=date(2023, 8, 1))
    html = client.get(reverse("news_list")).content.decode()
    assert '<h2 id="news-2023">2023</h2>' in html and '<h2 id="news-2021">2021</h2>' in html
    assert html.index("2023</h2>") < html.index("Newest") < html.index("Newer")
    assert html.index("Newer") < html.index("2021</h2>") < html.index("Old")


def test_the_news_list_hides_drafts_and_pages_through_items(client):
    for i in range(NEWS_PER_PAGE + 3):
        make_news(f"Item {i}", date=date(2024, 1, 1))
    make_news("Secret draft", is_published=False)
    first = client.get(reverse("news_list")).content.decode()
    assert first.count('<article class="news-item">') == NEWS_PER_PAGE
    assert "Secret draft" not in first
    assert 'href="?page=2"' in first
    second = client.get(reverse("news_list"), {"page": 2}).content.decode()
    assert second.count('<article class="news-item">') == 3


def test_the_news_pages_link_their_feed_in_the_head(client):
    item = make_news()
    feed = reverse("news_feed")
    for url in (reverse("news_list"), item.get_absolute_url()):
        html = client.get(url).content.decode()
        head = html[: html.index("</head>")]
        assert f'type="application/atom+xml" title="News" href="{feed}"' in head


def test_a_news_page_shows_its_date_body_people_and_papers(client):
    ada = make_person("Ada Lovelace")
    paper = make_paper("Engines of thought")
    hidden = make_paper("Hidden draft paper", is_published=False)
    item = make_news("Ada wins", date=date(2024, 3, 5), people=[ada], papers=[paper, hidden])
    html = client.get(item.get_absolute_url()).content.decode()
    assert '<time datetime="2024-03-05">' in html
    assert '<div class="prose tex"><p>We did <strong>a thing</strong>.</p>' in html
    assert f'href="{ada.get_absolute_url()}">Ada Lovelace</a>' in html
    assert f'href="{paper.get_absolute_url()}">Engines of thought</a>' in html
    assert "Hidden draft paper" not in html


def test_an_unpublished_item_is_not_found(client):
    item = make_news("Draft", is_published=False)
    assert client.get(item.get_absolute_url()).status_code == 404


def test_the_feed_is_valid_atom_with_the_published_items(client, settings):
    settings.SITE_NAME = "Test Lab"
    make_news("First news", date=date(2024, 1, 1), body="Hello <b>there</b> & *all*.")
    make_news("Second news", date=date(2024, 2, 1))
    make_news("Draft news", is_published=False)
    response = client.get(reverse("news_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Test Lab: news"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Second news", "First news"]
    summary = entries[1].find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<em>all</em>" in summary.text and "<b>" not in summary.text
    assert entries[1].find(f"{ATOM}link").get("href").endswith("/news/first-news/")


# Mentions on other pages


def test_the_home_page_shows_the_latest_three_published_items(client):
    for i in range(4):
        make_news(f"Home item {i}", date=date(2024, 1, 1 + i))
    make_news("Home draft", date=date(2024, 2, 1), is_published=False)
    html = client.get("/").content.decode()
    assert "Home item 3" in html and "Home item 1" in html and "Home item 0" not in html
    assert "Home draft" not in html
    assert f'href="{reverse("news_list")}">All news</a>' in html


def test_a_profile_shows_the_published_news_that_mention_the_person(client):
    ada = make_person("Ada Lovelace", role="phd")
    make_news("Ada joins", people=[ada])
    make_news("Ada draft", people=[ada], is_published=False)
    make_news("Not about Ada")
    html = client.get(ada.get_absolute_url()).content.decode()
    assert "Ada joins" in html and "Ada draft" not in html and "Not about Ada" not in html


def test_a_paper_page_shows_the_published_news_that_mention_the_paper(client):
    paper = make_paper("Engines of thought")
    make_news("Engines accepted", papers=[paper])
    make_news("Engines draft", papers=[paper], is_published=False)
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "Engines accepted" in html and "Engines draft" not in html


# Admin


@pytest.fixture
def member():
    return make_person("Ada Lovelace", role="phd", user=make_user("ada", staff=True))


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


def test_a_member_sees_and_edits_only_news_that_link_them(member_client, member):
    mine = make_news("About Ada", people=[member])
    theirs = make_news("About someone else", people=[make_person("Someone Else")])
    response = member_client.get(reverse("admin:site_news_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
    assert member_client.get(reverse("admin:site_news_change", args=[theirs.pk])).status_code == 302
    member_client.post(reverse("admin:site_news_change", args=[theirs.pk]), {"title": "Hijacked"})
    theirs.refresh_from_db()
    assert theirs.title == "About someone else"


def test_a_member_writes_a_draft_about_themselves_but_cannot_publish(member_client, member):
    url = reverse("admin:site_news_add")
    page = member_client.get(url)
    assert page.status_code == 200
    assert 'name="is_published"' not in page.content.decode()
    data = admin_form_data(page, title="My talk", body="I gave a *talk*.", date="2024-05-01")
    data["is_published"] = "on"
    assert member_client.post(url, data).status_code == 302
    item = News.objects.get(title="My talk")
    assert item.is_published is False
    assert list(item.people.all()) == [member]
    assert item.history.count() == 1


def test_a_member_cannot_publish_their_own_item_by_editing_it(member_client, member):
    item = make_news("About Ada", people=[member], is_published=False)
    url = reverse("admin:site_news_change", args=[item.pk])
    data = admin_form_data(member_client.get(url), body="Updated.")
    data["is_published"] = "on"
    assert member_client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.body, item.is_published) == ("Updated.", False)


def test_an_editor_publishes_any_item(client):
    editor = make_user("editor", staff=True)
    for codename in ("view_news", "change_news"):
        editor.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(editor)
    item = make_news("Someone's draft", people=[make_person("Someone")], is_published=False)
    url = reverse("admin:site_news_change", args=[item.pk])
    page = client.get(url)
    assert 'name="is_published"' in page.content.decode()
    assert client.post(url, admin_form_data(page, is_published="on")).status_code == 302
    item.refresh_from_db()
    assert item.is_published is True


def test_the_admin_pages_and_history_render_for_a_superuser(client):
    client.force_login(make_user("root", superuser=True))
    item = make_news("Something", people=[make_person("Someone")])
    for url in (
        reverse("admin:site_news_changelist"),
        reverse("admin:site_news_changelist") + "?q=something",
        reverse("admin:site_news_add"),
        reverse("admin:site_news_change", args=[item.pk]),
        reverse("admin:site_news_history", args=[item.pk]),
    ):
        assert client.get(url).status_code == 200, url


# API


def test_the_api_lists_published_news_for_anonymous_users(api, django_assert_num_queries):
    make_many(3)
    make_news("Draft", is_published=False)
    # count; page; people; papers; projects
    with django_assert_num_queries(5):
        response = api.get("/api/v1/news/")
    assert response.status_code == 200
    assert response.data["count"] == 3
    first = response.data["results"][0]
    assert first["people"][0]["slug"] == "ada-lovelace"
    assert first["papers"][0]["title"] == "Engines"
    assert "<strong>a thing</strong>" in first["body_html"]
    assert api.get("/api/v1/news/draft/").status_code == 404


def test_the_api_filters_news_by_person_and_year(api):
    ada = make_person("Ada Lovelace")
    make_news("Ada 2023", date=date(2023, 1, 1), people=[ada])
    make_news("Ada 2024", date=date(2024, 1, 1), people=[ada])
    make_news("Other 2024", date=date(2024, 1, 1))
    titles = lambda **q: [r["title"] for r in api.get("/api/v1/news/", q).data["results"]]  # noqa: E731
    assert titles(person="ada-lovelace") == ["Ada 2024", "Ada 2023"]
    assert titles(year=2024) == ["Other 2024", "Ada 2024"]
    assert titles(person="ada-lovelace", year=2023) == ["Ada 2023"]
    assert api.get("/api/v1/news/", {"year": 0}).status_code == 400


def test_api_writes_need_a_token_and_the_model_permission(api):
    ada, paper = make_person("Ada Lovelace"), make_paper("Engines")
    payload = {
        "title": "Via the API",
        "date": "2024-04-01",
        "body": "Hello *API*.",
        "people": [ada.slug],
        "papers": [paper.slug],
        "is_published": True,
    }
    assert api.post("/api/v1/news/", payload, format="json").status_code == 401
    user = make_user("bot")
    token = Token.objects.create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.post("/api/v1/news/", payload, format="json").status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="add_news"))
    response = api.post("/api/v1/news/", payload, format="json")
    assert response.status_code == 201, response.data
    item = News.objects.get(slug="via-the-api")
    assert "<em>API</em>" in item.body_html
    assert list(item.people.all()) == [ada] and list(item.papers.all()) == [paper]
    bad = api.post("/api/v1/news/", {**payload, "title": "Bad\x00"}, format="json")
    assert bad.status_code == 400


def test_editors_see_drafts_in_the_api(api):
    make_news("Draft", is_published=False)
    user = make_user("bot")
    user.user_permissions.add(Permission.objects.get(codename="change_news"))
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert api.get("/api/v1/news/draft/").status_code == 200


# Sitemap


def test_the_sitemap_lists_published_news(client):
    item = make_news("In the map")
    draft = make_news("Not in the map", is_published=False)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-news.xml" in index
    xml = client.get("/sitemap-news.xml").content.decode()
    assert item.get_absolute_url() in xml and draft.get_absolute_url() not in xml


def test_news_and_projects_link_both_ways(client):
    from tests.content.test_projects import make_project

    project = make_project("Sparse models")
    item = make_news("A new sparse model", projects=[project])
    make_news("Draft about it", projects=[project], is_published=False)
    project_page = client.get(project.get_absolute_url()).content.decode()
    assert "A new sparse model" in project_page and "Draft about it" not in project_page
    news_page = client.get(item.get_absolute_url()).content.decode()
    assert f'href="{project.get_absolute_url()}">Sparse models</a>' in news_page
