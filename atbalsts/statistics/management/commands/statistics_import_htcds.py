"""Import an HTCDS 2.0 (or CTDC) CSV/JSON file into a sandbox organisation's statistics.

    manage.py statistics_import_htcds FILE --organisation "Sandbox" [--profile ctdc] [--every 5000]

Every row is checked first and each bad row reported with its reason; only a file without a bad
row is written, in one transaction. The organisation is created as a sandbox if it does not
exist; a real (non-sandbox) organisation is refused.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from atbalsts.statistics import htcds
from atbalsts.statistics.models import ImportStatus


class Command(BaseCommand):
    help = "Import an HTCDS or CTDC file (CSV or JSON) into a sandbox organisation as statistical records."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--organisation", required=True, help="name of the sandbox organisation")
        parser.add_argument("--profile", choices=htcds.PROFILES, default=None,
                            help="the file's layout (default: ctdc when the file has CTDC's columns, else htcds)")
        parser.add_argument("--every", type=int, default=5000, help="show progress every this many rows")

    def handle(self, *args, file, organisation, profile, every, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        if path.stat().st_size > htcds.MAX_FILE_BYTES:
            raise CommandError(f"The file is larger than {htcds.MAX_FILE_BYTES // (1024 * 1024)} MB.")
        every = max(100, min(every, 100_000))
        content = path.read_bytes()
        file_format = "json" if path.suffix.lower() == ".json" else "csv"
        if profile is None:
            head = content[:2000].decode("utf-8-sig", errors="replace")
            profile = "ctdc" if "majorityStatus" in head and "prs_" not in head else "htcds"
        try:
            org = htcds.sandbox_organisation(organisation, create=True)
            job = htcds.start_import(None, org, content, file_format=file_format, profile=profile)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Checking {job.rows_total} rows ({profile}, {file_format}) for {org}…")

        def progress(j):
            self.stdout.write(f"  {j.rows_checked}/{j.rows_total} rows checked, {j.error_count} bad")

        job = htcds.run(job, every=every, progress=progress)
        for error in job.errors:
            self.stderr.write(f"row {error['row']}: {error['reason']}")
        if job.status != ImportStatus.DONE:
            shown = len(job.errors)
            more = f" (the first {shown} shown)" if shown < job.error_count else ""
            raise CommandError(f"Nothing imported: {job.error_count} bad rows{more}.")
        self.stdout.write(self.style.SUCCESS(f"Imported {job.rows_imported} statistical records into {org}."))
