"""Demo content of the group's own site, written for the demo. Each loader only adds what is
missing, so a second `load_demo` writes nothing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from config.models import (
    News,
    Opening,
    Page,
    Project,
    ProjectMember,
    SiteSettings,
    Talk,
    TalkSpeaker,
)
from papers.models import Paper
from people.models import Person

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


DEMO_NEWS = [
    {
        "slug": "flamingo-paper-accepted",
        "title": "Flamingo paper accepted",
        "date": date(2022, 9, 15),
        "body": "Our paper on **few-shot learning** with a visual language model has been "
        "accepted. The model answers questions about images after seeing only a handful of "
        "examples. Congratulations to everyone involved!",
        "people": ["jean-baptiste-alayrac", "oriol-vinyals"],
        "papers": ["flamingo-a-visual-language-model-for-few-shot-learning"],
    },
    {
        "slug": "welcome-karsten-roth",
        "title": "Welcome, Karsten Roth",
        "date": date(2023, 3, 1),
        "body": "Karsten joins the group to work on *deep metric learning* and on how "
        "language can guide vision models. Say hello if you see him around.",
        "people": ["karsten-roth"],
        "papers": [],
    },
    {
        "slug": "talk-attention-for-any-kind-of-input",
        "title": "Talk: attention for any kind of input",
        "date": date(2023, 6, 20),
        "body": "Andrew Jaegle gave a seminar on the Perceiver family of models, which read "
        "images, audio and point clouds with one architecture. The slides are linked from "
        "the paper pages.",
        "people": ["andrew-jaegle"],
        "papers": [
            "perceiver-general-perception-with-iterative-attention",
            "perceiver-io-a-general-architecture-for-structured-inputs-outputs",
        ],
    },
]


def load_news_demo() -> int:
    """Add the demo news items that are missing, linked to the demo people and papers that
    exist; returns how many were added."""
    added = 0
    for values in DEMO_NEWS:
        values = dict(values)
        people, papers = values.pop("people"), values.pop("papers")
        if News.objects.filter(slug=values["slug"]).exists():
            continue
        item = News.objects.create(**values, is_published=True)
        item.people.set(Person.objects.filter(slug__in=people))
        item.papers.set(Paper.objects.filter(slug__in=papers))
        added += 1
    return added


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


DEMO_PROJECTS = [
    {
        "slug": "one-model-many-senses",
        "title": "One model, many senses",
        "summary": "Architectures that take pixels, sound, text and point clouds through the "
        "same network, without a hand-built front end for each kind of input.",
        "body": "Most perception systems are built around one kind of input: a convolution "
        "for images, a spectrogram front end for audio. This project asks how far a single "
        "attention-based design can go when it reads **any** input as a set of elements and "
        "squeezes it through a small latent array, so that the cost grows with the latent "
        "size rather than with $N$, the length of the input.\n\n"
        "# What we work on\n\n"
        "- reading and writing structured inputs and outputs with one model;\n"
        "- long contexts for autoregressive generation;\n"
        "- pairing vision with language models for few-shot tasks.",
        "start": date(2020, 9, 1),
        "end": None,
        "code_url": "https://example.org/code/one-model-many-senses",
        "members": [
            ("andrew-jaegle", "Lead"),
            ("skanda-koppula", "Research engineer"),
            ("jean-baptiste-alayrac", "Vision and language"),
            ("oriol-vinyals", "Advisor"),
        ],
        "papers": [
            "perceiver-general-perception-with-iterative-attention",
            "perceiver-io-a-general-architecture-for-structured-inputs-outputs",
            "general-purpose-long-context-autoregressive-modeling-with-perceiver-ar",
            "flamingo-a-visual-language-model-for-few-shot-learning",
        ],
    },
    {
        "slug": "learning-to-play-real-time-strategy",
        "title": "Learning to play real-time strategy",
        "summary": "A benchmark environment and first learning agents for a real-time "
        "strategy game with many units, partial observation and long horizons.",
        "body": "Strategy games stress what board games do not: many units acting at once, "
        "a map that is only partly visible, and rewards that arrive minutes after the "
        "decisions that earned them. The project built an open environment around such a "
        "game, a set of small practice maps, and baseline agents, and published replays "
        "from human players for learning by imitation. It ended when the environment was "
        "handed over to the wider community.",
        "start": date(2016, 9, 1),
        "end": date(2019, 12, 31),
        "website": "https://example.org/rts-environment",
        "members": [("oriol-vinyals", "Lead")],
        "papers": ["starcraft-ii-a-new-challenge-for-reinforcement-learning"],
    },
]


def load_projects_demo() -> int:
    """Create the demo projects that do not exist yet (by slug); returns how many were made."""
    created = 0
    with transaction.atomic():
        for values in DEMO_PROJECTS:
            values = dict(values)
            members, papers = values.pop("members"), values.pop("papers")
            if Project.objects.filter(slug=values["slug"]).exists():
                continue
            project = Project.objects.create(published=True, **values)
            people = Person.objects.in_bulk([slug for slug, _ in members], field_name="slug")
            for order, (slug, role) in enumerate(members):
                if slug in people:
                    ProjectMember.objects.create(
                        project=project, person=people[slug], role=role, order=order
                    )
            project.papers.set(Paper.objects.filter(slug__in=papers))
            created += 1
    return created


DEMO_TALKS = [
    {
        "slug": "one-architecture-for-every-input",
        "title": "One architecture for every input",
        "kind": Talk.Kind.SEMINAR,
        "event": "Machine learning seminar",
        "place": "London",
        "time_zone": "Europe/London",
        "start": (2023, 6, 20, 16, 0),
        "end": (2023, 6, 20, 17, 0),
        "abstract": "Images, sounds and point clouds usually need models of their own. We show "
        "how a small set of latent vectors, reading the input through cross-attention, copes "
        "with all of them, and where this still falls short.",
        "speakers": ["andrew-jaegle"],
        "papers": ["perceiver-general-perception-with-iterative-attention"],
    },
    {
        "slug": "few-shot-answers-about-images",
        "title": "Answering questions about images from a few examples",
        "kind": Talk.Kind.INVITED,
        "event": "Vision and language workshop",
        "place": "New Orleans",
        "time_zone": "America/Chicago",
        "start": (2022, 11, 30, 10, 30),
        "end": (2022, 11, 30, 11, 15),
        "abstract": "A language model that can look at pictures learns new tasks from a "
        "handful of examples in its prompt. We walk through what made this work and what "
        "it still gets wrong.",
        "speakers": ["jean-baptiste-alayrac"],
        "papers": ["flamingo-a-visual-language-model-for-few-shot-learning"],
    },
    {
        "slug": "agents-that-plan-in-real-time",
        "title": "Agents that plan in real time",
        "kind": Talk.Kind.KEYNOTE,
        "event": "Games and learning symposium",
        "place": "Online",
        "time_zone": "Europe/Paris",
        "start": (2031, 5, 14, 14, 0),
        "end": None,
        "abstract": "Strategy games ask an agent to act many times a second with only part of "
        "the picture. This keynote looks back at what such games taught us and ahead to open "
        "problems.",
        "speakers": ["oriol-vinyals"],
        "papers": ["starcraft-ii-a-new-challenge-for-reinforcement-learning"],
    },
]


def load_talks_demo() -> int:
    """Add the demo talks that are missing (by slug), one far in the future so it stays
    upcoming, linked to the demo people and papers that exist; returns how many were added."""
    added = 0
    with transaction.atomic():
        for values in DEMO_TALKS:
            values = dict(values)
            speakers, papers = values.pop("speakers"), values.pop("papers")
            if Talk.objects.filter(slug=values["slug"]).exists():
                continue
            zone = ZoneInfo(values["time_zone"])
            for field in ("start", "end"):
                if values[field]:
                    values[field] = datetime(*values[field], tzinfo=zone)
            talk = Talk.objects.create(is_published=True, **values)
            people = Person.objects.in_bulk(speakers, field_name="slug")
            for order, slug in enumerate(speakers):
                if slug in people:
                    TalkSpeaker.objects.create(talk=talk, person=people[slug], order=order)
            talk.papers.set(Paper.objects.filter(slug__in=papers))
            added += 1
    return added
