import pytest

from tests.browser.conftest import AXE
from tests.browser.site_data import page_paths

pytestmark = pytest.mark.browser

PAGES = [
    "home",
    "people",
    "profile",
    "profile-filtered",
    "papers",
    "papers-filtered",
    "papers-search",
    "paper",
    "paper-hostile",
    "venues",
    "venue",
    "institutions",
    "institution",
    "search",
    "search-hostile",
    "not-found",
]


def serious_violations(page) -> list[str]:
    """Run axe-core (WCAG 2.1 A/AA and best practices) and describe serious or critical findings."""
    page.add_script_tag(path=AXE)
    results = page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
            resultTypes: ["violations"],
        })"""
    )
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_page_list_covers_every_page_type(site):
    assert set(PAGES) == set(page_paths(site))


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_or_critical_violation_in_light_or_dark(site, axe_page, name):
    found = {}
    for scheme in ("light", "dark"):
        axe_page.emulate_media(color_scheme=scheme)
        axe_page.goto(page_paths(site)[name])
        axe_page.wait_for_load_state("load")
        found[scheme] = serious_violations(axe_page)
    assert found == {"light": [], "dark": []}


def test_axe_finds_no_serious_or_critical_violation_on_the_demo(demo, demo_axe_page):
    paths = {name: path for name, path in demo.items() if not name.startswith("demo-paper-")}
    # The three most cited demo papers: long author lists, tags, math and links.
    paths.update(list(demo.items())[len(paths) : len(paths) + 3])
    found = {}
    for scheme in ("light", "dark"):
        demo_axe_page.emulate_media(color_scheme=scheme)
        for name, path in paths.items():
            demo_axe_page.goto(path)
            demo_axe_page.wait_for_load_state("load")
            violations = serious_violations(demo_axe_page)
            if violations:
                found[f"{name} ({scheme})"] = violations
    assert found == {}


def test_axe_does_report_a_serious_violation_when_there_is_one(site, axe_page):
    axe_page.goto("/")
    axe_page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x>')"
    )
    assert any("image-alt" in v for v in serious_violations(axe_page))
