"""Load the bundled demo group (papers/demo/): institutions, venues, people, then the profile.

The people are created before the profile is imported, so the importer's name matching links
their authorships. `make run` runs this every time, so it only adds what is missing and never
changes a row that exists: edits made in the admin survive, and a second run writes nothing.
"""

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction

from config.demo import (
    load_news_demo,
    load_openings_demo,
    load_pages_demo,
    load_projects_demo,
    load_site_settings_demo,
    load_talks_demo,
)
from papers.imports.runner import papers_import
from papers.models import Paper, Venue
from papers.parsers.records import ImporterError
from people.models import Affiliation, Institution, Person, Subject

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DATE_FIELDS = {"joined", "left", "start", "end"}


def _with_dates(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: date.fromisoformat(value) if key in DATE_FIELDS and value else value
        for key, value in values.items()
    }


def _get_or_create(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[models.Model, bool]:
    row = model._default_manager.filter(**lookup).order_by("pk").first()
    if row is not None:
        return row, False
    return model._default_manager.create(**lookup, **values), True


class Command(BaseCommand):
    help = (
        "Load the bundled demo group and its papers (papers/demo/). Adds what is missing; "
        "never changes existing rows, so it is safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=DEMO_DIR, help="the demo folder")

    def handle(self, *args, **options) -> None:
        folder: Path = options["path"]
        data = json.loads((folder / "group.json").read_text(encoding="utf-8"))
        created = 0

        with transaction.atomic():
            for values in data["institutions"]:
                values = dict(values)
                lookup = {"short_name": values.pop("short_name")}
                created += _get_or_create(Institution, lookup, values)[1]
            for values in data["venues"]:
                values = dict(values)
                created += _get_or_create(Venue, {"short_name": values.pop("short_name")}, values)[
                    1
                ]
            for values in data["people"]:
                created += self.create_person(values)
            created += load_site_settings_demo() + load_pages_demo()

        # The same importer as `import_papers FILE`; it writes nothing when nothing differs.
        profile = folder / data["profile"]
        try:
            report = papers_import(data=profile.read_bytes(), source=profile.name)
        except ImporterError as error:
            raise CommandError(f"{profile}: {error}") from error
        if options["verbosity"] >= 2:
            self.stdout.write(report.as_text())
        new_paper_ids = {e.paper_id for e in report.entries if e.action == "new"}

        # Venues, kinds, arXiv ids and demo citation counts go on the papers just created.
        read_on = date.fromisoformat(data["citations_read_on"])
        venues = {v.short_name: v for v in Venue.objects.filter(short_name__gt="")}
        with transaction.atomic():
            for values in data["papers"]:
                paper = Paper.objects.filter(title=values["title"]).first()
                if paper is None:
                    raise CommandError(f"Demo paper not found after import: {values['title']}")
                if paper.pk not in new_paper_ids:
                    continue
                paper.venue = venues[values["venue"]]
                paper.kind = values["kind"]
                paper.arxiv_id = values.get("arxiv_id", "")
                paper.is_featured = values.get("featured", False)
                paper.citation_count = values["citation_count"]
                paper.citations_read_on = read_on
                paper.save()
            created += load_news_demo()
        load_openings_demo()
        load_projects_demo()
        load_talks_demo()

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {created} people, institutions, venues, settings, pages and news added, "
                f"{len(new_paper_ids)} papers added ({report.counts['unchanged']} already there)."
            )
        )

    def create_person(self, values: dict[str, Any]) -> int:
        """Create the person and their affiliations unless someone of that name exists."""
        values = _with_dates(values)
        affiliations = values.pop("affiliations", [])
        subject_code = values.pop("primary_subject", "")
        if subject_code:
            values["primary_subject"] = Subject.objects.get(code=subject_code)
        person, created = _get_or_create(Person, {"full_name": values.pop("full_name")}, values)
        if not created:
            return 0
        for affiliation in affiliations:
            affiliation = _with_dates(affiliation)
            institution = Institution.objects.get(short_name=affiliation.pop("institution"))
            Affiliation.objects.create(person=person, institution=institution, **affiliation)
        return 1
