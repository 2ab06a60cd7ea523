"""generate_data: deterministic synthetic data of the requested size with valid identifiers."""

from collections import Counter

from django.core.management import call_command

from papers.generate import generate_data
from papers.models import Authorship, Paper, Venue
from papers.search import search_text_for
from papers.validators import is_valid_arxiv_id, is_valid_doi
from people.models import Institution, Person


def _content(papers):
    return [(p.title, [a.name for a in p.authorships.all()]) for p in papers]


def test_it_makes_the_requested_counts(db):
    counts = generate_data(papers=120, people=30, seed=1)

    assert (counts.papers, counts.people) == (120, 30)
    assert Paper.objects.count() == 120
    assert Person.objects.count() == 30
    assert Authorship.objects.count() == counts.authorships
    assert Institution.objects.exists()
    assert Venue.objects.count() == counts.venues


def test_the_same_seed_gives_the_same_titles_and_authors(db):
    generate_data(papers=60, people=20, seed=7)
    first = _content(Paper.objects.order_by("pk").prefetch_related("authorships"))
    Paper.objects.all().delete()
    Person.objects.all().delete()

    generate_data(papers=60, people=20, seed=7)
    second = _content(Paper.objects.order_by("pk").prefetch_related("authorships"))

    assert first == second


def test_a_different_seed_gives_different_titles(db):
    generate_data(papers=40, people=10, seed=1)
    generate_data(papers=40, people=10, seed=2)
    titles = list(Paper.objects.order_by("pk").values_list("title", flat=True))

    assert titles[:40] != titles[40:]


def test_papers_have_one_to_fifteen_ordered_authors_some_linked(db):
    generate_data(papers=200, people=40, seed=3)
    sizes = Counter(Authorship.objects.values_list("paper_id", flat=True))

    assert min(sizes.values()) >= 1
    assert max(sizes.values()) <= 15
    assert Authorship.objects.filter(person__isnull=False).exists()
    assert Authorship.objects.filter(person__isnull=True).exists()
    for paper in Paper.objects.prefetch_related("authorships")[:20]:
        assert [a.position for a in paper.authorships.all()] == list(
            range(paper.authorships.count())
        )


def test_identifiers_are_valid_and_unique_across_runs(db):
    generate_data(papers=150, people=20, seed=1)
    generate_data(papers=150, people=20, seed=1)
    dois = list(Paper.objects.exclude(doi="").values_list("doi", flat=True))
    arxiv_ids = list(Paper.objects.exclude(arxiv_id="").values_list("arxiv_id", flat=True))
    slugs = list(Paper.objects.values_list("slug", flat=True))

    assert dois and arxiv_ids
    assert all(is_valid_doi(doi) for doi in dois)
    assert all(is_valid_arxiv_id(arxiv_id) for arxiv_id in arxiv_ids)
    assert len(set(dois)) == len(dois)
    assert len(set(arxiv_ids)) == len(arxiv_ids)
    assert len(set(slugs)) == len(slugs) == 300
    assert Person.objects.values("slug").distinct().count() == 40


def test_generated_rows_pass_model_validation(db):
    generate_data(papers=30, people=10, seed=5)

    for paper in Paper.objects.all():
        paper.full_clean()
        assert paper.year == paper.date.year
        assert paper.has_code or not paper.code_url
    for person in Person.objects.all():
        person.full_clean()


def test_search_text_is_filled_from_title_abstract_and_authors(db):
    generate_data(papers=20, people=10, seed=4)

    for paper in Paper.objects.prefetch_related("authorships"):
        names = [a.name for a in paper.authorships.all()]
        assert paper.search_text == search_text_for(paper.title, paper.abstract, names)


def test_person_papers_gives_the_pi_exactly_that_many_papers(db):
    generate_data(papers=100, people=20, seed=1, person_papers=35)
    pi = Person.objects.get(role=Person.Role.PI)

    assert Paper.objects.by_person(pi).count() == 35


def test_the_command_reports_what_it_made(db, capsys):
    call_command("generate_data", papers=25, people=8, seed=2)

    assert "Generated 25 papers" in capsys.readouterr().out
    assert Paper.objects.count() == 25
