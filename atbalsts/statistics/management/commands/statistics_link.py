"""Count each person once nationally: (re)compute every organisation's linkage encodings, then the
person clusters of the statistical records. Idempotent: a second run changes nothing.

Run on a timer (nightly) and after imports. Prints totals only, never who matched whom.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from atbalsts.accounts.models import Organisation
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose
from atbalsts.statistics import dashboard, figures, linkage


class Command(BaseCommand):
    help = "Recompute the record-linkage encodings and the person clusters of the statistical records."

    def add_arguments(self, parser):
        parser.add_argument("--threshold", type=float, default=linkage.THRESHOLD,
                            help="Dice coefficient at or above which two encodings are one person.")
        parser.add_argument("--processes", type=int, default=None,
                            help=f"Worker processes for encoding an organisation with many clients "
                                 f"(default: the cores, at most {linkage.MAX_PROCESSES}).")

    def handle(self, *args, threshold: float, processes: int | None = None, **options):
        if not 0.5 <= threshold <= 1.0:
            self.stderr.write("The threshold must be between 0.5 and 1.")
            return
        if processes is not None and not 1 <= processes <= linkage.MAX_PROCESSES:
            self.stderr.write(f"The processes must be between 1 and {linkage.MAX_PROCESSES}.")
            return
        encoded = 0
        for organisation in Organisation.objects.filter(is_sandbox=False).order_by("pk"):
            # One organisation at a time: its clients are read and encoded in its own scope.
            encoded += linkage.encode_organisation(organisation, processes=processes)
        totals = linkage.link(threshold)
        record(None, Action.UPDATE, object_type="statistics_linkage", purpose=Purpose.MAINTENANCE,
               detail={"records": totals["records"], "persons": totals["persons"]})
        # A new linkage may move persons in every year, so every year's kept trend line is now
        # stale: count the national trend once here, on the timer, rather than on the
        # coordinator's next visit to the dashboard.
        last = timezone.localdate().year
        figures.identified_by_year(None, list(range(last - dashboard.TREND_YEARS + 1, last + 1)))
        self.stdout.write(
            f"Encoded {encoded} records; {totals['records']} linked into {totals['persons']} persons "
            f"({totals['changed']} records changed cluster)."
        )
