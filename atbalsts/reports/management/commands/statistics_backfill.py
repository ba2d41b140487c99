"""Write the de-identified statistical record of every case that has none (ADR 0017, issue 11).

Cases opened before the record existed get it here, from what each stage holds: the
identification stage's values, SIVA's latest decision and the course. In batches, each batch
in one transaction; running it again finds nothing left to do. ``--all`` rewrites the records of
every case too (after new columns were added to the record), still idempotent.

Lives in ``reports`` because it reads every stage (identification, decisions, rehabilitation),
which the statistics app, below them in the layers, may not import.
"""

from __future__ import annotations

import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from atbalsts.decisions.models import Decision
from atbalsts.decisions.services import statistics_values
from atbalsts.identification import stats as identification_stats
from atbalsts.identification.models import Case
from atbalsts.rehabilitation.models import Course
from atbalsts.statistics import services as statistics
from atbalsts.statistics.models import StatisticalRecord

MAX_BATCH = 5000


def backfill_case(case: Case) -> None:
    ref = identification_stats.sync(case)
    decision = (Decision.objects.filter(application__case=case).select_related("application")
                .order_by("-decided_on", "-decided_at", "-pk").first())
    if decision is not None:
        statistics.write(ref, **statistics_values(decision))
    course = Course.objects.filter(decision__application__case=case).order_by("-start", "-pk").first()
    if course is not None:
        closed = bool(course.actual_end and course.closure_reason)
        statistics.write(ref, course_start_month=course.start,
                         course_end_month=course.actual_end if closed else None,
                         course_closure_reason=course.closure_reason if closed else "",
                         course_days=(course.actual_end - course.start).days + 1 if closed else None)


def _key(ref: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(ref)
    except (TypeError, ValueError):
        return None


def _without_record(cases: list[Case]) -> list[int]:
    """The cases among ``cases`` whose record is missing (no key, or a key to no row): one query."""
    keys = {c.pk: _key(c.statistics_ref) for c in cases}
    existing = set(StatisticalRecord.objects.filter(pk__in=[k for k in keys.values() if k])
                   .values_list("pk", flat=True))
    return [pk for pk, key in keys.items() if key is None or key not in existing]


class Command(BaseCommand):
    help = "Write the statistical record of every identification case that has none (in batches)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument("--all", action="store_true", help="Rewrite the records of every case as well.")

    def handle(self, *args, **options):
        size = options["batch_size"]
        if not 1 <= size <= MAX_BATCH:
            raise CommandError(f"--batch-size must be from 1 to {MAX_BATCH}.")
        written, seen, last = 0, 0, 0
        while True:
            # The key is encrypted, so it cannot be filtered on in SQL: read it batch by batch.
            batch = list(Case.objects.filter(pk__gt=last).order_by("pk").only("pk", "statistics_ref")[:size])
            if not batch:
                break
            last = batch[-1].pk
            seen += len(batch)
            todo = [c.pk for c in batch] if options["all"] else _without_record(batch)
            with transaction.atomic():
                for case in Case.objects.filter(pk__in=todo).select_related("client", "organisation").order_by("pk"):
                    backfill_case(case)
            written += len(todo)
            self.stdout.write(f"{seen} case(s) read, {written} record(s) written")
        self.stdout.write(self.style.SUCCESS(f"Records written or refreshed: {written} of {seen} case(s)."))
