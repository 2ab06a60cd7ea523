"""Create a local admin account when there is none, and say how to log in."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an 'admin' superuser with a random password if no superuser exists."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/admin/", help="Where to log in."
        )

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        url = options["url"]
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(f"An admin account exists; log in at {url}.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username="admin", email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin account. Log in at {url} "
                f"as user 'admin' with password '{password}' (change it after logging in)."
            )
        )
