"""The state decision: the provider's application to SIVA and SIVA's decisions on it.

A decision is written once. A correction, or a promotion from the queue, is a new decision that
``supersedes`` the earlier one; the current decision is the one nothing supersedes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation
from atbalsts.identification.models import Case, RecognitionGround
from atbalsts.lib.crypto import EncryptedBinaryField, EncryptedTextField


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received, awaiting decision")
    GRANTED = "granted", _("Service granted")
    QUEUED = "queued", _("In the queue")
    REFUSED = "refused", _("Refused")


# While an application is in one of these, the case cannot apply again; after a refusal it can.
OPEN_STATUSES = (ApplicationStatus.RECEIVED, ApplicationStatus.QUEUED, ApplicationStatus.GRANTED)
DECIDED_STATUSES = (ApplicationStatus.GRANTED, ApplicationStatus.QUEUED, ApplicationStatus.REFUSED)


class Signatory(models.TextChoices):
    PERSON = "person", _("The person")
    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")


class Application(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="siva_applications")
    ground = models.ForeignKey(RecognitionGround, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    received_on = models.DateField(_("received on"))
    # Fixed at receipt with the calendar of that day, so the inbox order never shifts under SIVA.
    deadline = models.DateField(_("decision due"))
    signatory = models.CharField(_("signed by"), max_length=30, choices=Signatory.choices)
    signatory_name = EncryptedTextField(_("name of the signatory"))
    signed_on = models.DateField(_("signed on"))
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.RECEIVED)

    class Meta:
        verbose_name = _("application to SIVA")
        ordering = ["deadline", "received_on", "pk"]
        # The inbox and the queue pages seek by position in these orders (atbalsts.lib.keyset).
        indexes = [
            models.Index(fields=["deadline", "received_on", "id"], condition=Q(status="received"),
                         name="application_inbox_order"),
            models.Index(fields=["received_on", "submitted_at", "id"], condition=Q(status="queued"),
                         name="application_queue_order"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.case.client.case_number}/A{self.pk}"

    @property
    def is_open(self) -> bool:
        """Received, queued or granted: the case has its application with SIVA."""
        return self.status in OPEN_STATUSES

    @property
    def current_decision(self):
        return self.decisions.filter(superseded_by__isnull=True).order_by("-pk").first()


class Outcome(models.TextChoices):
    GRANT = "grant", _("Grant the service")
    QUEUE = "queue", _("Put in the queue")
    REFUSE = "refuse", _("Refuse")


class RefusalReason(models.TextChoices):
    CRITERIA_NOT_MET = "criteria_not_met", _("The criteria for recognition are not met")
    NOT_ELIGIBLE = "not_eligible", _("The person is not eligible (citizenship or residence)")
    DOCUMENTS_INCOMPLETE = "documents_incomplete", _("The documents are incomplete")
    ALREADY_RECEIVING = "already_receiving", _("The person already receives the service")
    OTHER = "other", _("Other reason")


class DecisionKind(models.TextChoices):
    ORIGINAL = "original", _("Decision")
    CORRECTION = "correction", _("Correction")
    PROMOTION = "promotion", _("Granted from the queue")


class Decision(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices, default=DecisionKind.ORIGINAL)
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    service_start = models.DateField(_("service start date"), null=True, blank=True)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=30, choices=RefusalReason.choices,
                                      blank=True)
    refusal_text = EncryptedTextField(_("explanation"), blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    supersedes = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by")
    # Who signs the letter, as it was on the day: the official's name and position do not change
    # on an issued letter when the account is renamed later.
    signatory_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("SIVA decision")
        ordering = ["pk"]
        constraints = [
            # The first decision on an application is recorded once; later ones supersede it.
            models.UniqueConstraint(fields=["application"], condition=Q(supersedes__isnull=True),
                                    name="decision_one_original_per_application"),
        ]
        # SIVA's archive: first decisions, the newest first, sought by position.
        indexes = [
            models.Index(fields=["-decided_on", "-application"], condition=Q(supersedes__isnull=True),
                         name="decision_archive_order"),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}/D{self.pk}"


class Notification(models.Model):
    """A message to the provider's organisation about its case. Holds no personal data."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notifications")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text


class DecisionLetter(models.Model):
    """The decision letter as issued: a PDF/A in Latvian, encrypted at rest."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="letter")
    content = EncryptedBinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision letter")

    def __str__(self) -> str:
        return f"{self.decision}.pdf"
