"""Talk pages in Chromium: accessible in light and dark, math typeset, nothing refused by CSP."""

from datetime import UTC, datetime

import pytest

from config.models import Talk, TalkSpeaker
from tests.browser.test_accessibility import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def talks(site) -> dict[str, str]:
    """An upcoming talk with speakers, math, a hostile abstract and a paper; a past one."""
    upcoming = Talk.objects.create(
        title="Sparse attention at scale",
        kind=Talk.Kind.KEYNOTE,
        guest_speakers="Grace Hopper",
        event="Long inputs workshop",
        place="Paris",
        time_zone="Europe/Paris",
        start=datetime(2031, 6, 1, 8, tzinfo=UTC),
        end=datetime(2031, 6, 1, 9, tzinfo=UTC),
        abstract="Cost in $O(n \\log n)$.\n\n<script>alert(1)</script> [x](javascript:alert(2))",
        slides_url="https://example.org/slides.pdf",
        is_published=True,
    )
    TalkSpeaker.objects.create(talk=upcoming, person=site.pi, order=0)
    upcoming.papers.set([site.math_paper])
    past = Talk.objects.create(
        title="Old benchmarks revisited",
        start=datetime(2015, 3, 1, 15, tzinfo=UTC),
        time_zone="America/New_York",
        is_published=True,
    )
    TalkSpeaker.objects.create(talk=past, person=site.student, order=0)
    return {
        "list": "/talks/",
        "upcoming": upcoming.get_absolute_url(),
        "past": past.get_absolute_url(),
        "profile": site.pi.get_absolute_url(),
    }


def test_talk_pages_have_no_serious_accessibility_violation(talks, axe_page):
    found = {}
    for scheme in ("light", "dark"):
        axe_page.emulate_media(color_scheme=scheme)
        for name, path in talks.items():
            axe_page.goto(path)
            axe_page.wait_for_load_state("load")
            violations = serious_violations(axe_page)
            if violations:
                found[f"{name} ({scheme})"] = violations
    assert found == {}


def test_a_talk_page_typesets_math_and_runs_nothing_from_its_abstract(talks, page):
    page.goto(talks["upcoming"])
    page.wait_for_load_state("load")
    page.locator(".prose .katex").first.wait_for()
    assert "(Europe/Paris)" in page.locator("dl.facts").inner_text()
    assert page.problems.errors == [] and page.problems.dialogs == []
    assert page.problems.foreign_requests == []
