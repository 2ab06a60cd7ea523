"""Writes across papers, authorships and people, used by the admin, the API and the importers."""

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
    # None leaves a kept row's institutions as they are.
    institutions: list[Institution] | None = field(default_factory=list)


@transaction.atomic
def paper_save(
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
        paper_authors_replace(paper=paper, authors=authors)
    refresh_search_text([paper.pk])
    return paper


@transaction.atomic
def paper_authors_replace(
    *, paper: Paper, authors: list[AuthorInput], keep_unplaced: bool = False
) -> None:
    """Make the paper's printed author list `authors`, in order.

    The row at each position is reused and saved only where it differs; rows past the new
    list are deleted. Unplaced rows (a linked person of unknown position) are deleted too,
    unless keep_unplaced (the importer keeps them until the person is printed in the list).
    Uses the prefetched authorships when there are any, else one query.
    """
    rows = list(paper.authorships.all())
    positioned = sorted((row for row in rows if row.position is not None), key=_position)
    if not keep_unplaced:
        for row in rows:
            if row.position is None:
                row.delete()
    # A person moving to another position would be on the paper twice for a moment,
    # which the one-person-per-paper constraint refuses: unlink such rows first.
    wanted = {author.person.pk for author in authors if author.person is not None}
    moving = [
        row
        for position, row in enumerate(positioned)
        if row.person_id in wanted
        and (position >= len(authors) or _person_id(authors[position]) != row.person_id)
    ]
    if moving:
        Authorship.objects.filter(pk__in=[row.pk for row in moving]).update(person=None)
        for row in moving:
            row.person_id = None
    for position, author in enumerate(authors):
        if position < len(positioned):
            row = positioned[position]
            new = (author.name, _person_id(author), author.equal_contribution, author.corresponding)
            if (row.name, row.person_id, row.equal_contribution, row.corresponding) != new:
                row.name, row.person = author.name, author.person
                row.equal_contribution = author.equal_contribution
                row.corresponding = author.corresponding
                row.save()
            if author.institutions is not None:
                row.institutions.set(author.institutions)
        else:
            row = Authorship.objects.create(
                paper=paper,
                position=position,
                name=author.name,
                person=author.person,
                equal_contribution=author.equal_contribution,
                corresponding=author.corresponding,
            )
            if author.institutions:
                row.institutions.set(author.institutions)
    for row in positioned[len(authors) :]:
        row.delete()


def _position(row: Authorship) -> int:
    return row.position


def _person_id(author: AuthorInput) -> int | None:
    return author.person.pk if author.person is not None else None
