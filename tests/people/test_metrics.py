import pytest

from papers.models import Authorship
from people.metrics import h_index, i10_index, metrics_from_citations
from tests.factories import make_paper, make_person


@pytest.mark.parametrize(
    ("citations", "expected"),
    [
        ([], 0),
        ([0, 0, 0], 0),
        ([1], 1),
        ([10, 8, 5, 4, 3], 4),
        ([25, 8, 5, 3, 3], 3),
        ([5, 5, 5, 5, 5], 5),
        ([6, 6, 6, 6, 6, 6, 1], 6),
        ([100], 1),
        ([3, 3, 3], 3),
        ([4, 4, 4, 4, 4, 4], 4),
    ],
)
def test_h_index_on_hand_made_citation_lists(citations, expected):
    assert h_index(citations) == expected


@pytest.mark.parametrize(
    ("citations", "expected"), [([], 0), ([0, 0], 0), ([9, 10, 11], 2), ([10, 10, 10], 3)]
)
def test_i10_counts_papers_with_at_least_ten_citations(citations, expected):
    assert i10_index(citations) == expected


def test_metrics_of_no_papers_are_all_zero():
    metrics = metrics_from_citations([])
    assert (metrics.papers, metrics.citations, metrics.h_index, metrics.i10_index) == (0, 0, 0, 0)


@pytest.mark.django_db
def test_person_metrics_count_published_papers_only_in_one_query(django_assert_num_queries):
    person = make_person()
    for count in (12, 10, 3, None):
        make_paper(authors=[person], citation_count=count)
    make_paper(authors=[person], citation_count=500, is_published=False)
    with django_assert_num_queries(1):
        metrics = Authorship.objects.person_metrics(person)
    assert (metrics.papers, metrics.citations, metrics.h_index, metrics.i10_index) == (4, 25, 3, 2)


@pytest.mark.django_db
def test_a_person_with_a_very_long_name_still_saves():
    person = make_person("Consortium " + "Members " * 30)
    assert len(person.family_name) <= 128 and len(person.given_name) <= 128
