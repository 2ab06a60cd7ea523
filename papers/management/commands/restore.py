"""Read a backup made by `manage.py backup` into an empty database."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from papers.backup import BackupError, backup_read, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database, keeping primary keys, in one transaction. "
        "Uploaded files are not in the backup: copy MEDIA_ROOT along."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A backup file written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Delete the people, papers and the rest in this database first.",
        )

    def handle(self, *args, file: str, force: bool, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No backup file at {file}.")
        try:
            with path.open(encoding="utf-8") as stream:
                report = backup_restore(backup_read(stream), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(
                f"The backup does not fit this database; nothing was restored. ({error})"
            ) from None
        summary = ", ".join(f"{n} {label}" for label, n in report.counts.items() if n)
        self.stdout.write(f"Restored {summary or 'an empty backup'}.")
        if report.unknown_usernames:
            self.stdout.write(
                "No login here for: " + ", ".join(report.unknown_usernames) + "; those people "
                "and import runs are restored without their login."
            )
        missing = [name for name in report.files if not default_storage.exists(name)]
        if missing:
            self.stdout.write(
                f"{len(missing)} of {len(report.files)} referenced files are not in the media "
                "storage yet (copy MEDIA_ROOT from the old site), e.g. " + ", ".join(missing[:3])
            )
