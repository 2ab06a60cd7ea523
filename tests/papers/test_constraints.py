import pytest
from django.db import IntegrityError, transaction

from papers.models import Authorship, Paper
from tests.factories import make_paper, make_person

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_duplicate_doi():
    make_paper(doi="10.1038/nature14539")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_paper(doi="10.1038/NATURE14539")


def test_the_database_refuses_a_duplicate_arxiv_id_whatever_the_version():
    make_paper(arxiv_id="2407.21783v1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_paper(arxiv_id="arXiv:2407.21783v2")


def test_many_papers_may_have_no_doi():
    make_paper(doi="")
    make_paper(doi="")
    assert Paper.objects.filter(doi="").count() == 2


def test_the_database_refuses_a_duplicate_author_position():
    paper = make_paper(authors=["A. One"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorship.objects.create(paper=paper, position=0, name="B. Two")


def test_the_database_refuses_the_same_person_twice_on_a_paper():
    person = make_person("Ada Lovelace")
    paper = make_paper(authors=[person])
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorship.objects.create(paper=paper, position=1, name="A. Lovelace", person=person)


def test_linked_people_of_unknown_position_follow_the_known_authors():
    owner = make_person("Oriol Vinyals")
    paper = make_paper(authors=["First Author", "Second Author"], authors_complete=False)
    Authorship.objects.create(paper=paper, position=None, name=owner.full_name, person=owner)
    names = [a.name for a in paper.authorships.all()]
    assert names == ["First Author", "Second Author", "Oriol Vinyals"]


def test_a_code_link_means_the_paper_has_code_and_has_code_survives_without_a_link():
    with_link = make_paper(code_url="https://github.com/example/repo")
    marker_only = make_paper(has_code=True)
    assert with_link.has_code and marker_only.has_code
    with pytest.raises(IntegrityError), transaction.atomic():
        Paper.objects.filter(pk=with_link.pk).update(has_code=False)
