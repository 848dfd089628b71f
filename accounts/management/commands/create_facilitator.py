import getpass
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.domain import facilitator_create


class Command(BaseCommand):
    help = "Create a facilitator account (or reset its password)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="")
        parser.add_argument("--password", help="Default: asked for, or generated with --generate.")
        parser.add_argument(
            "--generate", action="store_true", help="Generate and print a password."
        )
        parser.add_argument("--superuser", action="store_true")

    def handle(self, *args, username, email, name, password, generate, superuser, **options):
        if not password:
            if generate:
                password = secrets.token_urlsafe(12)
            else:
                password = getpass.getpass("Password: ")
                if password != getpass.getpass("Password again: "):
                    raise CommandError("The passwords differ.")
        try:
            validate_password(password, get_user_model()(username=username, email=email))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user = facilitator_create(username=username, password=password, email=email, name=name)
        if superuser:
            # The admin's login form lets staff alone in; the admin itself, superusers alone.
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        self.stdout.write(f"Facilitator {user.username} is ready.")
        if generate:
            self.stdout.write(f"Password: {password}")
