"""Demo content of the group's own pages, written for the demo; each loader is idempotent."""

from datetime import date

from django.db import transaction

from config.models import Project, ProjectMember
from papers.models import Paper
from people.models import Person

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
