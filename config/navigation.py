"""The main menu: the site's sections, then the published pages marked for it.

A section is (url_name, label, has_content): `has_content()` says whether the entry shows
(a query at most; People and Papers always show). Adding a section is one line in SECTIONS.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from config.models import Page


def always() -> bool:
    return True


SECTIONS: list[tuple[str, str, Callable[[], bool]]] = [
    ("people:list", "People", always),
    ("papers:list", "Papers", always),
    ("papers:venue_list", "Venues", always),
    ("people:institution_list", "Institutions", always),
]


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
    (one query for the pages, plus each section's has_content check)."""
    path = request.path if request is not None else ""
    urls = [(reverse(name), label) for name, label, has_content in SECTIONS if has_content()]
    urls += [(page.get_absolute_url(), page.title) for page in Page.objects.in_navigation()]
    return [NavItem(url, label, _current(url, path)) for url, label in urls]
