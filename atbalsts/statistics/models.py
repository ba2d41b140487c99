"""The de-identified statistical record: one per identification case, with no link back to it.

Nothing here names, numbers or points to a person or a case: no foreign key, no case number, no
sequential id (the key is a random UUID), no timestamp finer than a month. The case and the client
hold the record's key in their *encrypted* fields, so only the application, with the field keys,
can find which record to update; a reader of this table cannot join it to anyone (ADR 0017).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atbalsts.lib.crypto import EncryptedBinaryField


class AgeBand(models.TextChoices):
    MINOR = "0-17", _("0–17")
    YOUNG = "18-24", _("18–24")
    B25 = "25-34", _("25–34")
    B35 = "35-44", _("35–44")
    B45 = "45-54", _("45–54")
    B55 = "55-64", _("55–64")
    OLDER = "65+", _("65 and over")
    UNKNOWN = "", _("Unknown")


class CitizenshipGroup(models.TextChoices):
    LATVIA = "latvia", _("Latvia")
    EU = "eu", _("Another EU country")
    NON_EU = "non_eu", _("Outside the EU")
    UNKNOWN = "", _("Unknown")


class StatisticalRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The person, coarsely.
    sex = models.CharField(_("sex"), max_length=10, blank=True)
    age_band = models.CharField(_("age when the case opened"), max_length=5, choices=AgeBand.choices, blank=True)
    citizenship_group = models.CharField(_("citizenship"), max_length=10, choices=CitizenshipGroup.choices,
                                         blank=True)
    # What happened: catalogue codes and country names, never free text about the person.
    exploitation_forms = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    exploitation_countries = models.JSONField(_("countries of exploitation"), default=list, blank=True)
    recruitment_method = models.CharField(_("recruitment method"), max_length=30, blank=True)
    # The path through the mechanism, by month.
    case_status = models.CharField(_("identification status"), max_length=20, blank=True)
    ground = models.CharField(_("recognition ground"), max_length=20, blank=True)
    opened_month = models.DateField(_("case opened (month)"), null=True, blank=True)
    recognised_month = models.DateField(_("recognised (month)"), null=True, blank=True)
    siva_outcome = models.CharField(_("SIVA decision"), max_length=10, blank=True)
    siva_received_month = models.DateField(_("application received (month)"), null=True, blank=True)
    siva_decision_days = models.PositiveSmallIntegerField(_("days from receipt to decision"), null=True,
                                                          blank=True)
    course_start_month = models.DateField(_("course started (month)"), null=True, blank=True)
    course_end_month = models.DateField(_("course closed early (month)"), null=True, blank=True)
    course_closure_reason = models.CharField(_("reason for closing the course"), max_length=20, blank=True)
    # The person, once nationally: records with the same cluster are one person, matched across
    # organisations by their keyed encodings (linkage.py, ADR 0020f). An opaque id, rewritten by
    # `statistics_link`; empty until then (the record counts as one person).
    person_cluster = models.UUIDField(_("person (linked)"), null=True, blank=True, editable=False, db_index=True)
    # Set only on records imported from an HTCDS or CTDC file into a sandbox organisation: the
    # import's key (HtcdsImport), so that the demo data can be told apart and removed.
    import_batch = models.UUIDField(_("imported in"), null=True, blank=True, editable=False, db_index=True)
    # Added for the coordinator's figures (issue 11). The id of the organisation that holds the
    # case, as a plain number (no relation: the table still joins nothing): a provider sees its
    # own figures unsuppressed; the national figures never group by it.
    organisation_pk = models.PositiveIntegerField(_("organisation"), null=True, blank=True, db_index=True)
    # The kind of organisation that recorded the first contact (accounts' organisation kinds).
    first_contact_kind = models.CharField(_("first contact recorded by"), max_length=30, blank=True)
    # Five-year band when the case opened ("0-4" ... "85+"), and the age band (same bands as
    # ``age_band``) when the exploitation began.
    age_band5 = models.CharField(_("five-year age band"), max_length=5, blank=True)
    exploitation_age_band = models.CharField(_("age when the exploitation began"), max_length=5,
                                             choices=AgeBand.choices, blank=True)
    citizenship_country = models.CharField(_("country of citizenship"), max_length=60, blank=True)
    siva_refusal_reason = models.CharField(_("reason for refusal"), max_length=30, blank=True)
    siva_decision_working_days = models.PositiveSmallIntegerField(_("working days from receipt to decision"),
                                                                  null=True, blank=True)
    course_days = models.PositiveSmallIntegerField(_("length of the closed course, days"), null=True, blank=True)

    class Meta:
        verbose_name = _("statistical record")
        verbose_name_plural = _("statistical records")
        # Deliberately no ordering on the key and no creation time: row order must not hint at
        # which case a record belongs to.
        # The figures choose records by the month of a step (figures.py). On PostgreSQL these
        # indexes also carry the coarse values the figures read (INCLUDE, written by migration
        # 0005), so that a period is counted from the index alone, not by reading every
        # page of the table (bench/README.md, the statistics dashboard at 1,000,000 records).
        indexes = [models.Index(fields=[field], name=name) for field, name in (
            ("opened_month", "stat_opened_idx"), ("siva_received_month", "stat_siva_received_idx"),
            ("course_start_month", "stat_course_start_idx"), ("course_end_month", "stat_course_end_idx"))]

    def __str__(self) -> str:
        return "statistical record"


class YearStamp(models.Model):
    """A random token per year the cases opened in (0: records without a month), replaced by
    database triggers (migration 0006) in the same transaction as any insert, update or delete
    of a statistical record of that year, whatever writes it (the application, a bulk update,
    an import, COPY, TRUNCATE). Counts kept in the cache carry the token they were counted under,
    so a count of a year whose records changed is never read again (``figures.identified_by_year``).
    No time, no order: the token says only that the year's records are not what they were."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    token = models.CharField(max_length=36)

    def __str__(self) -> str:
        return f"records of {self.year}"


