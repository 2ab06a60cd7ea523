"""Demo content of the group's own pages, one function per kind; load_demo calls them.

Each adds only what is missing and never changes a row that exists, so a second run writes
nothing and edits made in the admin survive.
"""

from config.models import Opening

OPENING_DESCRIPTION = """\
We have a funded place for a PhD student who wants to study how learning systems can explain
their own predictions. You will design small, careful experiments, write code others can reuse,
and publish with the group.

## What we look for

- A master's degree (or about to finish one) in computer science, mathematics or a related field.
- Comfort with Python and with linear algebra, e.g. reading $Ax = b$ without fear.
- Curiosity, and the habit of writing things down.
"""
OPENING_HOW_TO_APPLY = """\
Send a CV, a one-page statement of what you would like to work on, and the names of two
referees. We read applications as they arrive, until the place is filled.
"""


def load_openings_demo() -> int:
    """One open PhD position (no deadline, so it stays open on any day); returns rows added."""
    if Opening.objects.filter(slug="phd-position-explainable-learning").exists():
        return 0
    Opening.objects.create(
        title="PhD position: learning systems that explain themselves",
        slug="phd-position-explainable-learning",
        kind=Opening.Kind.PHD,
        location="Cambridge, UK",
        description=OPENING_DESCRIPTION,
        how_to_apply=OPENING_HOW_TO_APPLY,
        apply_email="jobs@example.org",
    )
    return 1
