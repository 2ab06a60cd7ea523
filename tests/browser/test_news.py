"""News pages in Chromium, over the bundled demo: accessible in light and dark, no errors."""

import pytest

from tests.browser.test_accessibility import serious_violations

pytestmark = pytest.mark.browser

NEWS_PAGES = ["/news/", "/news/flamingo-paper-accepted/", "/"]


def test_news_pages_are_accessible_and_error_free(demo, demo_axe_page):
    page = demo_axe_page
    found = {}
    for path in NEWS_PAGES:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            response = page.goto(path)
            assert response.status == 200, path
            page.wait_for_load_state("load")
            found[(path, scheme)] = serious_violations(page)
    assert all(v == [] for v in found.values()), found
    assert page.problems.errors == [] and page.problems.foreign_requests == []
    page.goto("/news/")
    assert page.get_by_role("heading", level=2, name="2023").is_visible()
    page.get_by_role("link", name="Flamingo paper accepted").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Flamingo paper accepted"
    assert page.get_by_role("link", name="Jean-Baptiste Alayrac").is_visible()
