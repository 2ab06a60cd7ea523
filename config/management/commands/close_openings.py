"""Mark openings whose deadline has passed as closed (run daily from cron).

The pages never show an expired opening as open even without it (Opening.objects.open() looks
at the deadline); this keeps the stored flag, the admin and the API in step.
"""

from django.core.management.base import BaseCommand

from config.models import Opening


class Command(BaseCommand):
    help = "Close the openings whose deadline has passed."

    def handle(self, *args, **options) -> None:
        closed = Opening.objects.close_expired()
        self.stdout.write(f"{closed} opening{'s' if closed != 1 else ''} closed.")
