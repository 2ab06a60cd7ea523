"""Compare: what an import may change on a paper that is already here, keeping staff edits.

Field values as last imported are kept in Paper.import_snapshot. A field is written only
when the paper's current value still equals the snapshot (staff did not edit it) or is
empty; a value the source leaves empty never erases data; a value that says less than
what is here never replaces it.
"""

from dataclasses import dataclass, field
from datetime import date

from papers.imports.plan import LINK_FIELDS, Plan
from papers.models import Paper, Venue
from papers.parsers.keys import names_fit, title_key

SCALAR_FIELDS = [
    "title", "abstract", "date", "date_precision", "kind", "venue_id", "volume", "issue",
    "pages", "publisher", "doi", "arxiv_id", "primary_subject_id", *LINK_FIELDS.values(),
    "has_code", "awards", "is_featured", "bibtex_key", "note", "citation_count",
]  # fmt: skip
M2M_FIELDS = {"subjects": "subject_id", "institutions": "institution_id"}
PRECISION_RANK = {"year": 1, "month": 2, "day": 3}


def json_value(value):
    return value.isoformat() if isinstance(value, date) else value


def is_empty(value) -> bool:
    return value in ("", None, [], {}, False)


def decide(name: str, current, incoming, snapshot: dict) -> str:
    """ "same", "set" (write the source's value) or "kept" (staff's value stays)."""
    if current == incoming:
        return "same"
    if is_empty(current) or (name in snapshot and snapshot[name] == current):
        return "set"
    return "kept"


@dataclass
class Comparison:
    """The outcome of comparing a plan with its paper's fields (nothing written yet)."""

    snapshot: dict  # the paper's import_snapshot after this import
    changes: dict[str, list] = field(default_factory=dict)  # field -> [old, new]
    kept: list[str] = field(default_factory=list)  # fields left as staff edited them
    m2m: dict[str, list[int]] = field(default_factory=dict)  # relation -> new ids


def compare_fields(plan: Plan, venue_kinds: dict[int, str]) -> Comparison:
    """Decide field by field; scalar changes are set on plan.paper (not saved)."""
    paper = plan.paper
    result = Comparison(snapshot=dict(paper.import_snapshot or {}))
    snapshot = result.snapshot
    for name in SCALAR_FIELDS:
        if name not in plan.values:
            continue
        incoming = json_value(plan.values[name])
        current = json_value(getattr(paper, name))
        if current != incoming and no_better(name, paper, plan.values, venue_kinds):
            snapshot[name] = current  # what is here already says as much or more
            continue
        decision = decide(name, current, incoming, snapshot)
        snapshot[name] = incoming
        if decision == "set":
            result.changes[name] = [current, incoming]
            setattr(paper, name, plan.values[name])
        elif decision == "kept":
            result.kept.append(name)
    for name in M2M_FIELDS:
        if name not in plan.m2m:
            continue
        incoming = plan.m2m[name]
        current = sorted(obj.pk for obj in getattr(paper, name).all())
        decision = decide(name, current, incoming, snapshot)
        snapshot[name] = incoming
        if decision == "set":
            result.changes[name] = [current, incoming]
            result.m2m[name] = incoming
        elif decision == "kept":
            result.kept.append(name)
    return result


def no_better(name: str, paper: Paper, values: dict, venue_kinds: dict[int, str]) -> bool:
    """Whether the source's value only differs cosmetically or says less than the paper's.

    Such values never replace what is there, so importing sources of different quality
    in turn does not flip a field back and forth: a title differing only in case or
    braces, a date that is less precise but agrees, "preprint" for a published paper,
    another venue or BibTeX key once one is set (each source names venues its own way;
    only a preprint server gives way to the published venue).
    """
    if name == "venue_id":
        current_kind = venue_kinds.get(paper.venue_id)
        return current_kind is not None and current_kind != Venue.Kind.PREPRINT_SERVER
    if name == "bibtex_key":
        return bool(paper.bibtex_key)
    if name == "title":
        return title_key(paper.title) == title_key(values["title"])
    if name in {"date", "date_precision"} and paper.date and values.get("date"):
        incoming_rank = PRECISION_RANK.get(values.get("date_precision", "day"), 3)
        current_rank = PRECISION_RANK.get(paper.date_precision, 3)
        if incoming_rank >= current_rank:
            return False
        agree = paper.date.year == values["date"].year
        if incoming_rank == PRECISION_RANK["month"]:
            agree = agree and paper.date.month == values["date"].month
        return agree
    if name == "kind":
        return values["kind"] == Paper.Kind.PREPRINT and (
            paper.kind not in {Paper.Kind.ARTICLE, Paper.Kind.OTHER} or bool(paper.doi)
        )
    return False


def authors_no_better(current: list[str], incoming: list[str], complete: bool) -> bool:
    """The source's list is the paper's own, only cut shorter or spelt with initials."""
    if not incoming or len(incoming) > len(current) or (complete and len(incoming) != len(current)):
        return False
    return all(names_fit(new, old) for new, old in zip(incoming, current, strict=False))
