import threading

import pytest
from django.db import connection

from papers.models import Authorship, Paper
from tests.factories import make_institution, make_paper, make_person, make_user, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(api):
    api.force_login(make_user(superuser=True))
    return api


def author_names(paper: Paper) -> list[str]:
    return list(paper.authorships.order_by("position").values_list("name", flat=True))


def test_creating_a_paper_with_three_ordered_authors_is_one_request(editor):
    oriol = make_person("Oriol Vinyals")
    make_venue("NeurIPS Proceedings", short_name="NeurIPS")
    body = {
        "title": "Pointer Networks",
        "date": "2015-06-09",
        "kind": "conference",
        "venue": "neurips",
        "doi": "https://doi.org/10.5555/2969442.2969540",
        "arxiv_id": "arXiv:1506.03134v2",
        "subjects": ["cs.LG", "stat.ML"],
        "authors": [
            {"name": "Meire Fortunato", "equal_contribution": True},
            {"name": "O. Vinyals", "person": oriol.slug, "corresponding": True},
            {"name": "Navdeep Jaitly", "person": None},
        ],
    }
    response = editor.post("/api/v1/papers/", body, format="json")
    assert response.status_code == 201, response.json()
    paper = Paper.objects.get()
    assert author_names(paper) == ["Meire Fortunato", "O. Vinyals", "Navdeep Jaitly"]
    first, second, third = paper.authorships.order_by("position")
    assert (first.position, first.equal_contribution, first.person) == (0, True, None)
    assert (second.position, second.person, second.corresponding) == (1, oriol, True)
    assert (third.position, third.person) == (2, None)
    assert paper.doi == "10.5555/2969442.2969540"
    assert paper.arxiv_id == "1506.03134"
    assert paper.venue.slug == "neurips"
    data = response.json()
    assert [a["name"] for a in data["authors"]] == [
        "Meire Fortunato",
        "O. Vinyals",
        "Navdeep Jaitly",
    ]
    assert data["authors"][1]["person"]["slug"] == oriol.slug
    # searchable at once
    assert editor.get("/api/v1/papers/?q=fortunato").json()["count"] == 1


def test_updating_replaces_and_reorders_the_author_list(editor):
    oriol = make_person("Oriol Vinyals")
    paper = make_paper("Pointer Networks", authors=["Meire Fortunato", oriol, "Navdeep Jaitly"])
    url = f"/api/v1/papers/{paper.slug}/"
    reordered = [
        {"name": "Navdeep Jaitly"},
        {"name": "Oriol Vinyals", "person": oriol.slug},
        {"name": "Meire Fortunato"},
    ]
    response = editor.patch(url, {"authors": reordered}, format="json")
    assert response.status_code == 200, response.json()
    assert author_names(paper) == ["Navdeep Jaitly", "Oriol Vinyals", "Meire Fortunato"]
    assert list(paper.authorships.values_list("position", flat=True).order_by("position")) == [
        0,
        1,
        2,
    ]
    assert paper.authorships.get(position=1).person == oriol

    response = editor.put(
        url, {"title": "Pointer Networks (v2)", "authors": reordered[:2]}, format="json"
    )
    assert response.status_code == 200
    paper.refresh_from_db()
    assert paper.title == "Pointer Networks (v2)"
    assert author_names(paper) == ["Navdeep Jaitly", "Oriol Vinyals"]


def test_two_linked_people_can_swap_places(editor):
    oriol, meire = make_person("Oriol Vinyals"), make_person("Meire Fortunato")
    paper = make_paper("Pointer Networks", authors=[meire, oriol])
    swapped = [
        {"name": "Oriol Vinyals", "person": oriol.slug},
        {"name": "Meire Fortunato", "person": meire.slug},
    ]
    response = editor.patch(f"/api/v1/papers/{paper.slug}/", {"authors": swapped}, format="json")
    assert response.status_code == 200, response.json()
    assert [row.person for row in paper.authorships.order_by("position")] == [oriol, meire]


def test_a_patch_without_authors_keeps_them(editor):
    paper = make_paper(authors=["A", "B", "C"])
    editor.patch(f"/api/v1/papers/{paper.slug}/", {"citation_count": 3}, format="json")
    assert author_names(paper) == ["A", "B", "C"]


