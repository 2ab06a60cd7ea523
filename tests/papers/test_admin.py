from datetime import date

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from papers.models import Authorship, ImportRun, Paper, Topic
from tests.factories import (
    admin_form_data,
    make_affiliation,
    make_institution,
    make_metric,
    make_paper,
    make_person,
    make_user,
    make_venue,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(make_user(superuser=True))
    client.get(reverse("admin:index"))  # warm the session and content-type caches
    return client


def add_rows(count: int) -> None:
    """count rows in every table the admin shows (people with affiliations, metrics, papers...)."""
    institution = make_institution()
    venue = make_venue()
    for n in range(count):
        person = make_person(role="phd" if n % 2 else "")
        make_affiliation(person, institution, position="Student")
        make_metric(person)
        paper = make_paper(
            authors=[person, f"Outside Author {n}"],
            subjects=["cs.CL"],
            venue=venue,
            institutions=[institution],
            doi=f"10.1000/x{person.pk}",
        )
        paper.topics.add(Topic.objects.create(name=f"topic {person.pk}"))
        ImportRun.objects.create(
            source=f"file{n}.bib", format="bibtex", status="committed", counts={"new": 1}
        )


def admin_pages(superuser) -> list[str]:
    """Changelist, add and change page of every registered model (the oldest row)."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    urls = []
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{info}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{info}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"{info}_change", args=[first.pk]))
    return urls


def query_counts(client, urls) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_every_admin_page_answers_200_with_query_counts_that_do_not_grow_with_rows(client):
    superuser = make_user(superuser=True)
    client.force_login(superuser)
    client.get(reverse("admin:index"))
    add_rows(2)
    urls = admin_pages(superuser)
    query_counts(client, urls)  # warm the content-type cache
    small = query_counts(client, urls)

    add_rows(18)
    large = query_counts(client, urls)

    assert len(urls) >= 3 * 9
    assert large == small


def test_every_model_but_the_import_log_keeps_versions_in_the_admin():
    without_history = {
        model
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in ("people", "papers")
        and not isinstance(model_admin, SimpleHistoryAdmin)
    }
    assert without_history == {ImportRun}


def test_import_runs_are_a_read_only_log_with_counts_and_report(superuser_client):
    run = ImportRun.objects.create(
        source="a.bib",
        format="bibtex",
        status="committed",
        counts={"new": 3, "updated": 1},
        report={"entries": [{"key": "<script>", "action": "new"}]},
    )
    assert superuser_client.get(reverse("admin:papers_importrun_add")).status_code == 403
    listing = superuser_client.get(reverse("admin:papers_importrun_changelist")).content.decode()
    assert "3 new, 1 updated" in listing
    page = superuser_client.get(reverse("admin:papers_importrun_change", args=[run.pk]))
    html = page.content.decode()
    assert 'name="_save"' not in html
    assert "&quot;key&quot;: &quot;&lt;script&gt;&quot;" in html


@pytest.mark.parametrize("rows", [2, 20])
def test_paper_changelist_runs_seven_queries(superuser_client, django_assert_num_queries, rows):
    add_rows(rows)
    # session, user, subject filter choices, venue filter choices, COUNT for the pager,
    # the page of papers (venue and subject joined, author count as a subquery), distinct years.
    with django_assert_num_queries(7):
        response = superuser_client.get(reverse("admin:papers_paper_changelist"))
    assert response.status_code == 200
    assert response.content.count(b'class="action-select"') == rows


@pytest.mark.parametrize("authors", [2, 20])
def test_paper_change_page_does_not_query_per_author(
    superuser_client, django_assert_num_queries, authors
):
    institution = make_institution()
    people = [make_person() for _ in range(authors)]
    paper = make_paper(authors=people, subjects=["cs.CL"], venue=make_venue())
    for authorship in paper.authorships.all():
        authorship.institutions.add(institution)
    # The "view on site" link needs the content type, cached per process (a flush in another
    # test empties the cache, so the first change page of a run would count one more query).
    ContentType.objects.get_for_model(Paper)
    # session, user, paper, its subjects, topics, organisation tags, authorships with people,
    # their institutions, then the selected options of venue, primary subject and subjects
    # (the author rows reuse what the authorship query loaded).
    with django_assert_num_queries(11):
        response = superuser_client.get(reverse("admin:papers_paper_change", args=[paper.pk]))
    assert people[-1].full_name in response.content.decode()


def test_the_author_count_column_counts_authorships(superuser_client):
    make_paper("Counted", authors=["A", "B", "C"])
    response = superuser_client.get(reverse("admin:papers_paper_changelist"))
    assert b'<td class="field-author_count">3</td>' in response.content


@pytest.mark.parametrize("term", ["transformers", "10.5555/attention", "1706.03762", "Vaswani"])
def test_papers_are_found_by_title_doi_arxiv_id_and_author(superuser_client, term):
    make_paper(
        "Attention with transformers",
        authors=["Ashish Vaswani", "Noam Shazeer"],
        doi="10.5555/attention",
        arxiv_id="1706.03762",
    )
    make_paper("Something else", authors=["Someone Else"])
    response = superuser_client.get(reverse("admin:papers_paper_changelist"), {"q": term})
    assert response.context["cl"].result_count == 1
    assert "Attention with transformers" in response.content.decode()


def test_papers_filter_by_year_and_has_code(superuser_client):
    make_paper("Old with code", date=date(2019, 5, 1), has_code=True)
    make_paper("Old without code", date=date(2019, 5, 1))
    make_paper("New with code", date=date(2024, 5, 1), has_code=True)
    response = superuser_client.get(
        reverse("admin:papers_paper_changelist"), {"year": "2019", "has_code__exact": "1"}
    )
    assert [p.title for p in response.context["cl"].result_list] == ["Old with code"]


@pytest.mark.parametrize(
    ("action", "field", "before", "after", "message"),
    [
        ("publish", "is_published", False, True, "2 papers published."),
        ("hide", "is_published", True, False, "2 papers hidden."),
        ("feature", "is_featured", False, True, "2 papers featured."),
        ("unfeature", "is_featured", True, False, "2 papers no longer featured."),
    ],
)
def test_bulk_actions_change_the_selected_papers_keep_history_and_tell_the_user(
    superuser_client, action, field, before, after, message
):
    chosen = [make_paper(**{field: before}) for _ in range(2)]
    other = make_paper(**{field: before})
    response = superuser_client.post(
        reverse("admin:papers_paper_changelist"),
        {"action": action, "_selected_action": [p.pk for p in chosen]},
        follow=True,
    )
    assert [getattr(p, field) for p in Paper.objects.filter(pk__in=[c.pk for c in chosen])] == [
        after,
        after,
    ]
    assert getattr(Paper.objects.get(pk=other.pk), field) is before
    assert message in [m.message for m in get_messages(response.wsgi_request)]
    latest = Paper.history.filter(id=chosen[0].pk).latest("history_date")
    assert getattr(latest, field) is after
    assert latest.history_user is not None


def test_the_export_action_downloads_the_selected_papers_as_bibtex(superuser_client):
    chosen = [
        make_paper("Chosen one", authors=["Ada Lovelace"]),
        make_paper("Chosen two", authors=["Grace Hopper"]),
    ]
    make_paper("Not chosen")
    response = superuser_client.post(
        reverse("admin:papers_paper_changelist"),
        {"action": "export_bibtex", "_selected_action": [p.pk for p in chosen]},
    )
    assert response["Content-Type"].startswith("application/x-bibtex")
    assert 'filename="papers.bib"' in response["Content-Disposition"]
    body = response.content.decode()
    assert body.count("@") == 2
    assert "Chosen one" in body and "Lovelace" in body and "Not chosen" not in body
    assert [m.message for m in get_messages(response.wsgi_request)] == [
        "Exported 2 papers as BibTeX."
    ]


def test_saving_a_paper_in_the_admin_refreshes_its_search_text(superuser_client):
    paper = make_paper("Old title", authors=["Grace Hopper"])
    url = reverse("admin:papers_paper_change", args=[paper.pk])
    data = admin_form_data(superuser_client.get(url), title="Compilers for everyone")
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    paper.refresh_from_db()
    assert paper.title == "Compilers for everyone"
    assert "compilers for everyone" in paper.search_text
    assert "grace hopper" in paper.search_text


def test_the_author_inline_lists_authors_in_order_and_saves_new_positions(superuser_client):
    ada, grace = make_person("Ada Lovelace"), make_person("Grace Hopper")
    paper = make_paper(authors=[ada, grace])
    url = reverse("admin:papers_paper_change", args=[paper.pk])
    page = superuser_client.get(url)
    html = page.content.decode()
    assert html.index('value="Ada Lovelace"') < html.index('value="Grace Hopper"')

    # Swap the two: positions are unique per paper, so go through a free position.
    data = admin_form_data(page, **{"authorships-0-position": "5", "authorships-1-position": "0"})
    assert superuser_client.post(url, data).status_code == 302
    assert list(paper.authorships.values_list("name", flat=True)) == [
        "Grace Hopper",
        "Ada Lovelace",
    ]
    paper.refresh_from_db()
    assert paper.search_text.endswith("grace hopper ada lovelace")


def test_the_author_autocomplete_finds_people_by_name_variant(superuser_client):
    make_person("Oriol Vinyals", name_variants=["O. Vinyals"])
    make_person("Someone Else")
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "O. Vinyals",
            "app_label": "papers",
            "model_name": "authorship",
            "field_name": "person",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Oriol Vinyals"]


def test_authorships_changelist_filters_unlinked_authors(superuser_client):
    make_paper(authors=[make_person("Linked Person"), "Unlinked Person"])
    response = superuser_client.get(reverse("admin:papers_authorship_changelist"), {"linked": "no"})
    assert [a.name for a in response.context["cl"].result_list] == ["Unlinked Person"]
    assert Authorship.objects.count() == 2
