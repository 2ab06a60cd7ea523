from datetime import date

import pytest

from people.models import Subject
from tests.factories import (
    make_affiliation,
    make_institution,
    make_metric,
    make_paper,
    make_person,
    make_searchable,
    make_venue,
)

pytestmark = pytest.mark.django_db


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def make_rows(endpoint: str, n: int) -> None:
    """n rows for the endpoint, each with the related rows its representation shows."""
    if endpoint == "papers":
        venue = make_venue()
        deepmind = make_institution()
        people = [make_person() for _ in range(3)]
        for i in range(n):
            paper = make_paper(
                authors=[people[i % 3], f"Guest Author{i}", people[(i + 1) % 3]],
                subjects=["cs.LG", "cs.CL"],
                institutions=[deepmind],
                venue=venue,
            )
            paper.authorships.first().institutions.add(deepmind)
    elif endpoint == "people":
        institution = make_institution()
        for _ in range(n):
            person = make_person(role="phd")
            make_affiliation(person, institution)
            make_metric(person)
            make_paper(authors=[person], citation_count=12)
    elif endpoint == "venues":
        for _ in range(n):
            make_venue()
    elif endpoint == "institutions":
        parent = make_institution()
        for _ in range(n - 1):
            make_institution(parent=parent)
    elif endpoint == "affiliations":
        institution = make_institution()
        for _ in range(n):
            make_affiliation(make_person(), institution)
    elif endpoint == "subjects":  # the arXiv taxonomy is seeded: trim it or add to it
        seeded = list(Subject.objects.values_list("pk", flat=True))
        Subject.objects.filter(pk__in=seeded[n:]).delete()
        for i in range(n - len(seeded)):
            Subject.objects.create(code=f"zz.T{i}", label=f"T{i}", name=f"Test subject {i}")


# endpoint -> queries for one page, named in the comment
LIST_QUERIES = {
    # count, papers + venue + primary subject, authorships + person,
    # authorship institutions, organisation tags, subjects
    "papers": 6,
    # count, people + primary subject, affiliations + institution, reported metrics,
    # computed metrics for the whole page
    "people": 5,
    "venues": 2,  # count, rows
    "institutions": 2,  # count, rows + parent
    "affiliations": 2,  # count, rows + person + institution
    "subjects": 2,  # count, rows
}


@pytest.mark.parametrize("endpoint", LIST_QUERIES)
@pytest.mark.parametrize("rows", [2, 200])
def test_list_query_count_does_not_grow_with_rows(api, endpoint, rows, django_assert_num_queries):
    make_rows(endpoint, rows)
    with django_assert_num_queries(LIST_QUERIES[endpoint]):
        response = api.get(f"/api/v1/{endpoint}/?page_size=100")
    assert len(results(response)) == min(rows, 100)
    assert response.json()["count"] == rows


@pytest.mark.parametrize("endpoint", LIST_QUERIES)
def test_cursor_mode_query_count_is_one_less(api, endpoint, django_assert_num_queries):
    make_rows(endpoint, 3)
    with django_assert_num_queries(LIST_QUERIES[endpoint] - 1):  # no count query
        response = api.get(f"/api/v1/{endpoint}/?paginate=cursor")
    assert "count" not in response.json()


def test_paper_detail_has_authors_venue_subjects_tags_links_and_identifiers(
    api, django_assert_num_queries
):
    oriol = make_person("Oriol Vinyals", orcid="0000-0002-1825-0097")
    ucl = make_institution("University College London", short_name="ucl")
    deepmind = make_institution("DeepMind", short_name="deepmind")
    paper = make_paper(
        "Pointer Networks",
        authors=["Meire Fortunato", oriol, "Navdeep Jaitly"],
        subjects=["cs.LG", "stat.ML"],
        institutions=[deepmind],
        venue=make_venue("Neural Information Processing Systems", short_name="NeurIPS"),
        doi="10.5555/2969442.2969540",
        arxiv_id="1506.03134",
        code_url="https://github.com/example/pointer",
    )
    paper.authorships.get(position=0).institutions.add(ucl)
    # paper + venue + subject, authorships, their institutions, tags, subjects
    with django_assert_num_queries(5):
        data = api.get(f"/api/v1/papers/{paper.slug}/").json()
    assert [a["name"] for a in data["authors"]] == [
        "Meire Fortunato",
        "Oriol Vinyals",
        "Navdeep Jaitly",
    ]
    assert [a["position"] for a in data["authors"]] == [0, 1, 2]
    linked = data["authors"][1]["person"]
    assert linked["slug"] == "oriol-vinyals"
    assert linked["orcid"] == "0000-0002-1825-0097"
    assert linked["url"].endswith("/api/v1/people/oriol-vinyals/")
    assert data["authors"][0]["person"] is None
    assert data["venue"]["short_name"] == "NeurIPS"
    assert [s["code"] for s in data["subjects"]] == ["cs.LG", "stat.ML"]
    assert data["primary_subject"]["code"] == "cs.LG"
    assert {t["slug"] for t in data["organisation_tags"]} == {"deepmind", "ucl"}
    assert data["has_code"] is True
    assert data["doi_url"] == "https://doi.org/10.5555/2969442.2969540"
    assert data["arxiv_url"] == "https://arxiv.org/abs/1506.03134"
    assert data["html_url"] == paper.get_absolute_url()


