"""Openings in Chromium: /join/ and opening pages pass axe in light and dark, and hostile
Markdown runs nothing under the real Content Security Policy."""

import datetime

import pytest
from django.utils import timezone

from config.models import Opening
from tests.browser.conftest import _open_page, chromium
from tests.browser.test_accessibility import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def openings(live_server) -> dict[str, str]:
    """An open, a closed and a hostile opening, committed; their paths by name."""
    soon = timezone.localdate() + datetime.timedelta(days=20)
    open_one = Opening.objects.create(
        title="PhD position in robust learning",
        kind="phd",
        location="Cambridge, UK",
        deadline=soon,
        description="# The project\n\nWe study $x^2$ and **robustness**.\n\n- one\n- two",
        how_to_apply="Send a CV.",
        apply_url="https://jobs.example.org/1",
        apply_email="jobs@example.org",
    )
    closed = Opening.objects.create(title="Former postdoc", description="Gone.", is_open=False)
    hostile = Opening.objects.create(
        title="Hostile <script>alert('title')</script>",
        description='<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n'
        "[click](javascript:alert(3))\n\n![x](data:image/png;base64,AAAA)",
        how_to_apply="<svg onload=alert(4)>",
    )
    return {
        "list": "/join/",
        "open": open_one.get_absolute_url(),
        "closed": closed.get_absolute_url(),
        "hostile": hostile.get_absolute_url(),
    }


def test_opening_pages_pass_axe_and_run_no_hostile_script(openings, live_server):
    found = {}
    with chromium() as browser:
        # Under the site's CSP: console errors (CSP violations land there) and alert() calls.
        context, page = _open_page(browser, live_server)
        for path in openings.values():
            page.goto(path)
            page.wait_for_load_state("load")
        problems = (page.problems.errors, page.problems.dialogs)
        context.close()
        context, page = _open_page(browser, live_server, bypass_csp=True)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            for name, path in openings.items():
                page.goto(path)
                page.wait_for_load_state("load")
                violations = serious_violations(page)
                if violations:
                    found[f"{name} ({scheme})"] = violations
        context.close()
    assert found == {}
    assert problems == ([], [])
