"""The main menu: the site's sections, then the published pages marked for it.

A section is (url_name, label, content): `content` is None for a section that always shows,
else a function returning the QuerySet whose rows the section shows; the section is in the
menu when that QuerySet has a row. Adding a section is one line in SECTIONS, and however many
there are, they are checked in one query.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import CharField, QuerySet, Value
from django.urls import reverse

from config.models import News, Opening, Page, Project, Talk

SECTIONS: list[tuple[str, str, Callable[[], QuerySet] | None]] = [
    ("people:list", "People", None),
    ("papers:list", "Papers", None),
    ("papers:venue_list", "Venues", None),
    ("people:institution_list", "Institutions", None),
    ("project_list", "Projects", lambda: Project.objects.published()),
    ("news_list", "News", lambda: News.objects.published()),
    ("talk_list", "Talks", lambda: Talk.objects.published()),
    ("opening_list", "Join us", lambda: Opening.objects.published().open()),
]


def sections_with_content() -> set[str]:
    """The url names of the sections whose QuerySet has a row (one query for all of them:
    a UNION, which keeps one row per section)."""
    named = [
        content().order_by().values_list(Value(name, output_field=CharField()))
        for name, _, content in SECTIONS
        if content is not None
    ]
    if not named:
        return set()
    return {name for (name,) in named[0].union(*named[1:]).order_by()}


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    current: str  # "page" on the entry's own URL, "true" on pages inside it, "" elsewhere


def _current(url: str, path: str) -> str:
    if path == url:
        return "page"
    return "true" if url != "/" and path.startswith(url) else ""


def main_navigation(request) -> list[NavItem]:
    """The header's entries for this request: the sections with content, then the pages
    (two queries: the sections' content, the pages)."""
    path = request.path if request is not None else ""
    shown = sections_with_content()
    urls = [
        (reverse(name), label)
        for name, label, content in SECTIONS
        if content is None or name in shown
    ]
    urls += [(page.get_absolute_url(), page.title) for page in Page.objects.in_navigation()]
    return [NavItem(url, label, _current(url, path)) for url, label in urls]