def test_papers_are_found_by_doi_and_arxiv_id_in_any_spelling(api):
    paper = make_paper(doi="10.1038/nature14539", arxiv_id="1506.03134")
    make_paper()
    for query in (
        "doi=https://doi.org/10.1038/NATURE14539",
        "doi=doi:10.1038/nature14539",
        "arxiv=arXiv:1506.03134v2",
        "arxiv=https://arxiv.org/abs/1506.03134",
    ):
        assert [p["slug"] for p in results(api.get(f"/api/v1/papers/?{query}"))] == [paper.slug]


def test_paper_filters_search_and_ordering(api):
    petar = make_person("Petar Veličković")
    gat = make_paper(
        "Graph Attention Networks",
        authors=[petar],
        subjects=["cs.LG"],
        date=date(2018, 2, 1),
        citation_count=9000,
    )
    later = make_paper(
        "Everything is connected",
        authors=[petar],
        subjects=["cs.CL"],
        date=date(2023, 1, 1),
        citation_count=100,
        kind="preprint",
    )
    other = make_paper("Unrelated", date=date(2020, 1, 1))
    make_searchable(gat, later, other)

    def slugs(query):
        return [p["slug"] for p in results(api.get(f"/api/v1/papers/?{query}"))]

    assert slugs("") == [later.slug, other.slug, gat.slug]
    assert sorted(slugs("search=velickovic")) == sorted([later.slug, gat.slug])
    assert slugs("q=velickovic&ordering=-citations") == [gat.slug, later.slug]
    assert slugs("ordering=title") == [later.slug, gat.slug, other.slug]
    assert slugs("sort=date") == [gat.slug, other.slug, later.slug]
    assert slugs(f"person={petar.slug}&year_min=2019") == [later.slug]
    assert slugs("subject=cs.LG&subject=cs.CL") == [later.slug, gat.slug]
    assert slugs("kind=preprint") == [later.slug]
    assert slugs("has_code=false&year_max=2020") == [other.slug, gat.slug]


def test_bad_filter_values_are_a_400_with_field_messages(api):
    response = api.get("/api/v1/papers/?year_min=soon&ordering=sideways")
    assert response.status_code == 400
    assert set(response.json()) == {"year_min", "ordering"}


def test_page_number_pagination_is_stable_and_capped(api):
    papers = [make_paper(date=date(2024, 1, 1)) for _ in range(7)]
    first = results(api.get("/api/v1/papers/?page_size=3"))
    second = results(api.get("/api/v1/papers/?page_size=3&page=2"))
    third = results(api.get("/api/v1/papers/?page_size=3&page=3"))
    seen = [p["slug"] for p in first + second + third]
    assert seen == [p.slug for p in reversed(papers)]  # same date: newest id first
    assert len(results(api.get("/api/v1/papers/?page_size=1000"))) == 7
    response = api.get("/api/v1/subjects/?page_size=1000")
    assert len(results(response)) == 100
    assert api.get("/api/v1/papers/?page=99").status_code == 404


def test_cursor_mode_walks_every_row_once(api):
    papers = [make_paper() for _ in range(5)]
    url, seen = "/api/v1/papers/?paginate=cursor&page_size=2", []
    while url:
        data = api.get(url).json()
        seen += [p["slug"] for p in data["results"]]
        url = data["next"]
    assert seen == [p.slug for p in papers]


def test_people_carry_roles_affiliations_links_and_both_kinds_of_metrics(api):
    person = make_person("Ada Lovelace", role="postdoc", github="https://github.com/ada")
    make_affiliation(person, make_institution("DeepMind", short_name="deepmind"), position="RS")
    make_metric(person, "h-index", 117, source="Google Scholar")
    for count in (50, 12, 3):
        make_paper(authors=[person], citation_count=count)
    make_paper(authors=[person], citation_count=1000, is_published=False)
    listed = results(api.get("/api/v1/people/"))[0]
    detail = api.get(f"/api/v1/people/{person.slug}/").json()
    for data in (listed, detail):
        assert data["role"] == "postdoc"
        assert data["role_display"] == "Postdoctoral researcher"
        assert data["github"] == "https://github.com/ada"
        assert data["affiliations"][0]["institution"]["slug"] == "deepmind"
        assert data["affiliations"][0]["position"] == "RS"
        assert data["metrics"] == {"papers": 3, "citations": 65, "h_index": 3, "i10_index": 2}
        assert data["reported_metrics"][0]["name"] == "h-index"
        assert data["reported_metrics"][0]["source"] == "Google Scholar"
        assert "email" not in data