def test_author_institutions_are_written_and_kept(editor):
    ucl = make_institution("University College London", short_name="ucl")
    body = {"title": "Tagged", "authors": [{"name": "A", "institutions": ["ucl"]}]}
    data = editor.post("/api/v1/papers/", body, format="json").json()
    assert data["authors"][0]["institutions"][0]["slug"] == "ucl"
    assert Authorship.objects.get().institutions.get() == ucl


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("doi", "not-a-doi"),
        ("arxiv_id", "1234.5"),
        ("venue", "no-such-venue"),
        ("subjects", ["xx.NOPE"]),
        ("date", "yesterday"),
        ("kind", "poem"),
        ("title", ""),
    ],
)
def test_bad_data_is_a_400_naming_the_field_and_writes_nothing(editor, field, value):
    body = {"title": "Fine title", "authors": [{"name": "A"}, {"name": "B"}], field: value}
    response = editor.post("/api/v1/papers/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Paper.objects.exists()
    assert not Authorship.objects.exists()


def test_a_bad_author_fails_the_whole_update(editor):
    paper = make_paper("Kept", authors=["A", "B"])
    body = {"title": "Changed", "authors": [{"name": "C"}, {"name": "D", "person": "nobody"}]}
    response = editor.put(f"/api/v1/papers/{paper.slug}/", body, format="json")
    assert response.status_code == 400
    assert response.json()["authors"] == {
        "1": {"person": ["Object with slug=nobody does not exist."]}
    }
    paper.refresh_from_db()
    assert paper.title == "Kept"
    assert author_names(paper) == ["A", "B"]


def test_the_same_person_twice_in_one_author_list_is_a_400(editor):
    person = make_person()
    body = {"title": "T", "authors": [{"name": "A", "person": person.slug}] * 2}
    response = editor.post("/api/v1/papers/", body, format="json")
    assert response.status_code == 400
    assert "authors" in response.json()


def test_a_doi_or_arxiv_id_another_paper_has_is_a_400(editor):
    make_paper(doi="10.1038/nature14539", arxiv_id="1506.03134")
    for field, value in (
        ("doi", "https://doi.org/10.1038/NATURE14539"),
        ("arxiv_id", "1506.03134v3"),
    ):
        response = editor.post("/api/v1/papers/", {"title": "Dup", field: value}, format="json")
        assert response.status_code == 400
        assert field in response.json()
    assert Paper.objects.count() == 1


def test_keeping_its_own_doi_on_update_is_fine(editor):
    paper = make_paper(doi="10.1038/nature14539")
    response = editor.patch(
        f"/api/v1/papers/{paper.slug}/", {"doi": "10.1038/nature14539"}, format="json"
    )
    assert response.status_code == 200


def test_deleting_an_institution_still_in_use_is_a_409(editor):
    institution = make_institution()
    make_person().affiliations.create(institution=institution)
    response = editor.delete(f"/api/v1/institutions/{institution.slug}/")
    assert response.status_code == 409
    assert "detail" in response.json()


def test_writes_to_people_validate_identifiers_and_dates(editor):
    response = editor.post(
        "/api/v1/people/",
        {
            "full_name": "Bad Orcid",
            "orcid": "0000-0000-0000-0000",
            "joined": "2020-01-01",
            "left": "2019-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "orcid" in response.json()
    response = editor.post(
        "/api/v1/people/",
        {"full_name": "Late", "joined": "2020-01-01", "left": "2019-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "left" in response.json()


def test_concurrent_updates_lose_neither_authors_nor_fields(on_postgres, transactional_db):
    """Writers replace the author list while others change the title at the same moment.

    The row lock makes each write read the paper after the previous one committed, so
    no writer saves a stale title over a new one, and one complete author list wins.
    """
    from rest_framework.test import APIClient

    paper = make_paper("Contended", authors=["Start"])
    user = make_user(superuser=True)
    lists = [[f"Writer{w} Author{i}" for i in range(4)] for w in range(4)]
    titles = [f"Title {w}" for w in range(4)]
    bodies = [{"authors": [{"name": n} for n in names]} for names in lists]
    bodies += [{"title": title} for title in titles]
    barrier = threading.Barrier(len(bodies))
    statuses: list[int] = []

    def write(body):
        client = APIClient()
        client.force_login(user)
        barrier.wait()
        response = client.patch(f"/api/v1/papers/{paper.slug}/", body, format="json")
        statuses.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=write, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * len(bodies)
    paper.refresh_from_db()
    assert paper.title in titles
    assert author_names(paper) in lists
    positions = paper.authorships.values_list("position", flat=True).order_by("position")
    assert list(positions) == [0, 1, 2, 3]
