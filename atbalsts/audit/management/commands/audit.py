from django.core.management.base import BaseCommand, CommandError

from atbalsts.audit.log import verify
from atbalsts.audit.models import AuditEvent


class Command(BaseCommand):
    help = "Audit trail tools. 'audit verify' checks that no event was changed or removed."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="Check the hash chain of every audit event.")

    def handle(self, *args, subcommand, **options):
        if subcommand == "verify":
            problems = verify()
            count = AuditEvent.objects.count()
            if problems:
                for p in problems:
                    self.stderr.write(f"event {p.seq}: {p.message}")
                raise CommandError(f"The audit trail is broken in {len(problems)} place(s).")
            self.stdout.write(f"OK: {count} events, chain intact.")
