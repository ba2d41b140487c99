"""Partner hotlines, the referrals exchanged with them, their consents, and the two queues that
make the exchange safe: the outbox (what we still have to deliver, with its retries) and the
record of packages received (so a replayed package is refused)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atbalsts.lib.crypto import EncryptedJSONField, EncryptedTextField

from . import catalogue


class Exchange(models.TextChoices):
    API = "api", _("Through the partner's Atbalsts instance")
    FILE = "file", _("As a file (the partner has no instance)")


class PartnerHotline(models.Model):
    """A hotline we exchange referrals with, and this instance's own entry (``is_self``)."""

    # The partner's name in the federation: the ``iss``/``aud`` of its packages.
    code = models.SlugField(_("federation id"), max_length=60, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=catalogue.Country.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    hours = models.CharField(_("hours"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.CharField(_("e-mail"), max_length=200, blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    exchange = models.CharField(_("exchange"), max_length=10, choices=Exchange.choices, default=Exchange.API)
    base_url = models.URLField(_("address of its Atbalsts instance"), max_length=300, blank=True)
    # Public JWKs only: Ed25519 to check its signatures, X25519 to encrypt for it.
    signing_key = models.JSONField(_("public signing key"), default=dict, blank=True)
    encryption_key = models.JSONField(_("public encryption key"), default=dict, blank=True)
    is_self = models.BooleanField(_("this instance"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    # Which of our hotlines receives the partner's referrals (for the self entry: our own hotline).
    local_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_self", "country", "organisation"]
        verbose_name = _("partner hotline")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.country})"

    @property
    def language_names(self) -> list[str]:
        names = dict(catalogue.Language.choices)
        return [str(names.get(code, code)) for code in self.languages or []]

    @property
    def can_receive(self) -> bool:
        return self.is_active and not self.is_self and bool(self.encryption_key)


class Direction(models.TextChoices):
    OUTBOUND = "out", _("Sent")
    INBOUND = "in", _("Received")


class Status(models.TextChoices):
    WAITING = "waiting", _("Waiting for delivery")
    DELIVERED = "delivered", _("Delivered")
    RECEIVED = "received", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Not delivered in time")


class PartnerConsent(models.Model):
    """The person's explicit consent to one partner and one purpose: who gave it, when, how, and
    which operator recorded it. A referral abroad is refused without one."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(PartnerHotline, on_delete=models.PROTECT, related_name="consents")
    given_by = models.CharField(max_length=30, choices=catalogue.ConsentGiver.choices)
    channel = models.CharField(max_length=20, choices=catalogue.ConsentChannel.choices)
    purpose = models.CharField(max_length=30, choices=catalogue.ConsentPurpose.choices)
    given_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Which data items the person agreed to send (HTCDS field names).
    items = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"consent {self.pk} to {self.partner_id}"


class Referral(models.Model):
    """One referral between this hotline and a partner, in either direction."""

    reference = models.CharField(max_length=12, unique=True)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(PartnerHotline, on_delete=models.PROTECT, related_name="referrals")
    # The referral package's id (jti): the same on both sides, the key of every answer.
    package_id = models.CharField(max_length=64)
    # The HTCDS data set: names, phone, codes. Personal data, so encrypted.
    data = EncryptedJSONField()
    consent = models.ForeignKey(PartnerConsent, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices)
    decline_reason = models.CharField(max_length=20, choices=catalogue.DeclineReason.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=catalogue.Outcome.choices, blank=True)
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "direction", "package_id"], name="federation_referral_once")
        ]

    def __str__(self) -> str:
        return self.reference


class MessageKind(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    ANSWER = "answer", _("Answer")
    OUTCOME = "outcome", _("Outcome")


class Delivery(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Given up")


class OutboxMessage(models.Model):
    """A package on its way to a partner. It stays here until the partner acknowledges it, the
    operator cancels it or it expires: nothing is lost when the partner is down."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(max_length=10, choices=MessageKind.choices)
    jti = models.CharField(max_length=64, unique=True)
    # Already encrypted for the partner; encrypted again at rest like every other package.
    package = EncryptedTextField()
    status = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.WAITING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    # Why the last attempt failed: a code (unreachable, refused_<reason>, bad_ack), never a message.
    last_error = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="federation_outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.jti}"


class ReceivedPackage(models.Model):
    """Every package taken from a partner, by its id: the same id again is a replay."""

    partner = models.ForeignKey(PartnerHotline, on_delete=models.PROTECT, related_name="+")
    jti = models.CharField(max_length=64)
    kind = models.CharField(max_length=10, choices=MessageKind.choices)
    received_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "jti"], name="federation_package_once")]

    def __str__(self) -> str:
        return self.jti
