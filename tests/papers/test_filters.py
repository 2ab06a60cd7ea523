from datetime import date

import pytest
from django.http import QueryDict

from papers.filters import PaperApiFilter, PaperFilter
from tests.factories import (
    make_institution,
    make_paper,
    make_person,
    make_searchable,
    make_venue,
)

pytestmark = pytest.mark.django_db


def titles(query: str, filterset=PaperFilter) -> list[str]:
    return [p.title for p in filterset(QueryDict(query)).qs]


@pytest.fixture
def library():
    deepmind = make_institution("DeepMind", short_name="deepmind")
    ucl = make_institution("University College London", short_name="ucl")
    oriol = make_person("Oriol Vinyals")
    petar = make_person("Petar Veličković")
    neurips = make_venue("Neural Information Processing Systems", short_name="NeurIPS")
    a = make_paper(
        "Alpha",
        authors=[oriol, petar, "Someone Else"],
        subjects=["cs.LG"],
        date=date(2020, 5, 1),
        venue=neurips,
        citation_count=10,
        code_url="https://github.com/x/alpha",
        institutions=[deepmind],
    )
    b = make_paper(
        "Beta",
        authors=[petar],
        subjects=["cs.CL", "cs.LG"],
        date=date(2022, 1, 1),
        kind="preprint",
        citation_count=500,
    )
    c = make_paper("Gamma", authors=["Outsider"], subjects=["stat.ML"], date=date(2018, 3, 1))
    a.authorships.get(position=2).institutions.add(ucl)
    make_paper("Hidden", authors=[oriol], is_published=False)
    make_searchable(a, b, c)
    return a, b, c


def test_default_is_published_papers_newest_first(library):
    assert titles("") == ["Beta", "Alpha", "Gamma"]


def test_year_range(library):
    assert titles("year_min=2019&year_max=2021") == ["Alpha"]


def test_subject_is_repeatable_and_matches_primary_or_further_subjects(library):
    assert titles("subject=cs.CL") == ["Beta"]
    assert titles("subject=cs.CL&subject=stat.ML") == ["Beta", "Gamma"]
    assert titles("subject=cs.LG") == ["Beta", "Alpha"]


def test_venue_kind_and_has_code(library):
    assert titles("venue=neurips") == ["Alpha"]
    assert titles("kind=preprint") == ["Beta"]
    assert titles("has_code=true") == ["Alpha"]
    assert titles("has_code=false") == ["Beta", "Gamma"]


def test_person_filter_does_not_repeat_papers(library):
    petar = library[1].authorships.get().person
    assert titles(f"person={petar.slug}") == ["Beta", "Alpha"]
    assert titles("person=oriol-vinyals") == ["Alpha"]


def test_institution_matches_tags_and_author_institutions(library):
    assert titles("institution=deepmind") == ["Alpha"]
    assert titles("institution=ucl") == ["Alpha"]
    assert titles("institution=nowhere") == []


def test_sorts_have_stable_tie_breakers(library):
    assert titles("sort=date") == ["Gamma", "Alpha", "Beta"]
    assert titles("sort=-citations") == ["Beta", "Alpha", "Gamma"]
    assert titles("sort=title") == ["Alpha", "Beta", "Gamma"]
    same_day = [make_paper(f"Same {n}", date=date(2030, 1, 1)) for n in range(3)]
    assert titles("sort=-date")[:3] == [p.title for p in reversed(same_day)]


def test_facets_combine_with_search(library):
    assert titles("q=velickovic") == ["Beta", "Alpha"]
    assert titles("q=velickovic&subject=cs.CL") == ["Beta"]
    assert titles("q=velickovic&year_max=2021&has_code=true") == ["Alpha"]
    assert titles("q=velickovic&sort=title") == ["Alpha", "Beta"]


def test_unpublished_papers_never_appear(library):
    assert "Hidden" not in titles("q=hidden")
    assert "Hidden" not in titles("person=oriol-vinyals")


def test_invalid_values_are_reported_by_the_form(library):
    filterset = PaperFilter(QueryDict("year_min=abc&sort=sideways"))
    assert not filterset.is_valid()
    assert set(filterset.errors) == {"year_min", "sort"}


def test_api_filter_maps_search_and_ordering(library):
    assert titles("search=velickovic&ordering=title", PaperApiFilter) == ["Alpha", "Beta"]
    assert titles("ordering=-citations", PaperApiFilter) == ["Beta", "Alpha", "Gamma"]


def test_api_filter_finds_papers_by_normalised_identifiers(library):
    alpha = library[0]
    alpha.doi = "10.1234/ABC.5"
    alpha.arxiv_id = "2001.01234"
    alpha.save()
    assert titles("doi=https://doi.org/10.1234/abc.5", PaperApiFilter) == ["Alpha"]
    assert titles("arxiv=arXiv:2001.01234v3", PaperApiFilter) == ["Alpha"]
