"""A visitor's walk through the group's content on the bundled demo: home → a news item →
its project → one of the project's papers, then the header's site search."""

import re

import pytest
from playwright.sync_api import expect

from config.models import News, Project
from papers.models import Paper

pytestmark = pytest.mark.browser

NEWS_SLUG = "flamingo-paper-accepted"
PROJECT_SLUG = "one-model-many-senses"
PAPER_SLUG = "flamingo-a-visual-language-model-for-few-shot-learning"


@pytest.fixture
def demo(demo):
    """The demo, with its Flamingo news item linked to the project the paper belongs to
    (done before the browser starts: no database work may overlap it)."""
    News.objects.get(slug=NEWS_SLUG).projects.set([Project.objects.get(slug=PROJECT_SLUG)])
    demo["titles"] = {
        "news": News.objects.get(slug=NEWS_SLUG).title,
        "project": Project.objects.get(slug=PROJECT_SLUG).title,
        "paper": Paper.objects.get(slug=PAPER_SLUG).title,
    }
    return demo


def h1(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def test_a_visitor_goes_from_the_home_page_through_news_and_a_project_to_a_paper(demo, demo_page):
    page, titles = demo_page, demo["titles"]
    assert page.goto("/").status == 200

    page.get_by_role("main").get_by_role("link", name=titles["news"], exact=True).click()
    expect(page).to_have_url(re.compile(f"/news/{NEWS_SLUG}/$"))
    assert h1(page) == titles["news"]
    expect(page.get_by_role("heading", level=2, name="Projects")).to_be_visible()

    page.get_by_role("main").get_by_role("link", name=titles["project"], exact=True).click()
    expect(page).to_have_url(re.compile(f"/projects/{PROJECT_SLUG}/$"))
    assert h1(page) == titles["project"]
    # The project page links back to the news that mention it.
    expect(page.get_by_role("link", name=titles["news"], exact=True)).to_be_visible()

    page.get_by_role("main").get_by_role("link", name=titles["paper"], exact=True).click()
    expect(page).to_have_url(re.compile(f"/papers/{PAPER_SLUG}/$"))
    assert h1(page) == titles["paper"]

    assert page.problems.errors == []
    assert page.problems.foreign_requests == []


def test_the_header_search_finds_papers_people_news_and_projects_grouped_by_kind(demo, demo_page):
    page, titles = demo_page, demo["titles"]
    page.goto("/")
    page.get_by_role("searchbox", name="Search the site").fill("attention")
    page.get_by_role("searchbox", name="Search the site").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=attention$"))
    assert h1(page) == "Search"
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert [h.split(" (")[0] for h in headings] == ["Papers", "News", "Projects", "Talks"]
    page.get_by_role("link", name=titles["project"], exact=True).click()
    assert h1(page) == titles["project"]

    page.goto("/search/?q=flamingo")
    page.get_by_role("region", name=re.compile("^Papers")).get_by_role(
        "link", name=titles["paper"], exact=True
    ).click()
    assert h1(page) == titles["paper"]

    page.goto("/search/")
    expect(page.get_by_text("Type a few words")).to_be_visible()
    assert page.problems.errors == []
