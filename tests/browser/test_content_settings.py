import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from config.models import Page, SiteSettings
from tests.browser.conftest import chromium
from tests.browser.test_accessibility import serious_violations
from tests.factories import make_user

pytestmark = pytest.mark.browser


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGBA", (64, 64), (20, 90, 160, 255)).save(out, "PNG")
    return SimpleUploadedFile("logo.png", out.getvalue())


@pytest.fixture
def group_content(site):
    SiteSettings(
        name="Browser Lab",
        tagline="We test in real browsers.",
        intro="# Who we are\n\nA group with $E = mc^2$ and a [link](https://example.org/).",
        logo=_png(),
        footer="Made by the *group*.",
        funding="Funded by the Example Council.",
        email="lab@example.org",
        github_url="https://github.com/example-lab",
    ).save()
    Page.objects.create(
        title="About", slug="about", in_navigation=True, body="# History\n\nSince 2020."
    )
    make_user("editor", superuser=True)


@pytest.fixture
def browser(site, group_content):
    """Chromium started after the group's content is in (no database work may overlap it)."""
    with chromium() as browser:
        yield browser


@pytest.mark.parametrize("path", ["/", "/about/"])
def test_pages_with_the_group_content_are_accessible(axe_page, path):
    axe_page.goto(path)
    expect(axe_page.locator("a.site-name")).to_contain_text("Browser Lab")
    assert serious_violations(axe_page) == []
    assert axe_page.problems.errors == []


def test_the_menu_leads_to_a_page_marked_current(page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="About").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About")
    current = page.get_by_role("navigation", name="Main").locator("[aria-current=page]")
    expect(current).to_have_text("About")
    assert page.problems.errors == [] and page.problems.foreign_requests == []


def test_the_admin_previews_markdown_as_written(page):
    page.goto("/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw")
    page.get_by_role("button", name="Log in").click()
    page.goto("/admin/site/page/add/")
    page.fill("#id_body", "# Fresh\n\n<script>alert(1)</script> *new*")
    page.get_by_role("button", name="Preview the text as written").click()
    preview = page.locator("#page-preview")
    expect(preview.locator("h2")).to_have_text("Fresh")
    expect(preview.locator("em")).to_have_text("new")
    assert page.problems.errors == [] and page.problems.dialogs == []
