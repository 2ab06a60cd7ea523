"""Write the whole database (people, papers and everything around them) as one JSON file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from papers.backup import backup_write


class Command(BaseCommand):
    help = "Back up all people, institutions, venues, subjects, topics and papers as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Where to write the backup; - for stdout.")

    def handle(self, *args, file: str, **options) -> None:
        if file == "-":
            counts = backup_write(self.stdout)
        else:
            # Written next to the target first, so a failed backup never replaces a good one.
            target = Path(file)
            partial = target.with_name(target.name + ".partial")
            with partial.open("w", encoding="utf-8") as stream:
                counts = backup_write(stream)
            partial.replace(target)
        summary = ", ".join(f"{n} {label}" for label, n in counts.items() if n)
        self.stderr.write(f"Backed up {summary or 'an empty database'}.")
