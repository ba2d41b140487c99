"""The municipal social service's own case: five case-management steps (domain §6), the
screening aid (its referrals to providers are ``referrals.Referral``, ADR 0020b), and written
information requests to providers.

The person's identity lives in a ``people.Client`` of the municipality's own organisation;
nothing here copies a provider's data. Free text and health issues are encrypted.
"""

from __future__ import annotations

import json
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation
from atbalsts.lib.crypto import EncryptedJSONField, EncryptedTextField
from atbalsts.people.models import Client, Consent

_ALPHABET = "ABCDEFGHJKLMNPRSTUVZ23456789"


def new_reference() -> str:
    return "SD-" + "".join(secrets.choice(_ALPHABET) for _ in range(7))


class ContactStage(models.TextChoices):
    BEFORE = "before", _("Before the state-funded service")
    DURING = "during", _("During the state-funded service")
    AFTER = "after", _("After the state-funded service")
    NOT_RELATED = "not_related", _("Not related to the state-funded service")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Step(models.IntegerChoices):
    ASSESSMENT = 1, _("1. Assessment of the social situation")
    TARGET_GROUP = 2, _("2. Fit with the target group and social risks")
    PLAN = 3, _("3. Rehabilitation plan and its implementation")
    EVALUATION = 4, _("4. Evaluation: closing or continuing")
    FOLLOW_UP = 5, _("5. Follow-up")


class Outcome(models.TextChoices):
    CONTINUE = "continue", _("Continue cooperation")
    CLOSE = "close", _("Close the case")


class MunicipalCase(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, default=new_reference)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="municipal_cases")
    # The person, as a client of the municipality's own organisation.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="municipal_cases")
    # A provider's client, linked only while a consent naming this municipality existed.
    provider_client = models.ForeignKey(Client, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    contact_stage = models.CharField(_("when the person came to the service"), max_length=20,
                                     choices=ContactStage.choices)
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The follow-up (step 5) date when the case's last step (by the time recorded, then the number)
    # is an evaluation that closed the case with a follow-up date; else empty. A plain date kept in
    # step with the steps by ``services.record_step`` (``services.refresh_follow_up``), so that the
    # follow-up reminders page and count on an index, not over every step (issue 14).
    follow_up_due = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("municipal case")
        verbose_name_plural = _("municipal cases")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-opened_at"], name="municipal_case_org_newest"),
                   models.Index(fields=["organisation", "follow_up_due", "reference"], name="municipal_case_follow_up",
                                condition=models.Q(follow_up_due__isnull=False))]

    def __str__(self) -> str:
        return self.reference

    @property
    def latest_step(self):
        """The step recorded last (uses prefetched steps when there are any)."""
        steps = list(self.steps.all())
        return max(steps, key=lambda s: (s.recorded_at, s.pk)) if steps else None


class CaseStep(models.Model):
    """One recorded case-management step: its date, who, and what the step records."""

    case = models.ForeignKey(MunicipalCase, on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    date = models.DateField(_("date"))
    notes = EncryptedTextField(_("notes"), blank=True)
    # Step 1: the interview, the needs assessment and the home visit (seed 003). The needs found
    # are in ``needs`` (the same list as step 2 uses); the findings are encrypted free text.
    interview_on = models.DateField(_("interview on"), null=True, blank=True)
    interview_notes = EncryptedTextField(_("interview"), blank=True)
    needs_assessment = EncryptedTextField(_("needs assessment"), blank=True)
    home_visit_on = models.DateField(_("home visit on"), null=True, blank=True)
    home_visit_notes = EncryptedTextField(_("home visit"), blank=True)
    # Step 2
    fits_target_group = models.BooleanField(_("fits the target group"), null=True, blank=True)
    risk_groups = EncryptedJSONField(_("risk groups"), default=list, blank=True)
    needs = EncryptedJSONField(_("needs"), default=list, blank=True)
    # Special-category data: a JSON list of health codes, encrypted. Read through access.get_step_health.
    health_encrypted = EncryptedTextField(_("health and psychological issues"), blank=True)
    # Step 3
    activities = EncryptedJSONField(_("plan activities"), default=list, blank=True)
    # Step 4
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    follow_up_on = models.DateField(_("follow-up on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case-management step")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.reference}/S{self.step}-{self.pk}"

    def set_health(self, codes: list[str]) -> None:
        self.health_encrypted = json.dumps(sorted(codes)) if codes else ""

    def health_codes(self) -> list[str]:
        return json.loads(self.health_encrypted) if self.health_encrypted else []


class Screening(models.Model):
    """The identification checklist used as a screening aid by the social worker."""

    case = models.ForeignKey(MunicipalCase, on_delete=models.CASCADE, related_name="screenings")
    date = models.DateField(_("date"))
    indicators = EncryptedJSONField(_("indicators found"), default=list, blank=True)
    criteria = EncryptedJSONField(_("criteria found"), default=list, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("screening")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.case.reference}/A{self.pk}"


class InformationRequest(models.Model):
    """A written request to a provider about a person after the course, and the answer."""

    case = models.ForeignKey(MunicipalCase, on_delete=models.PROTECT, related_name="information_requests")
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="information_requests",
                                 verbose_name=_("service provider"))
    # The provider's client the request is about.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(_("sent on"))
    asked = EncryptedTextField(_("what is asked"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = EncryptedTextField(_("case information"), blank=True)
    recommendations = EncryptedTextField(_("recommendations"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    # The consent the answer was given under.
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("information request")
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["provider", "answered_on"], name="info_request_inbox")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"IP-{self.pk}"

    @property
    def is_answered(self) -> bool:
        return self.answered_on is not None


class OfficeConsent(models.Model):
    """A consent the person gave at the municipal office: the signed form was uploaded here for
    a named provider to share with this municipality. The consent itself is the provider's
    client's ``people.Consent`` (so the provider sees it and every access check counts it); this
    row ties it to the municipal case it was recorded on."""

    case = models.ForeignKey(MunicipalCase, on_delete=models.PROTECT, related_name="office_consents")
    consent = models.OneToOneField(Consent, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent given at the municipal office")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case.reference}/C{self.consent_id}"
