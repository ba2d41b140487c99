"""The hotline's contact log: every call, chat, e-mail and visit an operator answers.

A contact holds no name and no number. What the caller told is encrypted (topics, country,
advice, notes); the caller's phone number or chat handle is turned into a keyed hash that links
their contacts to one anonymous :class:`CallerProfile` and is then forgotten. Contacts that carry
no case data at all (silent, hang-up, abusive...) are only counted (:class:`CountOnlyTally`),
as the child helplines' data framework (CHI) does.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.lib.crypto import EncryptedJSONField, EncryptedTextField

# Input bounds (not rules of the process): a contact longer than eight hours is a typing error,
# and a day's tally of one kind on one channel above this is one too.
MAX_DURATION_MINUTES = 480
MAX_TALLY = 100_000


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat or messenger")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")
    WEB_REPORT = "web_report", _("Web report")


class CallerType(models.TextChoices):
    PERSON = "person", _("The person themselves")
    FAMILY = "family", _("A family member or friend")
    PROFESSIONAL = "professional", _("A professional")
    PUBLIC = "public", _("A member of the public")


class CallerChoice(models.TextChoices):
    """What the caller allows, as the UK Modern Slavery Helpline asks it."""

    SHARE = "share", _("Share: details may be passed on with consent")
    CONFIDENTIAL = "confidential", _("Confidential: kept within the hotline")
    ANONYMOUS = "anonymous", _("Anonymous: no personal details")


class Language(models.TextChoices):
    LV = "lv", _("Latvian")
    EN = "en", _("English")
    RU = "ru", _("Russian")
    UK = "uk", _("Ukrainian")
    OTHER = "other", _("Another language")


class Outcome(models.TextChoices):
    INFORMATION = "information", _("Information or advice given")
    FOLLOW_UP = "follow_up", _("Follow-up agreed")
    REFERRED = "referred", _("Referred to a service provider")
    POLICE = "police", _("Passed to the police or emergency services")
    CLIENT = "client", _("Client record opened")
    NO_ACTION = "no_action", _("No further action")


class ShareCategory(models.TextChoices):
    """What the caller agreed may travel on, to a client record or a referral."""

    TOPICS = "topics", _("What happened (topics and forms of exploitation)")
    COUNTRY = "country", _("The country")
    LANGUAGE = "language", _("The language they speak")
    CONTACT = "contact", _("How to reach them")


class CountOnlyKind(models.TextChoices):
    SILENT = "silent", _("Silent")
    HANG_UP = "hang_up", _("Hang-up")
    ABUSIVE = "abusive", _("Abusive")
    INFORMATION_ONLY = "information_only", _("Information only")
    WRONG_NUMBER = "wrong_number", _("Wrong number")


class CallerProfile(models.Model):
    """One anonymous caller of one hotline: nothing but the keyed hash of how they reach us."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anonymous caller")
        verbose_name_plural = _("anonymous callers")
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="hotline_caller_unique")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Contact(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="hotline_contacts",
        verbose_name=_("hotline"),
    )
    reference = models.CharField(_("reference"), max_length=10, unique=True, editable=False)
    started_at = models.DateTimeField(_("time of the contact"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    caller_type = models.CharField(_("who got in touch"), max_length=20, choices=CallerType.choices)
    caller_choice = models.CharField(_("the caller's choice"), max_length=20, choices=CallerChoice.choices)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(0), MaxValueValidator(MAX_DURATION_MINUTES)]
    )
    # What the caller told: encrypted, like everything that describes a person.
    indicators = EncryptedJSONField(_("signs of exploitation"), default=list, blank=True)
    exploitation_forms = EncryptedJSONField(_("forms of exploitation"), default=list, blank=True)
    country = EncryptedTextField(_("country"), blank=True)
    advice = EncryptedTextField(_("advice given"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    shared_categories = EncryptedJSONField(_("the caller agreed to pass on"), default=list, blank=True)
    caller = models.ForeignKey(
        CallerProfile, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts",
        verbose_name=_("anonymous caller"),
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("operator")
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("assigned to"),
    )
    client = models.ForeignKey(
        "people.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("client record"),
    )
    client_consent_at = models.DateTimeField(_("consent to open a client record"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-started_at"], name="hotline_contact_newest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__lte=MAX_DURATION_MINUTES), name="hotline_contact_duration_bound"
            )
        ]

    def __str__(self) -> str:
        return self.reference


class ContactNote(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("note on a contact")
        verbose_name_plural = _("notes on contacts")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.created_at:%Y-%m-%d %H:%M}"


class FollowUpTask(models.Model):
    """Something to do about a contact by a date; it shows in the task list as a reminder."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="tasks")
    title = EncryptedTextField(_("what to do"))
    due = models.DateField(_("due"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned to")
    )
    done = models.BooleanField(_("done"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        ordering = ["done", "due", "pk"]

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.due}"


class CountOnlyTally(models.Model):
    """How many contacts of one count-only kind a hotline had on one day on one channel."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    kind = models.CharField(max_length=20, choices=CountOnlyKind.choices)
    count = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(MAX_TALLY)])

    class Meta:
        verbose_name = _("count-only contacts")
        verbose_name_plural = _("count-only contacts")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "day", "channel", "kind"], name="hotline_tally_unique"),
            models.CheckConstraint(condition=models.Q(count__lte=MAX_TALLY), name="hotline_tally_bound"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.kind}: {self.count}"
