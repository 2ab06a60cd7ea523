"""Write: load the matched papers in bulk, save what changed on them, bulk-create new ones."""

from django.db.models import Prefetch
from django.utils import timezone

from config.text import unique_slug
from papers.imports.compare import M2M_FIELDS, SCALAR_FIELDS, Comparison, json_value
from papers.imports.matching import AuthorLinker
from papers.imports.plan import AuthorPlan, Plan
from papers.models import Authorship, Paper


def load_existing(plans: list[Plan]) -> None:
    """Fetch the matched papers in chunks, with only the relations the source gives."""
    existing = [plan for plan in plans if plan.ref is not None and plan.ref.pk]
    pks = [plan.ref.pk for plan in existing]
    authorships = Authorship.objects.select_related("person").order_by("position", "pk")
    lookups: list = [Prefetch("authorships", queryset=authorships)]
    lookups += [name for name in M2M_FIELDS if any(name in plan.m2m for plan in existing)]
    loaded: dict[int, Paper] = {}
    for start in range(0, len(pks), 1000):
        chunk = Paper.objects.filter(pk__in=pks[start : start + 1000]).order_by()
        loaded.update((paper.pk, paper) for paper in chunk.prefetch_related(*lookups))
    for plan in plans:
        if plan.ref is not None and plan.ref.pk:
            plan.paper = loaded[plan.ref.pk]


def save_existing(plan: Plan, comparison: Comparison, *, written: bool) -> None:
    """Save a compared paper: the row (or only its snapshot) and changed relations."""
    paper = plan.paper
    snapshot = comparison.snapshot
    if written:
        paper.import_snapshot = snapshot
        if any(name in SCALAR_FIELDS for name in comparison.changes):
            paper.save()
        else:
            Paper.objects.filter(pk=paper.pk).update(
                import_snapshot=snapshot, updated=timezone.now()
            )
        for name, ids in comparison.m2m.items():
            getattr(paper, name).set(ids)
    elif snapshot != (paper.import_snapshot or {}):
        # Only what the source says changed (a staff edit was kept): no row change.
        Paper.objects.filter(pk=paper.pk).update(import_snapshot=snapshot)


def create_new(plans: list[Plan], *, linker: AuthorLinker, user=None) -> list[int]:
    """Bulk-create the new papers with their relations and authors; their ids.

    Bulk, not papers.services one paper at a time: a first import of thousands of papers
    takes a fixed number of queries this way.
    """
    if not plans:
        return []
    slugs = set(Paper.objects.order_by().values_list("slug", flat=True))
    papers = [_new_paper(plan, slugs) for plan in plans]
    Paper.objects.bulk_create(papers, batch_size=500)
    Paper.history.bulk_history_create(papers, batch_size=500, default_user=user)
    through_rows: dict[str, list] = {name: [] for name in M2M_FIELDS}
    authorships: list[Authorship] = []
    for plan, paper in zip(plans, papers, strict=True):
        plan.entry.paper_id = paper.pk
        plan.entry.action = "new"
        for name, column in M2M_FIELDS.items():
            through = getattr(Paper, name).through
            through_rows[name] += [
                through(paper_id=paper.pk, **{column: pk}) for pk in plan.m2m.get(name, [])
            ]
        authorships += _new_authorships(plan, paper, linker)
    for name, rows in through_rows.items():
        getattr(Paper, name).through.objects.bulk_create(rows, batch_size=1000)
    Authorship.objects.bulk_create(authorships, batch_size=1000)
    Authorship.history.bulk_history_create(authorships, batch_size=1000, default_user=user)
    return [paper.pk for paper in papers]


def _new_paper(plan: Plan, slugs: set[str]) -> Paper:
    """An unsaved paper for a plan, with a unique slug and its first import snapshot."""
    paper = Paper(**plan.values)
    paper.authors_complete = plan.authors_complete if plan.authors else True
    if "kind" not in plan.values:
        # The source does not say (a profile page): claim no more than it shows.
        paper.kind = (
            Paper.Kind.PREPRINT
            if paper.arxiv_id and not paper.doi and paper.venue_id is None
            else Paper.Kind.OTHER
        )
    paper.year = paper.date.year if paper.date else None
    paper.slug = unique_slug(paper.title, taken=slugs.__contains__, fallback="paper")
    slugs.add(paper.slug)
    if paper.code_url:
        paper.has_code = True
    # Every importable field as created, defaults included: an untouched default
    # is not a staff edit, so a later source may fill it.
    snapshot = {name: json_value(getattr(paper, name)) for name in SCALAR_FIELDS}
    snapshot.update({name: plan.m2m.get(name, []) for name in M2M_FIELDS})
    if plan.authors is not None:
        snapshot["authors"] = {
            "names": [a.name for a in plan.authors],
            "complete": plan.authors_complete,
        }
    paper.import_snapshot = snapshot
    return paper


def _new_authorships(plan: Plan, paper: Paper, linker: AuthorLinker) -> list[Authorship]:
    """The new paper's authorships, linked to people; the owner unpositioned if not printed."""
    authors = [
        AuthorPlan(a.name, None, a.equal_contribution, a.corresponding) for a in plan.authors or []
    ]
    taken: set[int] = set()
    linker.link(plan, authors, taken)
    rows = [
        Authorship(
            paper_id=paper.pk,
            position=position,
            name=author.name,
            person_id=author.person_id,
            equal_contribution=author.equal_contribution,
            corresponding=author.corresponding,
        )
        for position, author in enumerate(authors)
    ]
    owner = linker.owner
    if owner is not None and owner.pk not in taken:
        rows.append(
            Authorship(paper_id=paper.pk, position=None, name=owner.full_name, person_id=owner.pk)
        )
    return rows
