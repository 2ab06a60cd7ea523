"""Demo content of the group's own site, written for the demo. Each loader only adds what is
missing, so a second `load_demo` writes nothing."""

from config.models import Page, SiteSettings

DEMO_INTRO = (
    "This is a **demo group** built from one public profile: the papers are real, but the "
    "abstracts are short summaries written for the demo, and the group roles, dates and "
    "citation counts are illustrative. Staff change this text, the group's name and links "
    "in the admin under *Site settings*."
)

DEMO_PAGES = [
    {
        "slug": "about",
        "title": "About",
        "order": 1,
        "body": (
            "# What we do\n\nWe study machine learning: sequence models, reinforcement learning "
            "and agents that play games.\n\n# How this site works\n\nEverything here is edited "
            "in the admin: people, papers, and pages like this one, written in Markdown."
        ),
    },
    {
        "slug": "contact",
        "title": "Contact",
        "order": 2,
        "body": "Write to the group at the address in the footer of every page.",
    },
]


def load_site_settings_demo() -> int:
    """The demo group's name, tagline and introduction, unless the settings exist."""
    if SiteSettings.objects.exists():
        return 0
    SiteSettings(
        name="Demo Research Group",
        short_name="Demo Lab",
        tagline="Machine learning research: people, papers and code.",
        intro=DEMO_INTRO,
        footer="A demo of Labsite, the website of a research group.",
    ).save()
    return 1


def load_pages_demo() -> int:
    """An About and a Contact page in the main menu, unless pages with their slugs exist."""
    taken = set(Page.objects.values_list("slug", flat=True))
    added = 0
    for values in DEMO_PAGES:
        if values["slug"] not in taken:
            Page.objects.create(in_navigation=True, **values)
            added += 1
    return added
