"""A small but complete site: members, an alumnus, an outside co-author, papers with math,
a hostile title, a venue and an institution. Shared by the browser and HTML validity tests."""

import io
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from PIL import Image

from config.models import News, Opening, Project, Talk
from papers.models import Paper, Venue
from papers.search import refresh_search_text
from people.models import Institution, Person
from people.services_photos import person_photo_refresh
from tests.factories import (
    make_affiliation,
    make_institution,
    make_metric,
    make_paper,
    make_person,
    make_venue,
)

MATH_TITLE = "Bounds on $x^2$ for sparse attention"
HOSTILE_TITLE = '<script>alert(1)</script> & "x"'


@dataclass
class Site:
    pi: Person
    student: Person
    institution: Institution
    venue: Venue
    math_paper: Paper
    hostile_paper: Paper
    old_paper: Paper


def portrait_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 800), (90, 120, 160)).save(out, "JPEG")
    return out.getvalue()


def build_site() -> Site:
    institution = make_institution("University of Testing", short_name="utest", country="gb")
    venue = make_venue("Conference on Learning Systems", short_name="CoLS", kind="conference")
    pi = make_person(
        "Ada Lovelace",
        role="pi",
        joined=date(2015, 1, 1),
        orcid="0000-0002-1825-0097",
        website="https://example.org/ada",
        bio="Works on attention and sparse models.",
    )
    pi.photo = ContentFile(portrait_jpeg(), name="ada.jpg")
    pi.save()
    person_photo_refresh(person=pi)
    make_affiliation(pi, institution, position="Professor", start=date(2015, 1, 1))
    for position, (name, value, unit) in enumerate(
        [("h-index", 117, ""), ("papers", 114, ""), ("citations", 216183, ""), ("Novelty", 61, "%")]
    ):
        make_metric(pi, name, value, unit=unit, position=position)
    student = make_person("Émile Noël", role="phd", joined=date(2021, 9, 1))
    make_affiliation(student, institution, position="PhD student", start=date(2021, 9, 1))
    make_person("Bob Former", role="postdoc", joined=date(2016, 1, 1), left=date(2020, 1, 1))
    outsider = make_person("Grace External")

    math_paper = make_paper(
        MATH_TITLE,
        authors=[pi, student, outsider, "Unlinked Author"],
        subjects=["cs.LG", "cs.CL"],
        institutions=[institution],
        date=date(2023, 5, 1),
        kind="conference",
        venue=venue,
        abstract=r"We bound $\alpha + \beta$ and show that \(n \log n\) suffices.",
        code_url="https://example.org/code",
        doi="10.1234/bounds.2023",
        citation_count=12,
        is_featured=True,
    )
    hostile_paper = make_paper(
        HOSTILE_TITLE,
        authors=[pi, "Mallory Author"],
        subjects=["cs.CR"],
        date=date(2022, 3, 1),
        abstract='<img src=x onerror="alert(2)"> and "quotes" & ampersands',
    )
    old_paper = make_paper(
        "Learning things quickly",
        authors=[student, pi],
        subjects=["cs.CL"],
        date=date(2021, 7, 1),
        venue=venue,
        abstract="Plain words only.",
    )
    make_paper("A hidden draft", authors=[pi], is_published=False, date=date(2024, 1, 1))
    refresh_search_text(Paper.objects.values_list("pk", flat=True))
    return Site(
        pi=pi,
        student=student,
        institution=institution,
        venue=venue,
        math_paper=math_paper,
        hostile_paper=hostile_paper,
        old_paper=old_paper,
    )


def page_paths(site: Site) -> dict[str, str]:
    """One URL per page type, for the accessibility and validity checks."""
    return {
        "home": "/",
        "people": "/people/",
        "profile": site.pi.get_absolute_url(),
        "profile-filtered": f"{site.pi.get_absolute_url()}?year=2023",
        "papers": "/papers/",
        "papers-filtered": "/papers/?year_min=2021&year_max=2023&subject=cs.LG&has_code=true&sort=-citations",
        "papers-search": "/papers/?q=attention",
        "paper": site.math_paper.get_absolute_url(),
        "paper-hostile": site.hostile_paper.get_absolute_url(),
        "venues": "/venues/",
        "venue": site.venue.get_absolute_url(),
        "institutions": "/institutions/",
        "institution": site.institution.get_absolute_url(),
        "search": "/search/?q=attention",
        "search-hostile": "/search/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "not-found": "/no-such-page/",
    }


def demo_paths() -> dict[str, str]:
    """Page URLs over the bundled demo (load_demo): real-world titles, authors and tags."""
    pi = Person.objects.filter(role=Person.Role.PI).first()
    papers = Paper.objects.published().order_by("-citation_count", "pk")
    paths = {
        "demo-home": "/",
        "demo-people": "/people/",
        "demo-profile": pi.get_absolute_url(),
        "demo-papers": "/papers/?sort=-citations",
        "demo-institutions": "/institutions/",
        "demo-venues": "/venues/",
        # The group's own content: every page type of news, projects, openings and pages.
        "demo-news": "/news/",
        "demo-news-item": News.objects.published().newest_first()[0].get_absolute_url(),
        "demo-projects": "/projects/",
        "demo-project": Project.objects.published().active_first()[0].get_absolute_url(),
        "demo-join": "/join/",
        "demo-opening": Opening.objects.published().open()[0].get_absolute_url(),
        "demo-talks": "/talks/",
        "demo-talk": Talk.objects.published().order_by("start")[0].get_absolute_url(),
        "demo-page": "/about/",
        "demo-search": "/search/?q=attention",
        "demo-search-empty": "/search/",
    }
    paths.update({f"demo-paper-{paper.slug}": paper.get_absolute_url() for paper in papers})
    return paths
