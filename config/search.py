"""Site search (/search/): one query over papers, people and the group's content, grouped by kind.

A kind is (key, label, search, all_url): `search(q)` returns the QuerySet of its matches in the
order to show them, `all_url(q)` the page listing every match (or None). Adding a kind is one
line in KINDS; each kind costs one query (the first rows and, through a window, their total)
plus whatever prefetches its QuerySet declares.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, F, QuerySet, Window
from django.urls import reverse

from config.models import News, Opening, Project, Talk
from papers.filters import SORTS
from papers.models import Paper
from papers.search import search_papers
from people.models import Person

MAX_QUERY_LENGTH = 200
PER_KIND = 5


def _papers(q: str) -> QuerySet:
    """The /papers/?q= search (papers.search), best match first as on that page."""
    found = search_papers(Paper.objects.published(), q)
    if "search_rank" not in found.query.annotations:  # nothing left to search for: none()
        return found
    return found.select_related("venue").order_by(F("search_rank").desc(), *SORTS["-date"])


def _papers_url(q: str) -> str:
    return f"{reverse('papers:list')}?{urlencode({'q': q})}"


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    search: Callable[[str], QuerySet]
    all_url: Callable[[str], str] | None = None


KINDS: list[Kind] = [
    Kind("papers", "Papers", _papers, _papers_url),
    Kind("people", "People", lambda q: Person.objects.search(q).members_first()),
    Kind("news", "News", lambda q: News.objects.published().search(q).newest_first()),
    Kind("projects", "Projects", lambda q: Project.objects.published().search(q).active_first()),
    Kind("openings", "Openings", lambda q: Opening.objects.published().search(q)),
    Kind("talks", "Talks", lambda q: Talk.objects.published().search(q).order_by("-start")),
]


@dataclass(frozen=True)
class Group:
    kind: Kind
    results: list
    count: int
    all_url: str


def clean_query(text: str | None) -> str:
    """The query as searched: control and format characters dropped, whitespace collapsed,
    at most MAX_QUERY_LENGTH characters."""
    kept = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in text or "")
    return re.sub(r"\s+", " ", kept).strip()[:MAX_QUERY_LENGTH].strip()


def site_search(q: str, *, per_kind: int = PER_KIND) -> list[Group]:
    """The first matches of every kind with their totals, kinds without a match left out
    (one query per kind, plus the kinds' prefetches)."""
    groups = []
    for kind in KINDS:
        rows = list(kind.search(q).annotate(search_total=Window(Count("pk")))[:per_kind])
        if rows:
            all_url = kind.all_url(q) if kind.all_url else ""
            groups.append(Group(kind, rows, rows[0].search_total, all_url))
    return groups
