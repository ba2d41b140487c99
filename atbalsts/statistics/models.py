"""The de-identified statistical record: one per identification case, with no link back to it.

Nothing here names, numbers or points to a person or a case: no foreign key, no case number, no
sequential id (the key is a random UUID), no timestamp finer than a month. The case and the client
hold the record's key in their *encrypted* fields, so only the application, with the field keys,
can find which record to update; a reader of this table cannot join it to anyone (ADR 0017).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


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

    def __str__(self) -> str:
        return "statistical record"
