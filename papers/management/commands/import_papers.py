"""python manage.py import_papers FILE [--format F] [--person SLUG] [--dry-run]"""

import importlib
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from papers.imports.runner import papers_import
from papers.parsers.detect import PARSERS
from papers.parsers.records import ImporterError
from people.models import Person


class Command(BaseCommand):
    help = (
        "Import papers from a file (profile page, BibTeX, RIS, arXiv Atom, ORCID, Crossref, "
        "CSL-JSON) or by identifier. Re-importing changes nothing; staff edits are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="The file to import ('-' reads stdin).")
        parser.add_argument(
            "--format", choices=sorted(PARSERS), help="Force the format (detected by default)."
        )
        parser.add_argument("--person", metavar="SLUG", help="The person whose paper list it is.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument("--doi", help="Fetch one work from Crossref by DOI.")
        parser.add_argument("--arxiv", help="Fetch one preprint from arXiv by id.")
        parser.add_argument("--orcid", help="Fetch a person's works from ORCID by iD.")

    def handle(self, *args, **options) -> None:
        person = None
        if options["person"]:
            person = Person.objects.filter(slug=options["person"]).first()
            if person is None:
                raise CommandError(f"No person with slug {options['person']!r}.")
        data, source, format_name = self.read_input(options)
        verbose = options["verbosity"] >= 2 or sys.stderr.isatty()

        def progress(message: str) -> None:
            self.stderr.write(f"  {message}…")

        try:
            report = papers_import(
                data=data,
                source=source,
                format_name=format_name,
                person=person,
                dry_run=options["dry_run"],
                progress=progress if verbose else None,
            )
        except ImporterError as error:
            raise CommandError(f"{source}: {error} Nothing was imported.") from error
        except DatabaseError as error:
            # The run's transaction was rolled back: say so rather than show a traceback.
            raise CommandError(
                f"{source}: the database refused a row ({error}). Nothing was imported."
            ) from error
        if options["verbosity"] >= 1:
            self.stdout.write(report.as_text())

    def read_input(self, options: dict) -> tuple[bytes | str, str, str]:
        identifiers = [kind for kind in ("doi", "arxiv", "orcid") if options[kind]]
        if len(identifiers) + bool(options["file"]) != 1:
            raise CommandError("Give one FILE, or one of --doi, --arxiv, --orcid.")
        if identifiers:
            kind = identifiers[0]
            text, fetched_format = self.fetch(kind, options[kind])
            return text, f"{kind}:{options[kind]}", options["format"] or fetched_format
        if options["file"] == "-":
            return sys.stdin.buffer.read(), "stdin", options["format"] or ""
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
        return data, path.name, options["format"] or ""

    def fetch(self, kind: str, identifier: str) -> tuple[str, str]:
        """(text, format) fetched over the network by papers.parsers.fetch."""
        try:
            fetch_module = importlib.import_module("papers.parsers.fetch")
        except ModuleNotFoundError as error:
            raise CommandError("Fetching by identifier is not available yet.") from error
        try:
            text, format_name = fetch_module.fetch(kind, identifier, timeout=10)
        except (ImporterError, OSError, ValueError) as error:
            raise CommandError(f"Could not fetch {kind} {identifier}: {error}") from error
        return text, format_name
