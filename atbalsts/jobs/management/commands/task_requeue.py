"""Give back the tasks of workers whose lease has expired (for a timer; every live ``task_worker``
does the same). Safe on any number of hosts at once (ADR 0023)."""

from django.core.management.base import BaseCommand

from atbalsts.jobs.leases import requeue_expired
from atbalsts.jobs.models import WorkerLease


class Command(BaseCommand):
    help = ("Put back to READY the tasks left RUNNING by workers whose lease expired (FAILED once their "
            "attempts are used up); with --list, show the workers' leases.")

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="List the workers' leases first.")

    def handle(self, *args, **options):
        if options["list"]:
            for lease in WorkerLease.objects.order_by("host", "started_at"):
                self.stdout.write(f"{lease.worker_id}\t{lease.host}\tpid {lease.pid}\t"
                                  f"started {lease.started_at:%Y-%m-%d %H:%M:%S}\tbeat {lease.heartbeat_at:%H:%M:%S}")
        counts = requeue_expired()
        self.stdout.write(f"expired leases: {counts['leases']}, tasks requeued: {counts['requeued']}, "
                          f"given up: {counts['failed']}")
