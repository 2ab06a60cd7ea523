"""Projects: the model, the pages, the project filter on papers, the API, the sitemap, the demo."""

import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.demo import load_projects_demo
from config.models import Project, ProjectMember
from people.models import Person
from tests.factories import make_paper, make_person, make_user

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def make_project(title: str = "Graph learning", *, members=(), papers=(), **fields) -> Project:
    """A published project; members are (person, role) pairs in order."""
    fields.setdefault("published", True)
    project = Project.objects.create(title=title, **fields)
    for order, (person, role) in enumerate(members):
        ProjectMember.objects.create(project=project, person=person, role=role, order=order)
    project.papers.set(papers)
    return project


@pytest.fixture(autouse=True)
def _empty_cache():
    """The papers page caches its filter choices; API throttles count in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(params=[2, 20], ids=["small", "large"])
def size(request) -> int:
    return request.param


def build_projects(n: int) -> list[Project]:
    """n projects, half of them past, each with n members and n papers by those members."""
    today = timezone.localdate()
    projects = []
    for i in range(n):
        people = [make_person(role="phd") for _ in range(n)]
        papers = [make_paper(authors=[person]) for person in people]
        projects.append(
            make_project(
                f"Project {i}",
                members=[(person, f"Role {j}") for j, person in enumerate(people)],
                papers=papers,
                start=date(2015, 1, 1),
                end=today - timedelta(days=1 + i) if i % 2 else None,
            )
        )
    return projects


# The model


def test_slugs_are_unique_and_body_is_rendered_once_on_save():
    first = make_project("Graph learning", body="# Aim\n\nLearn *graphs* with $x^2$.")
    second = make_project("Graph learning")
    assert (first.slug, second.slug) == ("graph-learning", "graph-learning-2")
    assert "<h2>Aim</h2>" in first.body_html and "<em>graphs</em>" in first.body_html
    assert "$x^2$" in first.body_html


def test_a_project_is_active_until_its_end_date_passes():
    today = timezone.localdate()
    ongoing = make_project("Ongoing")
    ending = make_project("Ending later", end=today + timedelta(days=30))
    over = make_project("Over", start=date(2010, 1, 1), end=today - timedelta(days=1))
    assert set(Project.objects.active()) == {ongoing, ending}
    assert list(Project.objects.past()) == [over]
    assert ongoing.is_active() and ending.is_active() and not over.is_active()
    assert list(Project.objects.active_first()) == [ongoing, ending, over]


def test_end_before_start_is_refused():
    project = Project(title="Backwards", start=date(2020, 1, 1), end=date(2019, 1, 1))
    with pytest.raises(ValidationError):
        project.full_clean()


def test_the_database_refuses_an_end_before_the_start_but_not_unknown_dates():
    make_project("No dates")
    make_project("Only an end", end=date(2020, 1, 1))
    make_project("Only a start", start=date(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project("Backwards", start=date(2020, 1, 1), end=date(2019, 1, 1))


def test_control_characters_and_oversized_values_are_refused():
    with pytest.raises(ValidationError) as error:
        Project(title="Null\x00byte", summary="bell\x07").full_clean()
    assert {"title", "summary"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        Project(title="x" * 201).full_clean()
    assert "title" in error.value.message_dict


def test_a_person_is_on_a_project_once():
    person = make_person()
    project = make_project(members=[(person, "Lead")])
    with pytest.raises(Exception):  # noqa: B017 - the database's unique constraint
        ProjectMember.objects.create(project=project, person=person, role="Again")


def test_of_person_and_of_paper_select_the_projects_linked_to_them():
    person, paper = make_person(), make_paper()
    mine = make_project("Mine", members=[(person, "Lead")], papers=[paper])
    make_project("Other")
    assert list(Project.objects.of_person(person)) == [mine]
    assert list(Project.objects.of_paper(paper)) == [mine]


def _png_with_exif() -> SimpleUploadedFile:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera Maker"
    Image.new("RGBA", (40, 30), (255, 0, 0, 128)).save(out, "PNG", exif=exif)
    return SimpleUploadedFile("diagram.png", out.getvalue(), content_type="image/png")


def test_an_uploaded_image_is_validated_and_re_encoded_without_metadata():
    project = make_project(image=_png_with_exif())
    assert project.image.name.endswith(".png")  # transparent: a fresh PNG (JPEG otherwise)
    with Image.open(project.image.path) as image:
        assert image.format == "PNG" and image.size == (40, 30)
        assert not image.getexif()
    bad = Project(title="Bad image", image=SimpleUploadedFile("x.png", b"not an image"))
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "image" in error.value.message_dict


# Pages


def test_projects_page_lists_active_projects_then_past_ones(client):
    today = timezone.localdate()
    make_project("Old work", start=date(2010, 1, 1), end=date(2012, 1, 1))
    make_project("Current work", summary="What we do now.")
    make_project("Winding down", end=today + timedelta(days=10))
    make_project("Hidden work", published=False)
    html = client.get("/projects/").content.decode()
    assert html.index("Active projects") < html.index("Current work") < html.index("Winding down")
    assert html.index("Winding down") < html.index("Past projects") < html.index("Old work")
    assert "What we do now." in html
    assert "Hidden work" not in html


def test_projects_page_query_count_is_constant(client, size, django_assert_num_queries):
    build_projects(size)
    # published projects, active first; site settings; sections with content; main-menu pages
    with django_assert_num_queries(4):
        assert client.get("/projects/").status_code == 200


def test_project_page_query_count_is_constant(client, size, django_assert_num_queries):
    project = build_projects(size)[0]
    # project; members with people; papers + 4 card prefetches; news about it; site settings;
    # sections with content; main-menu pages
    with django_assert_num_queries(11):
        html = client.get(project.get_absolute_url()).content.decode()
    assert html.count('<article class="paper-card">') == size


def test_project_page_shows_people_with_roles_papers_links_and_body(client):
    lead, advisor = make_person("Ada Lovelace", role="pi"), make_person("Alan Turing")
    outsider = make_person("Grace Hopper")
    by_outsider = make_paper("A paper by someone outside", authors=[outsider])
    hidden = make_paper("An unpublished draft", authors=[lead], is_published=False)
    project = make_project(
        "Engines",
        members=[(advisor, "Advisor"), (lead, "Lead")],
        papers=[by_outsider, hidden],
        body="We build **engines**.",
        code_url="https://github.com/example/engines",
    )
    html = client.get(project.get_absolute_url()).content.decode()
    assert html.index("Alan Turing") < html.index("Ada Lovelace")  # the members' order
    assert f'href="{lead.get_absolute_url()}">Ada Lovelace</a> <span class="count">Lead' in html
    assert "A paper by someone outside" in html and "An unpublished draft" not in html
    assert 'href="https://github.com/example/engines"' in html
    assert '<div class="prose tex"><p>We build <strong>engines</strong>.</p></div>' in html
    assert "<title>Engines · " in html


def test_unpublished_project_is_a_404_for_visitors(client):
    project = make_project("Secret", published=False)
    assert client.get(project.get_absolute_url()).status_code == 404
    assert client.get("/projects/nothing-here/").status_code == 404
    client.force_login(make_user(superuser=True))
    assert client.get(project.get_absolute_url()).status_code == 200  # an editor's preview


def test_hostile_markdown_is_harmless(client):
    body = (
        "<script>alert(1)</script>\n\n"
        '<img src="x" onerror="alert(2)">\n\n'
        "[click](javascript:alert(3)) and [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
        "![pic](data:image/svg+xml;base64,PHN2Zz4=)"
    )
    project = make_project("Hostile", body=body)
    html = client.get(project.get_absolute_url()).content.decode()
    prose = html.split('<div class="prose tex">', 1)[1].split("</div>", 1)[0]
    # Raw HTML is shown as text; no tag, handler or dangerous URL survives.
    assert "<script" not in prose and "<img" not in prose
    assert "&lt;script&gt;" in prose and "&lt;img" in prose
    for attribute in ('href="javascript:', 'href="data:', 'src="data:'):
        assert attribute not in prose


def test_profile_and_paper_page_show_their_published_projects(client):
    person, paper = make_person("Ada Lovelace", role="pi"), make_paper("Engines paper")
    make_project("Analytical engines", members=[(person, "Lead")], papers=[paper])
    make_project("Unannounced", members=[(person, "Lead")], papers=[paper], published=False)
    for url in (person.get_absolute_url(), paper.get_absolute_url()):
        html = client.get(url).content.decode()
        assert '<h2 id="projects-heading">Projects</h2>' in html
        assert "Analytical engines" in html and "Unannounced" not in html
    other = make_person("Nobody Special", role="phd")
    assert "projects-heading" not in client.get(other.get_absolute_url()).content.decode()


# The project filter on papers


def test_papers_page_filters_by_project_and_offers_published_projects(client):
    inside, outside = make_paper("Inside paper"), make_paper("Outside paper")
    project = make_project("Engines", papers=[inside])
    make_project("Unannounced", papers=[outside], published=False)
    html = client.get("/papers/", {"project": project.slug}).content.decode()
    assert "Inside paper" in html and "Outside paper" not in html
    assert f'<option value="{project.slug}" selected>Engines (1)</option>' in html
    assert "Unannounced" not in html
    html = client.get("/papers/", {"project": "unannounced"}).content.decode()
    assert "Outside paper" not in html


def test_papers_api_filters_by_project():
    inside = make_paper("Inside paper")
    make_paper("Outside paper")
    project = make_project("Engines", papers=[inside])
    data = APIClient().get("/api/v1/papers/", {"project": project.slug}).json()
    assert [p["title"] for p in data["results"]] == ["Inside paper"]


# API


def test_api_lists_published_projects_with_members_and_published_papers(size):
    build_projects(size)
    make_project("Hidden", published=False)
    project = Project.objects.get(title="Project 0")
    project.papers.add(make_paper("Draft", is_published=False))
    api = APIClient()
    data = api.get("/api/v1/projects/").json()
    assert data["count"] == size
    first = data["results"][0]
    assert first["title"] == "Project 0" and first["is_active"] is True
    assert [m["role"] for m in first["members"]] == [f"Role {j}" for j in range(size)]
    assert first["members"][0]["person"]["slug"]
    assert len(first["papers"]) == size  # the draft is not shown
    assert api.get("/api/v1/projects/hidden/").status_code == 404


def test_api_project_list_query_count_is_constant(size, django_assert_num_queries):
    build_projects(size)
    # count; projects; members with people; papers
    with django_assert_num_queries(4):
        assert APIClient().get("/api/v1/projects/").status_code == 200


def test_api_filters_projects_by_status_person_and_paper():
    person, paper = make_person(), make_paper()
    mine = make_project("Mine", members=[(person, "Lead")], papers=[paper])
    make_project("Over", start=date(2010, 1, 1), end=date(2011, 1, 1))
    api = APIClient()

    def titles(**params):
        return [p["title"] for p in api.get("/api/v1/projects/", params).json()["results"]]

    assert titles(status="past") == ["Over"]
    assert titles(status="active") == ["Mine"]
    assert titles(person=person.slug) == [mine.title]
    assert titles(paper=paper.slug) == [mine.title]
    assert titles(person="nobody") == []


def test_api_writes_need_a_token_and_the_permission():
    api = APIClient()
    body = {"title": "New project", "summary": "Short.", "body": "# Aim"}
    assert api.post("/api/v1/projects/", body, format="json").status_code == 401
    user = make_user()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert api.post("/api/v1/projects/", body, format="json").status_code == 403
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_project", "change_project"])
    )
    paper = make_paper()
    response = api.post("/api/v1/projects/", {**body, "papers": [paper.slug]}, format="json")
    assert response.status_code == 201, response.json()
    project = Project.objects.get(slug="new-project")
    assert list(project.papers.all()) == [paper]
    assert response.json()["body_html"] == "<h2>Aim</h2>"
    response = api.patch(
        "/api/v1/projects/new-project/", {"published": True, "end": "2020-01-01"}, format="json"
    )
    assert response.status_code == 200
    response = api.patch("/api/v1/projects/new-project/", {"start": "2021-01-01"}, format="json")
    assert response.status_code == 400 and "end" in response.json()


def test_api_refuses_control_characters():
    api = APIClient()
    api.force_login(make_user(superuser=True))
    response = api.post("/api/v1/projects/", {"title": "Bad\x00title"}, format="json")
    assert response.status_code == 400
    response = api.post("/api/v1/projects/", {"title": "Ok", "body": "a\x1bb"}, format="json")
    assert response.status_code == 400 and "body" in response.json()
    assert not Project.objects.exists()


# Sitemap, admin, demo


def test_sitemap_lists_published_projects_only(client):
    shown = make_project("Shown")
    make_project("Hidden", published=False)
    root = ET.fromstring(client.get("/sitemap-projects.xml").content)
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert locations == [f"http://testserver{shown.get_absolute_url()}"]


def test_admin_lists_and_edits_projects_with_the_member_inline(client):
    client.force_login(make_user(superuser=True))
    project = make_project(members=[(make_person("Ada Lovelace"), "Lead")])
    assert client.get("/admin/site/project/").status_code == 200
    assert client.get("/admin/site/project/", {"end__isnull": "True"}).status_code == 200
    html = client.get(f"/admin/site/project/{project.pk}/change/").content.decode()
    assert "Ada Lovelace" in html and 'value="Lead"' in html
    assert client.get(f"/admin/site/project/{project.pk}/history/").status_code == 200


def test_demo_projects_load_once_and_link_demo_people_and_papers():
    oriol = Person.objects.create(full_name="Oriol Vinyals", slug="oriol-vinyals", role="pi")
    make_paper("StarCraft II: A New Challenge for Reinforcement Learning")
    assert load_projects_demo() == 2
    assert load_projects_demo() == 0
    past = Project.objects.get(slug="learning-to-play-real-time-strategy")
    assert not past.is_active() and list(past.people.all()) == [oriol]
    assert past.papers.count() == 1
    assert Project.objects.active().published().count() == 1
