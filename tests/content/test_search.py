"""Site search (/search/): papers, people, news, projects and openings, grouped by kind."""

from datetime import date

import pytest
from django.urls import reverse

from config.models import Opening
from config.search import KINDS, MAX_QUERY_LENGTH, PER_KIND, clean_query, site_search
from tests.content.test_news import make_news
from tests.content.test_projects import make_project
from tests.content.test_talks import make_talk
from tests.factories import make_paper, make_person, make_searchable

pytestmark = pytest.mark.django_db


def make_opening(title: str = "PhD position", **fields) -> Opening:
    fields.setdefault("description", "Study learning systems.")
    return Opening.objects.create(title=title, **fields)


def build(n: int) -> None:
    """n rows of every kind, all matching "graph"."""
    for i in range(n):
        person = make_person(f"Graph Person{i}", role="phd")
        make_searchable(make_paper(f"Graph networks {i}", authors=[person], date=date(2020, 1, 1)))
        make_news(f"Graph news {i}")
        make_project(f"Graph project {i}")
        make_opening(f"Graph opening {i}")
        make_talk(f"Graph talk {i}")


def search_page(client, q: str):
    return client.get(reverse("site_search"), {"q": q})


@pytest.mark.parametrize("n", [2, 8])
def test_the_search_page_query_count_is_constant(client, n, django_assert_num_queries):
    build(n)
    # papers; people; news; projects; openings; talks (each its first rows and their total,
    # in one query); site settings; sections with content; main-menu pages
    with django_assert_num_queries(9):
        response = search_page(client, "graph")
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [g.kind.key for g in groups] == [
        "papers",
        "people",
        "news",
        "projects",
        "openings",
        "talks",
    ]
    assert all(g.count == n and len(g.results) == min(n, PER_KIND) for g in groups)


def test_results_are_grouped_by_kind_with_headings_and_links(client):
    build(1)
    html = search_page(client, "graph").content.decode()
    for label in ("Papers", "People", "News", "Projects", "Openings"):
        assert f">{label} <span" in html
    assert 'href="/news/graph-news-0/"' in html
    assert 'href="/projects/graph-project-0/"' in html
    assert 'href="/join/graph-opening-0/"' in html
    assert 'href="/talks/graph-talk-0/"' in html
    assert 'href="/people/graph-person0/"' in html


def test_papers_beyond_the_first_few_are_behind_a_link_to_the_papers_search(client):
    build(PER_KIND + 2)
    html = search_page(client, "graph networks").content.decode()
    assert f"All {PER_KIND + 2} papers" in html
    assert 'href="/papers/?q=graph+networks"' in html


def test_papers_are_found_by_the_papers_pages_full_text_search(client):
    make_searchable(make_paper("Sparse attention", abstract="We study transformers."))
    make_searchable(make_paper("Something else", abstract="Nothing here."))
    groups = site_search("transformer")  # a prefix, like /papers/?q=
    assert [p.title for p in groups[0].results] == ["Sparse attention"]
    assert groups[0].kind.key == "papers"
    papers_page = client.get("/papers/", {"q": "transformer"})
    assert [p.title for p in papers_page.context["page"]] == ["Sparse attention"]


def test_people_are_found_by_any_name_spelling_without_accents(client):
    make_person("Émile Noël", role="phd", name_variants=["E. Noel"])
    make_person("Someone Else")
    for q in ("emile", "Noël", "E. Noel", "noel"):
        groups = site_search(q)
        assert [str(p) for p in groups[0].results] == ["Émile Noël"], q


def test_members_come_before_outside_people():
    make_person("Ada Outside")
    make_person("Zed Member", role="phd")
    (people,) = site_search("e")
    assert [p.full_name for p in people.results] == ["Zed Member", "Ada Outside"]


def test_unpublished_content_is_never_found(client):
    make_news("Secret graph news", is_published=False)
    make_project("Secret graph project", published=False)
    make_opening("Secret graph opening", is_published=False)
    make_searchable(make_paper("Secret graph paper", is_published=False))
    assert site_search("secret") == []
    assert "Secret" not in search_page(client, "secret").content.decode().split("<main")[1]


def test_news_projects_and_openings_match_their_bodies_and_summaries():
    make_news("Plain", body="We met the *walrus* today.")
    make_project("Plain project", summary="About walruses.")
    make_opening("Plain opening", description="Walrus studies.")
    assert [g.kind.key for g in site_search("walrus")] == ["news", "projects", "openings"]


def test_an_empty_query_shows_a_prompt_and_runs_no_search(client, django_assert_num_queries):
    build(1)
    # site settings; sections with content; main-menu pages
    with django_assert_num_queries(3):
        response = search_page(client, "   ")
    assert response.status_code == 200
    assert "Type a few words" in response.content.decode()
    assert client.get(reverse("site_search")).status_code == 200


def test_a_query_without_matches_says_so(client):
    build(1)
    assert "Nothing matches" in search_page(client, "zebra").content.decode()


def test_control_characters_are_stripped_and_long_queries_cut():
    assert clean_query("gr\x00aph\x1b\u200b\n  x") == "gr aph x"
    assert len(clean_query("a" * 10_000)) == MAX_QUERY_LENGTH
    assert clean_query(None) == ""


def test_hostile_queries_are_harmless(client):
    build(1)
    for q in ["<script>alert(1)</script>", '"', "-", '"unclosed', "%_", "\x00", "a" * 5000, "*"]:
        response = search_page(client, q)
        assert response.status_code == 200, q
        assert "<script>alert(1)" not in response.content.decode()
    response = search_page(client, "graph\x00" + "x" * 5000)
    assert len(response.context["q"]) == MAX_QUERY_LENGTH


def test_the_header_search_goes_to_the_site_search(client):
    html = client.get("/").content.decode()
    assert 'role="search" method="get" action="/search/"' in html
    assert '<label class="visually-hidden" for="site-search-q">' in html


def test_every_kind_has_a_label_and_a_search():
    assert len({kind.key for kind in KINDS}) == len(KINDS)
    assert all(callable(kind.search) and kind.label for kind in KINDS)
