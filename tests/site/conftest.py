"""Data for the public pages: a member with papers, co-authors, subjects and institutions."""

import importlib
from dataclasses import dataclass
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache

from papers.models import Paper
from people.models import Person, Subject
from tests.factories import (
    make_affiliation,
    make_institution,
    make_metric,
    make_paper,
    make_person,
    make_searchable,
    make_venue,
    subject,
)

SUBJECTS = ["cs.LG", "cs.CL", "cs.CV"]


@dataclass
class Lab:
    member: Person
    coauthor: Person
    outsider: Person
    papers: list[Paper]


def ensure_subjects() -> None:
    """The arXiv subjects a migration seeds; a live-server test elsewhere may have flushed them."""
    if not Subject.objects.exists():
        module = importlib.import_module("people.migrations.0002_arxiv_subjects")
        module.load_subjects(django_apps, None)


def build_lab(n_papers: int) -> Lab:
    """A member with n_papers published papers (spread over years and subjects), each with a
    linked co-author, an outside co-author, unlinked authors, a venue and organisation tags."""
    ensure_subjects()
    deepmind = make_institution("DeepMind", short_name="deepmind")
    cambridge = make_institution("University of Cambridge", short_name="cambridge")
    member = make_person("Oriol Vinyals", role="pi", primary_subject=subject("cs.LG"))
    make_affiliation(member, deepmind, position="Research Scientist")
    make_metric(member, "h-index", 117, source="profile.txt", position=0)
    make_metric(member, "Novelty", 61, unit="%", source="profile.txt", position=1)
    coauthor = make_person("Aäron van den Oord", role="postdoc")
    outsider = make_person("Petar Veličković")
    venue = make_venue(
        "Neural Information Processing Systems", short_name="NeurIPS", kind="conference"
    )
    papers = []
    for i in range(n_papers):
        authors = [coauthor, "Gemma Team", member] if i % 2 else [member, outsider, "Ada Lovelace"]
        papers.append(
            make_paper(
                f"Learning paper {i} with $2\\times$ speed",
                authors=authors,
                subjects=[SUBJECTS[i % 3]],
                institutions=[deepmind, cambridge] if i % 2 else [deepmind],
                date=date(2018 + i % 7, 1 + i % 12, 1 + i % 28),
                venue=venue,
                abstract=f"We study $\\mathbb{{NIR}}$ number {i}.",
                code_url="https://github.com/example/code" if i % 3 == 0 else "",
                citation_count=i,
                is_featured=i == 0,
            )
        )
    make_searchable(*papers)
    return Lab(member=member, coauthor=coauthor, outsider=outsider, papers=papers)


@pytest.fixture(autouse=True)
def _empty_cache():
    """The papers page caches its filter choices; each test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lab(db) -> Lab:
    return build_lab(2)


@pytest.fixture
def big_lab(db) -> Lab:
    return build_lab(200)


@pytest.fixture
def hidden(db, lab) -> Paper:
    """An unpublished paper by the member and the co-author, with a venue of its own."""
    secret_venue = make_venue("Secret Venue Of Drafts", kind="journal")
    secret_place = make_institution("Secret Institute", short_name="secretinst")
    paper = make_paper(
        "Hidden draft zebra",
        authors=[lab.member, lab.coauthor],
        subjects=["cs.AI"],
        venue=secret_venue,
        institutions=[secret_place],
        date=date(2011, 5, 5),
        citation_count=5000,
        is_published=False,
    )
    make_searchable(paper)
    return paper
