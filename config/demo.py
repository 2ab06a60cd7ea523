"""Demo content of the group's own pages, loaded by `load_demo` after the people and papers.

Each function adds only what is missing (by slug), so a second run writes nothing and edits
made in the admin survive.
"""

from datetime import date

from config.models import News
from papers.models import Paper
from people.models import Person

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
