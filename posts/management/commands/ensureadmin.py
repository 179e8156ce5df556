"""Make sure someone can log into the admin after `make run`.

With DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD set, that account is created if
missing. Without them, and with no superuser yet, an "admin" account is created with a generated
password that is printed this once.
"""

import os
import secrets
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create an admin account if there is none (from DJANGO_SUPERUSER_* or generated)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = get_user_model().objects
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "").strip()
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        if username and password:
            if users.filter(username=username).exists():
                self.stdout.write(f"Admin account {username!r} exists; log in at /admin/.")
            else:
                users.create_superuser(username=username, email="", password=password)
                self.stdout.write(self.style.SUCCESS(f"Created admin account {username!r}."))
            return
        existing = users.filter(is_superuser=True).order_by("id").first()
        if existing:
            self.stdout.write(
                f"Admin account {existing.username!r} exists; log in at /admin/ "
                f"(forgotten the password? `{python()} manage.py changepassword {existing.username}`)."
            )
            return
        password = secrets.token_urlsafe(15)
        users.create_superuser(username="admin", email="", password=password)
        self.stdout.write(self.style.SUCCESS("Created admin account 'admin' with password:"))
        self.stdout.write(f"    {password}")
        self.stdout.write("It is shown only this once. Log in at /admin/.")


def python():
    """The interpreter running this command, as the user can type it: `.venv/bin/python` after
    `make run`. A bare `python` would be the system's, which has no Django."""
    executable = Path(sys.executable)
    try:
        return str(executable.relative_to(Path.cwd()))
    except ValueError:
        return str(executable)
