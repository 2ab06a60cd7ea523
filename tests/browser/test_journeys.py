import re

import bibtexparser
import pytest
from playwright.sync_api import expect

from tests.browser.site_data import HOSTILE_TITLE, MATH_TITLE, page_paths

pytestmark = pytest.mark.browser


def test_a_visitor_goes_from_home_to_a_profile_a_year_a_paper_and_its_bibtex(site, page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page).to_have_url(re.compile(r"/people/$"))

    page.get_by_role("main").get_by_role("link", name="Ada Lovelace").first.click()
    expect(page).to_have_url(re.compile(rf"/people/{site.pi.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelace")
    photo = page.locator("img.avatar").first
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")

    page.get_by_role("navigation", name="Filter by year").get_by_role(
        "link", name=re.compile(r"^2021\b")
    ).click()
    expect(page).to_have_url(re.compile(r"[?&]year=2021"))
    cards = page.locator("article.paper-card")
    expect(cards).to_have_count(1)

    cards.get_by_role("link", name="Learning things quickly").click()
    expect(page).to_have_url(re.compile(rf"/papers/{site.old_paper.slug}/$"))

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("BibTeX")).first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".bib")
    library = bibtexparser.parse_string(download.path().read_text(encoding="utf-8"))
    assert not library.failed_blocks
    [entry] = library.entries
    assert "Learning things quickly" in entry["title"]
    assert "Lovelace" in entry["author"]
    assert page.problems.errors == []


def test_math_in_titles_and_abstracts_is_typeset_under_the_sites_csp(site, page):
    page.goto(site.math_paper.get_absolute_url())
    heading = page.get_by_role("heading", level=1)
    expect(heading.locator(".katex")).to_have_count(1)
    # KaTeX keeps the TeX source in its MathML annotation for screen readers and copying.
    expect(heading.locator("annotation")).to_have_text("x^2")
    assert "$" not in heading.inner_text()
    # The abstract holds one $...$ and one \(...\) formula.
    abstract = page.locator(".tex").filter(has_text="We bound")
    expect(abstract.locator(".katex")).to_have_count(2)
    assert page.problems.errors == []

    page.goto(site.pi.get_absolute_url())
    card = page.locator("article.paper-card").filter(has_text="Bounds on")
    expect(card.get_by_role("heading").locator(".katex")).to_have_count(1)


def test_math_source_is_readable_without_javascript(site, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.math_paper.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == MATH_TITLE
    context.close()


def test_a_script_in_a_title_shows_as_text_and_never_runs(site, page):
    for path in [
        "/",
        "/papers/",
        site.pi.get_absolute_url(),
        site.hostile_paper.get_absolute_url(),
    ]:
        page.goto(path)
        expect(page.get_by_text(HOSTILE_TITLE).first).to_be_visible()
    page.goto("/papers/?q=alert")
    assert page.problems.dialogs == []
    assert page.evaluate("document.querySelectorAll('main script').length") == 0


@pytest.mark.parametrize("width", [375, 1280])
def test_every_page_fits_the_width_and_asks_no_other_host_for_anything(
    site, page, screenshots, width
):
    page.set_viewport_size({"width": width, "height": 900})
    overflowing, statuses = {}, {}
    for name, path in page_paths(site).items():
        statuses[name] = page.goto(path).status
        page.wait_for_load_state("load")
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            overflowing[name] = scroll_width
        page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
    assert overflowing == {}
    assert {name: status for name, status in statuses.items() if status != 200} == {
        "not-found": 404
    }
    assert page.problems.foreign_requests == []


@pytest.mark.parametrize("width", [375, 1280])
def test_every_demo_page_fits_the_width(demo, demo_page, screenshots, width):
    demo_page.set_viewport_size({"width": width, "height": 900})
    overflowing, statuses = {}, {}
    for name, path in demo.items():
        statuses[name] = demo_page.goto(path).status
        demo_page.wait_for_load_state("load")
        scroll_width, inner_width = demo_page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            overflowing[name] = scroll_width
        if not name.startswith("demo-paper-"):
            demo_page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
    assert overflowing == {}
    assert set(statuses.values()) == {200}
    assert demo_page.problems.errors == []
    assert demo_page.problems.foreign_requests == []


def test_the_skip_link_is_the_first_stop_for_the_keyboard_and_moves_focus_to_main(site, page):
    page.goto(site.pi.get_absolute_url())
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.tagName, document.activeElement.getAttribute('href'),"
        " document.activeElement.textContent.trim()]"
    )
    assert focused[0] == "A"
    assert focused[1] == "#main"
    assert "skip" in focused[2].lower()
    # The focused skip link must be on screen, not just in the tab order.
    expect(page.locator(":focus")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_papers_page_filters_and_searches_without_javascript(site, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("searchbox", name="Search the site").fill("attention")
    page.locator(".site-search").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=attention"))
    expect(page.get_by_role("heading", level=2, name="Papers")).to_be_visible()
    page.goto("/papers/")
    page.get_by_role("searchbox", name="Words in title, abstract or authors").fill("attention")
    page.get_by_role("searchbox", name="Words in title, abstract or authors").press("Enter")
    expect(page).to_have_url(re.compile(r"/papers/\?q=attention"))
    expect(page.locator("article.paper-card")).to_have_count(1)
    context.close()


def test_printing_a_profile_shows_the_abstracts_that_the_screen_keeps_closed(site, page):
    page.goto(site.pi.get_absolute_url())
    abstract = page.locator("article.paper-card details.abstract").first
    expect(abstract).not_to_have_attribute("open", "")
    expect(abstract.locator("p")).to_be_hidden()

    page.emulate_media(media="print")
    expect(abstract.locator("p")).to_be_visible()
    assert abstract.locator("p").bounding_box()["height"] > 0
    expect(page.locator(".site-header")).to_be_hidden()
    assert page.problems.errors == []


def test_printing_a_paper_page_shows_its_abstract(site, page):
    page.goto(site.math_paper.get_absolute_url())
    page.emulate_media(media="print")
    expect(page.locator(".abstract-text")).to_be_visible()
    assert page.problems.errors == []
