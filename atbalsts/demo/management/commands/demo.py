from django.core.management.base import BaseCommand
from django.utils import translation

from atbalsts.demo.data import DEMO_PASSWORD, build, logins


class Command(BaseCommand):
    help = "Load synthetic demo organisations, users and clients (idempotent), then list the logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args, quiet_logins=False, **options):
        self.stdout.write("Building the demo data (synthetic people only):")
        result = build(progress=lambda line: self.stdout.write(f"  {line}"))
        self.stdout.write(
            f"Demo data: {result.organisations} organisations, {result.users} users, "
            f"{result.clients} clients added (nothing is added when it is already there)."
        )
        if quiet_logins:
            return
        with translation.override("en"):
            rows = logins()
        width = max(len(u) for u, _r, _o in rows)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for username, role, org in rows:
            self.stdout.write(f"  {username.ljust(width)}  {role} — {org}")
