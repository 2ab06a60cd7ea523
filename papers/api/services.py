"""Writes made through the API: a paper and its ordered author list in one transaction."""

from dataclasses import dataclass, field

from django.db import transaction

from papers.models import Authorship, Paper, Subject
from papers.search import refresh_search_text
from people.models import Institution, Person


@dataclass
class AuthorInput:
    name: str
    person: Person | None = None
    equal_contribution: bool = False
    corresponding: bool = False
    institutions: list[Institution] = field(default_factory=list)


@transaction.atomic
def paper_write(
    *,
    paper: Paper | None,
    fields: dict,
    authors: list[AuthorInput] | None,
    subjects: list[Subject] | None,
    institutions: list[Institution] | None,
) -> Paper:
    """Create or update a paper; a given author list replaces the old one, in order.

    On update the paper row is locked first (SELECT ... FOR UPDATE on PostgreSQL), so two
    concurrent replacements run one after the other and neither list is interleaved or lost.
    """
    paper = Paper() if paper is None else Paper.objects.select_for_update().get(pk=paper.pk)
    for name, value in fields.items():
        setattr(paper, name, value)
    paper.save()
    if subjects is not None:
        paper.subjects.set(subjects)
    if institutions is not None:
        paper.institutions.set(institutions)
    if authors is not None:
        paper.authorships.all().delete()
        for position, author in enumerate(authors):
            authorship = Authorship.objects.create(
                paper=paper,
                position=position,
                name=author.name,
                person=author.person,
                equal_contribution=author.equal_contribution,
                corresponding=author.corresponding,
            )
            if author.institutions:
                authorship.institutions.set(author.institutions)
    refresh_search_text([paper.pk])
    return paper
