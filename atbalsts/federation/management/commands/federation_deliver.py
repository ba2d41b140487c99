"""Deliver every federation package whose time has come (for a timer, e.g. every minute)."""

from django.core.management.base import BaseCommand

from atbalsts.federation.services import deliver_due


class Command(BaseCommand):
    help = "Deliver the waiting packages to partner hotlines whose next attempt is due; retries follow the policy."

    def handle(self, *args, **options):
        counts = deliver_due()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing due")
