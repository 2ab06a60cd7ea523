"""Project pages in Chromium: accessible in light and dark, math typeset, nothing refused by CSP."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from config.models import Project, ProjectMember
from tests.browser.test_accessibility import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def projects(site) -> dict[str, str]:
    """An active project with members, papers, an image, math and a hostile body; a past one."""
    out = io.BytesIO()
    Image.new("RGB", (320, 180), "teal").save(out, "PNG")
    active = Project.objects.create(
        title="Sparse attention",
        summary="Attention that reads long inputs cheaply.",
        body="## Aim\n\nCost in $O(n \\log n)$.\n\n<script>alert(1)</script> [x](javascript:alert(2))",
        image=SimpleUploadedFile("diagram.png", out.getvalue()),
        image_alt="A teal rectangle standing in for a diagram",
        code_url="https://github.com/example/sparse",
        start=date(2022, 1, 1),
        published=True,
    )
    ProjectMember.objects.create(project=active, person=site.pi, role="Lead", order=0)
    ProjectMember.objects.create(project=active, person=site.student, role="PhD student", order=1)
    active.papers.set([site.math_paper, site.hostile_paper])
    past = Project.objects.create(
        title="Old benchmarks", start=date(2012, 1, 1), end=date(2015, 6, 30), published=True
    )
    past.papers.set([site.old_paper])
    return {
        "list": "/projects/",
        "active": active.get_absolute_url(),
        "past": past.get_absolute_url(),
        "profile": site.pi.get_absolute_url(),
        "paper": site.math_paper.get_absolute_url(),
    }


def test_project_pages_have_no_serious_accessibility_violation(projects, axe_page):
    found = {}
    for scheme in ("light", "dark"):
        axe_page.emulate_media(color_scheme=scheme)
        for name, path in projects.items():
            axe_page.goto(path)
            axe_page.wait_for_load_state("load")
            violations = serious_violations(axe_page)
            if violations:
                found[f"{name} ({scheme})"] = violations
    assert found == {}


def test_a_project_page_typesets_math_and_runs_nothing_from_its_body(projects, page):
    page.goto(projects["active"])
    page.wait_for_load_state("load")
    page.locator(".prose .katex").first.wait_for()
    assert page.locator("img.project-image").evaluate("img => img.naturalWidth") == 320
    assert page.problems.errors == [] and page.problems.dialogs == []
    assert page.problems.foreign_requests == []
