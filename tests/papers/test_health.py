from datetime import date

import pytest
from django.urls import reverse

from config.text import fold
from papers.health import data_health, fold_fast
from papers.models import Authorship
from tests.factories import make_paper, make_person, make_user

pytestmark = pytest.mark.django_db


def complete_paper(title: str, **fields):
    fields = {
        "doi": f"10.1000/{abs(hash(title))}",
        "abstract": "An abstract.",
        "pdf_url": "https://example.org/paper.pdf",
        **fields,
    }
    return make_paper(title, **fields)


def titles(capped) -> list[str]:
    return [paper.title for paper in capped.rows]


def test_it_lists_papers_missing_an_identifier_an_abstract_or_a_pdf():
    complete_paper("Complete")
    complete_paper("Only arXiv", doi="", arxiv_id="2401.00001")
    complete_paper("No identifier", doi="")
    complete_paper("No abstract", abstract="")
    complete_paper("Uploaded PDF only", pdf_url="", pdf="papers/pdf/x.pdf")
    complete_paper("No PDF", pdf_url="")

    health = data_health()

    assert titles(health.without_identifier) == ["No identifier"]
    assert titles(health.without_abstract) == ["No abstract"]
    assert titles(health.without_pdf) == ["No PDF"]


def test_unlinked_authors_are_listed_most_frequent_first():
    linked = make_person("Linked Person")
    make_paper(authors=[linked, "Rare Name", "Common Name"])
    make_paper(authors=["Common Name", "Other Name"])
    make_paper(authors=["Common Name", "Other Name"])

    health = data_health()

    assert [(row["name"], row["count"]) for row in health.unlinked_names.rows] == [
        ("Common Name", 3),
        ("Other Name", 2),
        ("Rare Name", 1),
    ]
    assert health.unlinked_authorships == 6


def test_people_with_the_same_folded_family_name_and_initial_are_likely_duplicates():
    make_person("Antonín Dvořák")
    make_person("A. Dvorak")
    make_person("Bedřich Dvořák")
    make_person("Someone Else")

    groups = data_health().duplicate_people.rows

    assert [(g.key, sorted(p.full_name for p in g.items)) for g in groups] == [
        ("dvorak, a", ["A. Dvorak", "Antonín Dvořák"])
    ]


def test_papers_with_the_same_folded_title_and_year_are_likely_duplicates():
    first = make_paper("Attention Is All You Need", date=date(2017, 6, 12))
    second = make_paper("Attention is all you need!", date=date(2017, 12, 1))
    make_paper("Attention Is All You Need", date=date(2019, 1, 1))

    groups = data_health().duplicate_papers.rows

    assert [[pk for pk, _, _ in g.items] for g in groups] == [[first.pk, second.pk]]


@pytest.mark.parametrize(
    "text", ["Attention Is All You Need!", "  GPT-4 (technical) report ", "Über Ďalšie", "Æsir"]
)
def test_the_fast_fold_folds_like_fold(text):
    assert fold_fast(text) == fold(text)


def test_each_list_is_capped_and_says_how_many_there_are():
    for n in range(4):
        make_paper(f"Paper {n}", authors=[f"Author {n}"])

    health = data_health(limit=3)

    assert (len(health.without_identifier.rows), health.without_identifier.total) == (3, 4)
    assert health.without_identifier.more == 1
    assert (len(health.unlinked_names.rows), health.unlinked_names.total) == (3, 4)


def add_problems(count: int) -> None:
    for n in range(count):
        make_person(f"Alan Turing{n}")
        make_person(f"A. Turing{n}")
        make_paper(f"Same title {n}", authors=[f"Unlinked {n}"])
        make_paper(f"Same title {n}", authors=[f"Unlinked {n}"])


@pytest.mark.parametrize("rows", [2, 20])
def test_the_health_page_shows_everything_in_twelve_queries(
    client, django_assert_num_queries, rows
):
    add_problems(rows)
    client.force_login(make_user(superuser=True))
    index = client.get(reverse("admin:index")).content.decode()
    url = reverse("admin:papers_paper_health")
    assert f'href="{url}"' in index
    # session, user; then data_health: rows + count for each of the three paper lists,
    # unlinked names + their totals, all people, all titles.
    with django_assert_num_queries(12):
        response = client.get(url)
    html = response.content.decode()
    assert "Authors not linked to a person (" + str(rows) in html
    assert "Unlinked 0" in html
    assert "turing0, a" in html
    assert "Same title 0 (2024)" in html
    assert Authorship.objects.filter(person__isnull=True).count() == 2 * rows


def test_the_health_page_is_for_editors_only(client):
    member = make_user(staff=True)
    make_person(user=member)
    client.force_login(member)
    assert client.get(reverse("admin:papers_paper_health")).status_code == 403