class Mechanism(models.TextChoices):
    NONE = "none", _("Exact figures (suppression only)")
    DISCRETE_LAPLACE = "discrete_laplace", _("Noisy figures (differential privacy, discrete Laplace noise)")


class Release(models.Model):
    """One publication of figures: what, when, by whom, under which rules and at what privacy cost.

    Releases with noise spend epsilon from the budget of the year their figures describe (the
    people protected are the ones in that year's data); ``releases.record_release`` refuses a
    release that would overspend it. The row holds counts' metadata only, never the counts.
    """

    title = models.CharField(_("what was released"), max_length=200)
    reference_year = models.PositiveSmallIntegerField(_("year the figures describe"))
    released_at = models.DateTimeField(_("released at"))
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("released by"))
    threshold = models.PositiveSmallIntegerField(_("suppression threshold"))
    mechanism = models.CharField(_("method"), max_length=20, choices=Mechanism.choices, default=Mechanism.NONE)
    epsilon = models.DecimalField(_("privacy loss (epsilon)"), max_digits=6, decimal_places=3, null=True,
                                  blank=True)
    year_budget = models.DecimalField(_("privacy budget of the year"), max_digits=6, decimal_places=3,
                                      null=True, blank=True)

    class Meta:
        verbose_name = _("statistical release")
        verbose_name_plural = _("statistical releases")
        ordering = ("-released_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(mechanism="none", epsilon__isnull=True)
                           | models.Q(mechanism="discrete_laplace", epsilon__gt=0)),
                name="statistics_release_epsilon_matches_mechanism",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference_year})"
class LinkageEncoding(models.Model):
    """One statistical record's keyed Bloom-filter encoding of name, date of birth and sex.

    Kept apart from the case data: no name, no client, only the record's key (itself random) and
    the organisation whose clients it encodes. Written by `linkage.encode_organisation`."""

    record_key = models.UUIDField(primary_key=True, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    clk = models.BinaryField(max_length=128)
    # Keyed blocking values: only encodings that share one are compared.
    block_date = models.CharField(max_length=16, blank=True, db_index=True)
    block_name = models.CharField(max_length=16, blank=True, db_index=True)
    # Which linkage key made it: after a key change every encoding is redone.
    key_id = models.CharField(max_length=12)

    class Meta:
        verbose_name = _("linkage encoding")
        verbose_name_plural = _("linkage encodings")

    def __str__(self) -> str:
        return "linkage encoding"


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("Checking the rows")
    FAILED = "failed", _("Refused: some rows are wrong")
    DONE = "done", _("Imported")


class HtcdsImport(models.Model):
    """An HTCDS (or CTDC) file being imported into a sandbox organisation's statistics.

    The file is kept encrypted only while the import runs; every row is checked first and the
    records are written in one transaction, so a file is imported whole or not at all."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    profile = models.CharField(_("file layout"), max_length=10)
    file_format = models.CharField(_("file format"), max_length=4)
    content = EncryptedBinaryField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices,
                              default=ImportStatus.VALIDATING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    # [{"row": n, "reason": text}], at most MAX_REPORTED_ERRORS.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("HTCDS import")
        verbose_name_plural = _("HTCDS imports")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return "HTCDS import"