def test_people_filters(api):
    deepmind = make_institution("DeepMind", short_name="deepmind")
    petar = make_person("Petar Veličković", role="phd")
    make_affiliation(petar, deepmind)
    make_person("Old Member", role="postdoc", joined=date(2010, 1, 1), left=date(2015, 1, 1))
    make_person("Outside Coauthor")

    def names(query):
        return [p["full_name"] for p in results(api.get(f"/api/v1/people/?{query}"))]

    assert names("q=velickovic") == ["Petar Veličković"]
    assert names("q=Veličković") == ["Petar Veličković"]
    assert names("status=alumni") == ["Old Member"]
    assert names("status=current") == ["Petar Veličković"]
    assert names("role=postdoc") == ["Old Member"]
    assert names("institution=deepmind") == ["Petar Veličković"]


def test_venues_institutions_subjects_and_affiliations_detail_and_filters(api):
    venue = make_venue(
        "Neural Information Processing Systems", short_name="NeurIPS", kind="conference"
    )
    make_venue("Journal of Things", kind="journal")
    parent = make_institution("University College London", short_name="ucl", country="GB")
    lab = make_institution("Gatsby Unit", kind="lab", parent=parent)
    person = make_person()
    affiliation = make_affiliation(person, lab, position="Student")

    assert api.get(f"/api/v1/venues/{venue.slug}/").json()["short_name"] == "NeurIPS"
    assert [v["slug"] for v in results(api.get("/api/v1/venues/?kind=conference"))] == [venue.slug]
    assert api.get(f"/api/v1/institutions/{lab.slug}/").json()["parent"]["slug"] == "ucl"
    assert [i["slug"] for i in results(api.get("/api/v1/institutions/?country=GB"))] == ["ucl"]
    subject = api.get("/api/v1/subjects/cs.CL/").json()
    assert subject["name"] == "Computation and Language"
    assert subject["url"].endswith("/api/v1/subjects/cs.CL/")
    statistics = results(api.get("/api/v1/subjects/?group=Statistics"))
    assert {s["code"] for s in statistics} >= {"stat.ML"}
    data = api.get(f"/api/v1/affiliations/{affiliation.pk}/").json()
    assert data["person"]["slug"] == person.slug
    assert data["institution"]["slug"] == lab.slug
    by_person = results(api.get(f"/api/v1/affiliations/?person={person.slug}"))
    assert [a["id"] for a in by_person] == [affiliation.pk]
    assert results(api.get("/api/v1/affiliations/?institution=ucl")) == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/papers/no-such-paper/",
        "/api/v1/people/nobody/",
        "/api/v1/venues/nowhere/",
        "/api/v1/institutions/nothing/",
        "/api/v1/subjects/xx.YY/",
        "/api/v1/affiliations/999999/",
    ],
)
def test_unknown_rows_are_json_404s(api, url):
    response = api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


# endpoint -> (a ?search= term, an ?ordering= value, how to read the ordered key)
SEARCH_AND_ORDERING = {
    "venues": ("zeta", "-name", "name"),
    "institutions": ("zeta", "-name", "name"),
    "subjects": ("zeta", "-name", "name"),
    "people": ("zeta", "-full_name", "full_name"),
}


def named_rows(endpoint: str) -> None:
    """Three rows named Alpha, Zeta and Mid for the endpoint."""
    for name in ("Alpha One", "Zeta Two", "Mid Three"):
        if endpoint == "venues":
            make_venue(name)
        elif endpoint == "institutions":
            make_institution(name)
        elif endpoint == "people":
            make_person(name)
        else:
            Subject.objects.create(code=f"zz.{name[:2].upper()}", label="X", name=name)


@pytest.mark.parametrize("endpoint", SEARCH_AND_ORDERING)
def test_simple_endpoints_search_order_and_page(api, endpoint):
    if endpoint == "subjects":
        Subject.objects.all().delete()
    named_rows(endpoint)
    term, ordering, key = SEARCH_AND_ORDERING[endpoint]
    found = results(api.get(f"/api/v1/{endpoint}/?search={term}"))
    assert [row[key] for row in found] == ["Zeta Two"]
    ordered = results(api.get(f"/api/v1/{endpoint}/?ordering={ordering}"))
    assert [row[key] for row in ordered] == ["Zeta Two", "Mid Three", "Alpha One"]
    walked = []
    for page in (1, 2, 3):
        walked += results(
            api.get(f"/api/v1/{endpoint}/?ordering={ordering}&page_size=1&page={page}")
        )
    assert walked == ordered


def test_affiliations_order_by_dates(api):
    person = make_person()
    late = make_affiliation(person, start=date(2020, 1, 1))
    early = make_affiliation(person, start=date(2010, 1, 1))
    ids = [a["id"] for a in results(api.get("/api/v1/affiliations/?ordering=start"))]
    assert ids == [early.pk, late.pk]


def test_server_errors_under_the_api_are_json(rf):
    from config.errors import server_error

    response = server_error(rf.get("/api/v1/papers/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    page = server_error(rf.get("/papers/"))
    assert page["Content-Type"].startswith("text/html")
