"""Load the bundled demo group (papers/demo/): people, institutions, venues, then the profile.

The people are written before the profile is imported, so the importer's name matching links
their authorships. Every write compares first, so a second run changes nothing.
"""

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from papers.models import Paper, Subject, Venue
from people.models import Affiliation, Institution, Person

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DATE_FIELDS = {"joined", "left", "start", "end"}


def _parse_dates(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: date.fromisoformat(value) if key in DATE_FIELDS and value else value
        for key, value in values.items()
    }


def _upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> str:
    """Create the row, or save only the fields that differ: "created", "updated" or "unchanged"."""
    row = model._default_manager.filter(**lookup).order_by("pk").first()
    if row is None:
        model._default_manager.create(**lookup, **values)
        return "created"
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(row, name, values[name])
    if any(field.name == "updated" for field in model._meta.fields):
        changed.append("updated")  # auto_now fields are only written when named
    row.save(update_fields=changed)
    return "updated"


class Command(BaseCommand):
    help = "Load the bundled demo group and its papers (papers/demo/). Safe to run again."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--path", type=Path, default=DEMO_DIR, help="demo folder")

    def handle(self, *args, **options) -> None:
        folder: Path = options["path"]
        data = json.loads((folder / "group.json").read_text(encoding="utf-8"))
        tally: dict[str, int] = {"created": 0, "updated": 0, "unchanged": 0}

        with transaction.atomic():
            for values in data["institutions"]:
                values = dict(values)
                tally[_upsert(Institution, {"short_name": values.pop("short_name")}, values)] += 1
            for values in data["venues"]:
                values = dict(values)
                tally[_upsert(Venue, {"short_name": values.pop("short_name")}, values)] += 1
            for values in data["people"]:
                for action in self.load_person(values):
                    tally[action] += 1

        # The importer runs its own transaction and makes no writes when nothing differs.
        call_command(
            "import_papers",
            str(folder / data["profile"]),
            stdout=self.stdout if options["verbosity"] >= 2 else io.StringIO(),
        )

        read_on = date.fromisoformat(data["citations_read_on"])
        with transaction.atomic():
            venues = {v.short_name: v for v in Venue.objects.all()}
            for values in data["papers"]:
                paper = Paper.objects.filter(title=values["title"]).first()
                if paper is None:
                    raise CommandError(f"Demo paper not found after import: {values['title']}")
                fields = {
                    "venue": venues[values["venue"]],
                    "kind": values["kind"],
                    "arxiv_id": values.get("arxiv_id", ""),
                    "is_featured": values.get("featured", False),
                    "citation_count": values["citation_count"],
                    "citations_read_on": read_on,
                }
                tally[_upsert(Paper, {"pk": paper.pk}, fields)] += 1

        self.stdout.write(
            self.style.SUCCESS(
                "Demo loaded: {created} created, {updated} updated, {unchanged} unchanged "
                "(people, institutions, venues, paper details).".format(**tally)
            )
        )

    def load_person(self, values: dict[str, Any]) -> list[str]:
        values = _parse_dates(values)
        affiliations = values.pop("affiliations", [])
        subject_code = values.pop("primary_subject", "")
        if subject_code:
            values["primary_subject"] = Subject.objects.get(code=subject_code)
        full_name = values.pop("full_name")
        actions = [_upsert(Person, {"full_name": full_name}, values)]
        person = Person.objects.get(full_name=full_name)
        for affiliation in affiliations:
            affiliation = _parse_dates(affiliation)
            institution = Institution.objects.get(short_name=affiliation.pop("institution"))
            lookup = {
                "person": person,
                "institution": institution,
                "start": affiliation.pop("start"),
            }
            actions.append(_upsert(Affiliation, lookup, affiliation))
        return actions
