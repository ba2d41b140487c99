"""The person the system exists for, and the people linked to them.

Every field that can identify a person is encrypted (see ``atbalsts.lib.crypto``). The case
number is the only name the rest of the system, the audit trail and the screens use.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation, Role
from atbalsts.lib.crypto import EncryptedBinaryField, EncryptedDateField, EncryptedJSONField, EncryptedTextField

# Letters and digits that cannot be confused when read aloud or written by hand.
_CASE_ALPHABET = "ABCDEFGHJKLMNPRSTUVZ23456789"


def new_case_number() -> str:
    return "AT-" + "".join(secrets.choice(_CASE_ALPHABET) for _ in range(7))


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other / not stated")


class Client(models.Model):
    case_number = models.CharField(_("case number"), max_length=20, unique=True, default=new_case_number)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="clients", verbose_name=_("organisation")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    given_names = EncryptedTextField(_("given names"))
    surname = EncryptedTextField(_("surname"))
    personal_code = EncryptedTextField(_("personal code"), blank=True)
    birth_date = EncryptedDateField(_("date of birth"), blank=True, null=True)
    sex = EncryptedTextField(_("sex"), choices=Sex.choices, blank=True)
    citizenship = EncryptedTextField(_("citizenship"), blank=True)
    languages = EncryptedTextField(_("languages"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    # Keys of this person's de-identified statistical records, encrypted: only the application can
    # tell which records to refresh when the sex, date of birth or citizenship changes (ADR 0017).
    statistics_refs = EncryptedJSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["-created_at"]
        # The client list: an organisation's newest cases first.
        indexes = [models.Index(fields=["organisation", "-created_at", "-id"], name="client_org_newest"),
                   # Which clients are the organisation's, read from the index alone: the scope of
                   # counts over a whole caseload (e.g. the start page's cases by stage, issue 14).
                   models.Index(fields=["organisation", "id"], name="client_org_id")]

    def __str__(self) -> str:
        return self.case_number

    @property
    def initials(self) -> str:
        parts = [*(self.given_names or "").split()[:1], *(self.surname or "").split()[:1]]
        return " ".join(f"{p[0]}." for p in parts if p)


class Relation(models.TextChoices):
    CHILD = "child", _("Child")
    SPOUSE = "spouse", _("Spouse or partner")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    OTHER = "other", _("Other relative")


class FamilyMember(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="family")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    given_names = EncryptedTextField(_("given names"))
    surname = EncryptedTextField(_("surname"), blank=True)
    birth_date = EncryptedDateField(_("date of birth"), blank=True, null=True)
    accompanying = models.BooleanField(
        _("accompanying minor child"), default=False, help_text=_("Travels and stays with the client.")
    )
    lives_in_latvia = models.BooleanField(_("lives in Latvia"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.client.case_number}/F{self.pk}"


class CaseTeamMember(models.Model):
    """Who in the client's organisation works on the case, and so may open it."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_teams")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case team member")
        verbose_name_plural = _("case team members")
        constraints = [models.UniqueConstraint(fields=["client", "user"], name="case_team_unique_user")]
        indexes = [models.Index(fields=["user", "client"], name="case_team_by_user")]

    def __str__(self) -> str:
        return f"{self.client.case_number}: {self.user}"


class SearchToken(models.Model):
    """A keyed hash of one normalised name part, birth date or personal code of a client."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="search_tokens")
    digest = models.CharField(max_length=40)
    # Copies of what the client list shows and sorts by, which never change after the client is
    # created: a search finds and orders its page on this narrow table alone (one index, read in
    # order, stopped after a page) and then reads only that page's clients (issue 14).
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", db_index=False)
    client_created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "digest"], name="search_token_unique")]
        indexes = [models.Index(fields=["digest", "organisation", "-client_created_at", "-client"],
                                name="search_token_page")]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.digest[:8]}"


class ConsentCategory(models.TextChoices):
    """What a person may agree to share with another organisation, each separately."""

    IDENTITY = "identity", _("Identity (name, personal code, date of birth)")
    CONTACT = "contact", _("Contact details")
    COURSE = "course", _("Course status and dates")
    PLAN = "plan", _("Individual rehabilitation plan")
    SERVICES = "services", _("Summary of services received")
    HEALTH = "health", _("Health")


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signed form (uploaded)")
    IN_PERSON = "in_person", _("Given in person and recorded")


CONSENT_STATES = {
    "active": _("In force"),
    "withdrawn": _("Withdrawn"),
    "expired": _("Expired"),
    "future": _("Not yet in force"),
}


class Consent(models.Model):
    """The person's consent to share named categories of their information with one named
    organisation, for a purpose and a period. Withdrawal takes effect at once; a withdrawn or
    expired consent is kept for the record and for the audit trail that cites it."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consents_received", verbose_name=_("shared with")
    )
    categories = models.JSONField(_("categories"), default=list)
    purpose = EncryptedTextField(_("purpose"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    method = models.CharField(_("how it was given"), max_length=20, choices=ConsentMethod.choices)
    signed_form = models.ForeignKey(
        "ConsentDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Where the consent was given when not at the client's own organisation: the named recipient's
    # office (e.g. a municipal social service), which recorded the signed form there.
    recorded_at_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("given at"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent to share")
        verbose_name_plural = _("consents to share")
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["recipient", "client"], name="consent_by_recipient")]

    def __str__(self) -> str:
        return f"{self.client.case_number} → {self.recipient_id} #{self.pk}"

    @property
    def category_labels(self) -> list[str]:
        return [str(ConsentCategory(c).label) for c in ConsentCategory.values if c in self.categories]

    @property
    def state(self) -> str:
        """Withdrawn, expired, not yet valid or in force, as of today."""
        today = timezone.localdate()
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.valid_until is not None and self.valid_until < today:
            return "expired"
        if self.valid_from > today:
            return "future"
        return "active"

    @property
    def state_label(self) -> str:
        return str(CONSENT_STATES[self.state])

    def covers(self, category: str, on) -> bool:
        """In force on the date ``on`` and naming ``category``."""
        return (
            self.withdrawn_at is None
            and self.valid_from <= on
            and (self.valid_until is None or on <= self.valid_until)
            and category in self.categories
        )


class ConsentDocument(models.Model):
    """The signed consent form, checked by content and stored encrypted."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consent_documents")
    content = EncryptedBinaryField()
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.client.case_number}/consent-form/{self.pk}"
