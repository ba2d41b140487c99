"""One referral between two organisations, in any direction the referral types allow.

What travelled is a snapshot taken when the referral was sent (``content``, encrypted): the
receiver reads that and nothing else of the sender's records. ``categories`` lists which
categories travelled (codes only), so lists and figures never open the encrypted content.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation
from atbalsts.lib.crypto import EncryptedJSONField, EncryptedTextField
from atbalsts.people.models import Client, Consent

# No letters or digits that read alike (0/O, 1/I).
_ALPHABET = "ABCDEFGHJKLMNPRSTUVZ23456789"


def new_reference() -> str:
    """An opaque reference: it says nothing about the person or the order of sending."""
    return "NS-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


class Status(models.TextChoices):
    SENT = "sent", _("Sent, awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Outcome recorded")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No free places or staff at present")
    NOT_TARGET_GROUP = "not_target_group", _("The person is not in our target group")
    OUTSIDE_AREA = "outside_area", _("Outside our area of service")
    PERSON_UNREACHABLE = "person_unreachable", _("We could not reach the person")
    PERSON_REFUSED = "person_refused", _("The person did not want our help")
    ALREADY_SUPPORTED = "already_supported", _("The person already receives this help elsewhere")
    NOT_ENOUGH_INFORMATION = "not_enough_information", _("Not enough information to act on")
    OTHER = "other", _("Another reason (see the note)")


class Outcome(models.TextChoices):
    HELP_STARTED = "help_started", _("Help started")
    IDENTIFICATION_STARTED = "identification_started", _("Identification started")
    REFERRED_ON = "referred_on", _("Referred on to another organisation")
    PERSON_DID_NOT_COME = "person_did_not_come", _("The person did not come")
    PERSON_WITHDREW = "person_withdrew", _("The person withdrew")
    OTHER = "other", _("Another outcome (see the note)")


class Referral(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, default=new_reference)
    type_code = models.CharField(_("type"), max_length=40)
    sender = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="outgoing_referrals",
                               verbose_name=_("from"))
    recipient = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="incoming_referrals",
                                  verbose_name=_("to"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent at"))
    # The sender's own client the referral is about (never shown to the recipient), and the
    # consent naming the recipient that the personal categories travelled under.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Which consent each personal category travelled under: {category: consent id}.
    consents = models.JSONField(default=dict, blank=True)
    anonymous = models.BooleanField(_("anonymous notice"), default=True)
    categories = models.JSONField(_("what travelled"), default=list)
    content = EncryptedJSONField(default=dict, blank=True)
    # Where the referral was made from in the sending app, e.g. ("municipal_screening", 12).
    origin_type = models.CharField(max_length=40, blank=True)
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SENT)
    seen_at = models.DateTimeField(_("seen at"), null=True, blank=True)
    seen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    decline_reason = models.CharField(_("reason for declining"), max_length=30, choices=DeclineReason.choices,
                                      blank=True)
    answer_note = EncryptedTextField(_("note to the sender"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    outcome_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    outcome_note = EncryptedTextField(_("outcome note"), blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-sent_at"], name="referral_inbox"),
            models.Index(fields=["sender", "-sent_at"], name="referral_outbox"),
            models.Index(fields=["origin_type", "origin_id"], name="referral_origin"),
        ]

    def __str__(self) -> str:
        return self.reference


class Notification(models.Model):
    """A note to one organisation that something happened to a referral. No personal data."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("New referral received")
        ACCEPTED = "accepted", _("Your referral was accepted")
        DECLINED = "declined", _("Your referral was declined")
        OUTCOME = "outcome", _("An outcome was recorded for your referral")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="referral_notifications")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "read_at"], name="referral_notification_unread")]

    def __str__(self) -> str:
        return f"{self.referral.reference}/{self.kind}"
