"""Data health: what in the database needs a human (missing identifiers, unlinked authors,
likely duplicates). A fixed number of queries whatever the data size; each list is capped."""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from config.text import fold
from papers.models import Authorship, Paper
from people.models import Person

LIMIT = 50
NOT_ALPHANUMERIC = re.compile(r"[^0-9a-zA-Z]+")


def fold_fast(text: str) -> str:
    """fold(text), faster for ASCII text (most titles): fold walks every character to drop
    accents, which takes seconds over tens of thousands of titles."""
    if text.isascii():
        return NOT_ALPHANUMERIC.sub(" ", text).strip().lower()
    return fold(text)


@dataclass
class Capped:
    """The first rows of a list and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.rows))


@dataclass
class DuplicateGroup:
    key: str
    items: list = field(default_factory=list)


@dataclass
class DataHealth:
    without_identifier: Capped
    without_abstract: Capped
    without_pdf: Capped
    unlinked_names: Capped
    unlinked_authorships: int
    duplicate_people: Capped
    duplicate_papers: Capped


def _papers(condition: Q, limit: int) -> Capped:
    """Two queries: the newest papers matching condition, and their count."""
    queryset = Paper.objects.filter(condition)
    rows = list(queryset.newest_first().only("pk", "title", "date", "is_published")[:limit])
    return Capped(rows=rows, total=queryset.count())


def _unlinked_names(limit: int) -> tuple[Capped, int]:
    """Names as printed on authorships without a person, most frequent first (two queries)."""
    unlinked = Authorship.objects.filter(person__isnull=True)
    rows = list(
        unlinked.values("name").annotate(count=Count("pk")).order_by("-count", "name")[:limit]
    )
    totals = unlinked.aggregate(authorships=Count("pk"), names=Count("name", distinct=True))
    return Capped(rows=rows, total=totals["names"]), totals["authorships"]


def _duplicate_people(limit: int) -> Capped:
    """People sharing a folded family name and first initial (one query over all people).

    Folding (accents, case, punctuation) happens in Python, the same way author matching does,
    so that "Dvořák" and "Dvorak" meet; the database cannot do that portably.
    """
    groups: dict[str, list] = defaultdict(list)
    people = Person.objects.only("pk", "full_name", "given_name", "family_name", "slug", "role")
    for person in people.order_by("pk"):
        family = fold_fast(person.family_name or person.full_name)
        given = fold_fast(person.given_name)
        if not family:
            continue
        groups[f"{family}, {given[:1]}"].append(person)
    found = [DuplicateGroup(key, items) for key, items in groups.items() if len(items) > 1]
    found.sort(key=lambda group: (-len(group.items), group.key))
    return Capped(rows=found[:limit], total=len(found))


def _duplicate_papers(limit: int) -> Capped:
    """Papers sharing a folded title and year (one query over title and year only)."""
    groups: dict[str, list[tuple[int, str, int | None]]] = defaultdict(list)
    for pk, title, year in Paper.objects.order_by("pk").values_list("pk", "title", "year"):
        groups[f"{fold_fast(title)} ({year or 'no year'})"].append((pk, title, year))
    found = [DuplicateGroup(key, items) for key, items in groups.items() if len(items) > 1]
    found.sort(key=lambda group: (-len(group.items), group.key))
    return Capped(rows=found[:limit], total=len(found))


def data_health(limit: int = LIMIT) -> DataHealth:
    """Everything the data-health page lists, in 10 queries."""
    unlinked_names, unlinked_authorships = _unlinked_names(limit)
    return DataHealth(
        without_identifier=_papers(Q(doi="", arxiv_id=""), limit),
        without_abstract=_papers(Q(abstract=""), limit),
        without_pdf=_papers(Q(pdf="", pdf_url=""), limit),
        unlinked_names=unlinked_names,
        unlinked_authorships=unlinked_authorships,
        duplicate_people=_duplicate_people(limit),
        duplicate_papers=_duplicate_papers(limit),
    )
