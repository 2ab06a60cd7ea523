"""Create a local admin account when there is none, and say how to log in."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an 'admin' superuser with a random password if no superuser exists."

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin account exists; log in at http://127.0.0.1:8000/admin/.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username="admin", email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                "Created admin account. Log in at http://127.0.0.1:8000/admin/ "
                f"as user 'admin' with password '{password}' (change it after logging in)."
            )
        )
