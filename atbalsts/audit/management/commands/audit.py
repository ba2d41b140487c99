import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from atbalsts.audit import checkpoints, roles
from atbalsts.audit.checkpoints import chains_present, read_marks
from atbalsts.audit.log import verify
from atbalsts.audit.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Audit trail tools: 'verify' checks the chain against its keys and checkpoints; 'checkpoint' "
        "writes a signed checkpoint of every chain's head; 'ship' copies checkpoints elsewhere; 'grant-app-role' "
        "gives the application's database role its rights."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        check = sub.add_parser("verify", help="Check every event of the chain and compare it with the checkpoints.")
        check.add_argument(
            "--checkpoints", action="append", default=[], metavar="FILE",
            help="Also compare with this file of shipped checkpoints (may be given several times).",
        )
        check.add_argument(
            "--incremental", action="store_true",
            help="Start where the last clean verification ended (its signed mark), and check SAMPLE older events "
            "again at random; without a mark the whole chain is walked.",
        )
        check.add_argument(
            "--sample", type=int, default=None, metavar="N",
            help="How many older events an incremental run checks again (default: ATBALSTS_AUDIT_VERIFY_SAMPLE).",
        )
        sub.add_parser("checkpoint", help="Append a signed checkpoint of the chain's newest event (run on a timer).")
        ship = sub.add_parser("ship", help="Copy checkpoints not yet shipped to another file, or print them all.")
        ship.add_argument(
            "--to", metavar="FILE",
            help="Append the missing lines to FILE (e.g. on another machine's mount); '-' prints every line.",
        )
        grant = sub.add_parser(
            "grant-app-role",
            help="PostgreSQL: give ROLE the application's rights (only SELECT and INSERT on the audit trail).",
        )
        grant.add_argument("role")
        grant.add_argument("--print", action="store_true", dest="print_only", help="Print the SQL, run nothing.")

    def handle(self, *args, subcommand, **options):
        getattr(self, "_" + subcommand.replace("-", "_"))(**options)

    def _verify(self, checkpoints, incremental=False, sample=None, **options):
        if sample is None:
            sample = settings.AUDIT_VERIFY_SAMPLE
        if not 0 <= sample <= 1_000_000:
            raise CommandError("--sample must be between 0 and 1000000.")
        marks = read_marks() if incremental and settings.AUDIT_CHECKPOINT_DIR else {}
        walked = AuditEvent.objects.count()
        if marks:
            walked = sum(
                AuditEvent.objects.filter(chain=chain, seq__gt=mark.seq).count() for chain, mark in marks.items()
            ) + AuditEvent.objects.exclude(chain__in=list(marks)).count()
        problems = verify([Path(p) for p in checkpoints], incremental=incremental, sample=sample)
        chains = chains_present()
        count = AuditEvent.objects.count()
        if problems:
            for p in problems:
                where = f"event {p.seq}" if p.chain in (None, 0) else f"chain {p.chain}, event {p.seq}"
                self.stderr.write(f"{where}: {p.message}" if p.seq is not None else p.message)
            raise CommandError(f"The audit trail is broken in {len(problems)} place(s).")
        if marks:
            self.stdout.write(
                f"OK: {count} events, chain intact ({walked} walked since the last verification, "
                f"{min(sample, count)} older ones checked again)."
            )
        else:
            intact = "chain intact" if len(chains) < 2 else f"{len(chains)} chains intact"
            self.stdout.write(f"OK: {count} events, {intact}.")

    def _checkpoint(self, **options):
        written = checkpoints.write()
        for cp in written:
            self.stdout.write(f"checkpoint: chain {cp.chain} at event {cp.seq}")
        if not written:
            self.stdout.write("No events yet: nothing to checkpoint.")

    def _ship(self, to, **options):
        source = checkpoints.default_path()
        if not to or to == "-":
            if source.exists():
                sys.stdout.write(source.read_text(encoding="utf-8"))
            return
        shipped = checkpoints.ship(Path(to), source)
        self.stdout.write(f"Shipped {shipped} new checkpoint(s) to {to}.")

    def _grant_app_role(self, role, print_only, **options):
        if connection.vendor != "postgresql" and not print_only:
            raise CommandError("Database roles exist on PostgreSQL only.")
        if print_only:
            for statement in roles.grant_statements(role):
                self.stdout.write(statement + ";")
            return
        roles.grant(role)
        self.stdout.write(f"{role} may now read and append the audit trail, and use the other tables.")
