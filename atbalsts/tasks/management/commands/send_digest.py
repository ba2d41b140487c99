"""manage.py send_digest [--date YYYY-MM-DD] [--dry-run]: the daily e-mail of what is due.

Run once a day on a timer (systemd or cron). See atbalsts.tasks.digest."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from atbalsts.tasks.digest import send_digest


class Command(BaseCommand):
    help = "E-mail each active user with a verified address what is due for them (case numbers and links only)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day of the digest, YYYY-MM-DD (default: today).")
        parser.add_argument("--dry-run", action="store_true", help="Compose but send nothing and note nothing.")
        parser.add_argument("--base-url", default=getattr(settings, "ATBALSTS_BASE_URL", "http://localhost:8000"),
                            help="The address the links in the e-mails start with.")

    def handle(self, *args, **options):
        day = timezone.localdate()
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}.") from exc
        outcome = send_digest(day, dry_run=options["dry_run"], base_url=options["base_url"], stdout=self.stdout)
        verb = "Would send" if options["dry_run"] else "Sent"
        self.stdout.write(
            f"{verb} {len(outcome.sent)} digest(s) for {day.isoformat()} with {outcome.items} item(s); "
            f"{outcome.nothing_due} user(s) had nothing due, {outcome.no_address} had no verified address, "
            f"{outcome.already_sent} had already received today's digest."
        )
