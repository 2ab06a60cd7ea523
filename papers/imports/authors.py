"""Sync authors: bring a paper's author list in line with the source (unless staff edited
it) through papers.services, then link people to authorships not linked yet (never unlink)."""

from papers import services
from papers.imports.compare import Comparison, authors_no_better, decide
from papers.imports.matching import AuthorLinker
from papers.imports.plan import AuthorPlan, Plan
from papers.models import Authorship, Paper


def sync_authors(plan: Plan, comparison: Comparison, *, linker: AuthorLinker) -> bool:
    """Replace the list when the source's differs and may be written; link people. Whether
    anything was written."""
    paper = plan.paper
    rows = list(paper.authorships.all())
    changed = False
    if plan.authors is not None:
        positioned = sorted((row for row in rows if row.position is not None), key=_position)
        current = {"names": [row.name for row in positioned], "complete": paper.authors_complete}
        incoming = {"names": [a.name for a in plan.authors], "complete": plan.authors_complete}
        if current != incoming and authors_no_better(
            current["names"], incoming["names"], plan.authors_complete
        ):
            incoming = current  # what is here already says as much or more
        decision = decide("authors", current, incoming, comparison.snapshot)
        comparison.snapshot["authors"] = incoming
        if decision == "set":
            comparison.changes["authors"] = [current, incoming]
            replace_authors(paper, positioned, plan.authors, plan.authors_complete)
            changed = True
            rows = list(Authorship.objects.filter(paper=paper).order_by("position", "pk"))
        elif decision == "kept":
            comparison.kept.append("authors")
    return link_people(plan, rows, comparison.changes, linker=linker) or changed


def replace_authors(
    paper: Paper, positioned: list[Authorship], authors: list[AuthorPlan], complete: bool
) -> None:
    """The source's names, position by position: a row whose name stays keeps its person
    link; a renamed row loses it; rows keep their flags (only new rows take the source's)."""
    inputs = []
    for position, author in enumerate(authors):
        if position < len(positioned):
            row = positioned[position]
            inputs.append(
                services.AuthorInput(
                    name=author.name,
                    person=row.person if row.name == author.name else None,
                    equal_contribution=row.equal_contribution,
                    corresponding=row.corresponding,
                    institutions=None,
                )
            )
        else:
            inputs.append(
                services.AuthorInput(
                    name=author.name,
                    equal_contribution=author.equal_contribution,
                    corresponding=author.corresponding,
                )
            )
    services.paper_authors_replace(paper=paper, authors=inputs, keep_unplaced=True)
    if paper.authors_complete != complete:
        paper.authors_complete = complete
        Paper.objects.filter(pk=paper.pk).update(authors_complete=complete)


def link_people(
    plan: Plan, rows: list[Authorship], changes: dict[str, list], *, linker: AuthorLinker
) -> bool:
    """Link people to the paper's unlinked authorships; the owner, when not printed in the
    list, gets an unpositioned one. Whether anything was written."""
    paper, owner, changed = plan.paper, linker.owner, False
    positioned = [row for row in rows if row.position is not None]
    placeholders = [
        row for row in rows if row.position is None and owner and row.person_id == owner.pk
    ]
    taken = {row.person_id for row in rows if row.person_id} - (
        {owner.pk} if placeholders else set()
    )
    slots = [AuthorPlan(row.name, row.person_id) for row in positioned]
    linker.link(plan, slots, taken)
    if owner is not None and any(slot.person_id == owner.pk for slot in slots):
        # The owner is now printed in the list: the unpositioned placeholder goes.
        for row in placeholders:
            if row.pk:
                row.delete()
                changed = True
    for row, slot in zip(positioned, slots, strict=True):
        if slot.person_id != row.person_id:
            row.person_id = slot.person_id
            row.save()
            changes.setdefault("author links", []).append(row.name)
            changed = True
    linked = taken | {slot.person_id for slot in slots}
    if owner is not None and owner.pk not in linked and not placeholders:
        Authorship.objects.create(paper=paper, position=None, name=owner.full_name, person=owner)
        changes.setdefault("author links", []).append(owner.full_name)
        changed = True
    return changed


def _position(row: Authorship) -> int:
    return row.position
