"""Phases 2 and 3: the social rehabilitation course, its service log, and after-care.

A course is opened by SIVA's grant (see ``signals.py``) and lasts at most the policy's
``course_max_days`` from its start. Every service of the course is a :class:`ServiceEntry`;
everything after the course (after-care consultations, criminal-proceedings support, family
members' consultations) is an :class:`AftercareEntry`. The limits are the policy calculator's
(``atbalsts.policy.entitlements``); nothing here knows a number of days or hours.

Notes, the closing summary and receipts are encrypted; codes are stored as codes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation
from atbalsts.decisions.models import Decision
from atbalsts.lib.crypto import EncryptedBinaryField, EncryptedDateField, EncryptedTextField
from atbalsts.people.models import Client, FamilyMember
from atbalsts.policy import entitlements as ent
from atbalsts.policy.entitlements import EntryKind
from atbalsts.policy.rules import RuleSetNotFound, ruleset_on
from atbalsts.policy.rules import SupportKind as PolicySupportKind


def _validate_bounds(entry: ent.Entry) -> None:
    """The policy's upper bounds of one entry, as model validation (the services check them too)."""
    try:
        rs = ruleset_on(entry.on)
    except RuleSetNotFound:
        return  # the date itself is refused by the services with its own message
    check = ent.check_bounds(entry, rs)
    if not check.ok:
        raise ValidationError({check.field or "hours": ValidationError(check.message(get_language()),
                                                                        code=check.code.value)})


class ClosureReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("The goals of the plan were reached")
    WITHDREW = "withdrew", _("The person withdrew")
    MOVED_ABROAD = "moved_abroad", _("The person moved abroad")
    DIED = "died", _("The person died")
    DECISION_CHANGED = "decision_changed", _("SIVA changed its decision")
    OTHER = "other", _("Other reason")


class Course(models.Model):
    """The 180-day social rehabilitation course granted by SIVA."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="courses")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="rehabilitation_courses")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="course")
    start = models.DateField(_("course start"))
    actual_end = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(_("reason for closing"), max_length=20, choices=ClosureReason.choices,
                                      blank=True)
    closing_summary = EncryptedTextField(_("closing summary"), blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rehabilitation course")
        verbose_name_plural = _("rehabilitation courses")
        ordering = ["-start", "-pk"]
        indexes = [models.Index(fields=["organisation", "start"], name="course_org_start"),
                   # The reminders look up the courses closed near a day (issue 14).
                   models.Index(fields=["organisation", "actual_end"], name="course_org_closed")]
        constraints = [
            models.CheckConstraint(condition=Q(actual_end__isnull=True) | Q(actual_end__gte=models.F("start")),
                                   name="course_end_not_before_start"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.client.case_number}/K{self.pk}"


class ServiceKind(models.TextChoices):
    CONSULTATION = "consultation", _("Specialist consultation")
    SHELTER = "shelter", _("Safe shelter and accommodation")
    GOODS = "goods", _("Essential goods and services")
    DOCUMENTS = "documents", _("Restoring or translating documents")
    TRAINING = "training", _("Training, education and job search")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")


class Specialist(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Social worker")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    LAWYER = "lawyer", _("Lawyer")
    MEDICAL = "medical", _("Medical practitioner")
    OTHER = "other", _("Other specialist")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote")


class Accommodation(models.TextChoices):
    OWN = "own", _("The provider's own premises")
    PARTNER = "partner", _("A partner under a cooperation contract")


class GoodsCategory(models.TextChoices):
    FOOD = "food", _("Food")
    CLOTHING = "clothing", _("Clothing and shoes")
    HYGIENE = "hygiene", _("Hygiene and household goods")
    MEDICINES = "medicines", _("Medicines and medical consultations")
    TRANSPORT = "transport", _("Transport costs")
    OTHER = "other", _("Other")


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    ID_CARD = "id_card", _("Identity card")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    OTHER = "other", _("Other document")


class DocumentAction(models.TextChoices):
    RESTORED = "restored", _("Restored")
    TRANSLATED = "translated", _("Translated")


class TrainingStep(models.TextChoices):
    EMPLOYMENT_AGENCY = "employment_agency", _("Registration with the State Employment Agency")
    COURSE = "course", _("Training course")
    EDUCATION = "education", _("Education")
    JOB_SEARCH = "job_search", _("Job search")
    SELF_CARE = "self_care", _("Self-care and self-service skills")


class AccompanimentTo(models.TextChoices):
    COURT = "court", _("Court")
    POLICE = "police", _("Police")
    OFFICE = "office", _("Public office")
    MEDICAL = "medical", _("Medical institution")
    ABROAD = "abroad", _("From abroad to the place of service")
    OTHER = "other", _("Other")


class ServiceEntry(models.Model):
    """One service given during the course."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind of service"), max_length=20, choices=ServiceKind.choices)
    on = models.DateField(_("date"))
    # Consultations.
    specialist = models.CharField(_("specialist"), max_length=20, choices=Specialist.choices, blank=True)
    hours = models.DecimalField(_("duration (hours)"), max_digits=6, decimal_places=2, default=0)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, blank=True)
    interpreter = models.BooleanField(_("with an interpreter"), default=False)
    # Shelter.
    nights = models.PositiveIntegerField(_("nights (the client)"), default=0)
    children_nights = models.PositiveIntegerField(_("nights (accompanying children)"), default=0)
    accommodation = models.CharField(_("accommodation"), max_length=20, choices=Accommodation.choices, blank=True)
    # Encrypted: it tells where the person is sheltered.
    partner_name = EncryptedTextField(_("partner organisation"), blank=True)
    # Goods and services.
    goods_category = models.CharField(_("category"), max_length=20, choices=GoodsCategory.choices, blank=True)
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=10, decimal_places=2, default=0)
    receipt = EncryptedBinaryField(null=True, blank=True)
    receipt_name = EncryptedTextField(_("receipt file name"), blank=True)
    receipt_content_type = models.CharField(max_length=40, blank=True)
    receipt_size = models.PositiveIntegerField(default=0)
    receipt_sha256 = models.CharField(max_length=64, blank=True)
    # Documents.
    document_type = models.CharField(_("document"), max_length=30, choices=DocumentType.choices, blank=True)
    document_action = models.CharField(_("restored or translated"), max_length=20, choices=DocumentAction.choices,
                                       blank=True)
    # Training, education and job search.
    training_step = models.CharField(_("step"), max_length=30, choices=TrainingStep.choices, blank=True)
    # Accompaniment.
    accompanied_to = models.CharField(_("accompanied to"), max_length=20, choices=AccompanimentTo.choices,
                                      blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course service")
        verbose_name_plural = _("course services")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["course", "kind", "on"], name="service_course_kind_on"),
                   # The period report reads one period's entries (issue 14).
                   models.Index(fields=["on", "course"], name="service_on_course")]

    def __str__(self) -> str:
        return f"{self.course.reference}/S{self.pk}"

    @property
    def has_receipt(self) -> bool:
        return bool(self.receipt_size)

    def clean(self) -> None:
        super().clean()
        if self.on is not None:
            _validate_bounds(ent.Entry(kind=EntryKind.COURSE_SERVICE, on=self.on, hours=self.hours or 0,
                                       amount_eur=self.amount_eur or 0, nights=self.nights or 0,
                                       children_nights=self.children_nights or 0))


class AftercareKind(models.TextChoices):
    AFTERCARE_CONSULTATION = EntryKind.AFTERCARE_CONSULTATION.value, _("After-care consultation")
    PROCEEDINGS_SUPPORT = EntryKind.PROCEEDINGS_SUPPORT.value, _("Criminal-proceedings support")
    FAMILY_CONSULTATION = EntryKind.FAMILY_CONSULTATION.value, _("Family member's consultation")


class SupportKind(models.TextChoices):
    LAWYER_CONSULTATION = PolicySupportKind.LAWYER_CONSULTATION.value, _("Lawyer's consultation")
    SOCIAL_WORKER_CONSULTATION = PolicySupportKind.SOCIAL_WORKER_CONSULTATION.value, _("Social worker's consultation")
    PSYCHOLOGIST_CONSULTATION = PolicySupportKind.PSYCHOLOGIST_CONSULTATION.value, _("Psychologist's consultation")
    INTERPRETER = PolicySupportKind.INTERPRETER.value, _("Interpreting")
    LEGAL_DOCUMENTS = PolicySupportKind.LEGAL_DOCUMENTS.value, _("Help with legal documents")
    COURT_REPRESENTATION = PolicySupportKind.COURT_REPRESENTATION.value, _("Representation in court")


class AftercareEntry(models.Model):
    """One unit of help after the course: a consultation, hours of support, a family consultation."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="aftercare")
    kind = models.CharField(_("kind"), max_length=30, choices=AftercareKind.choices)
    on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    specialist = models.CharField(_("specialist"), max_length=20, choices=Specialist.choices, blank=True)
    support_kind = models.CharField(_("kind of support"), max_length=40, choices=SupportKind.choices, blank=True)
    family_member = models.ForeignKey(FamilyMember, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="aftercare", verbose_name=_("family member"))
    interpreter = models.BooleanField(_("with an interpreter"), default=False)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("after-care entry")
        verbose_name_plural = _("after-care entries")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["course", "kind", "on"], name="aftercare_course_kind_on"),
                   models.Index(fields=["on", "course"], name="aftercare_on_course")]

    def __str__(self) -> str:
        return f"{self.course.reference}/P{self.pk}"

    def clean(self) -> None:
        super().clean()
        if self.on is not None and self.kind in AftercareKind.values:
            _validate_bounds(ent.Entry(kind=EntryKind(self.kind), on=self.on, hours=self.hours or 0))


class ProceedingsDocument(models.TextChoices):
    DECISION = "decision", _("Decision of the person directing the criminal proceedings")
    STATEMENT = "statement", _("Statement of a law-enforcement body")


class ProceedingsSupport(models.Model):
    """The person is a victim or witness in trafficking proceedings: support after the course."""

    course = models.OneToOneField(Course, on_delete=models.PROTECT, related_name="proceedings_support")
    document_kind = models.CharField(_("document"), max_length=20, choices=ProceedingsDocument.choices)
    document_number = EncryptedTextField(_("document number"))
    document_date = EncryptedDateField(_("document date"))
    issuing_body = EncryptedTextField(_("issuing body"))
    document = EncryptedBinaryField(null=True, blank=True)
    document_name = EncryptedTextField(_("file name"), blank=True)
    document_content_type = models.CharField(max_length=40, blank=True)
    document_size = models.PositiveIntegerField(default=0)
    document_sha256 = models.CharField(max_length=64, blank=True)
    start = models.DateField(_("support starts on"))
    legal_aid = models.BooleanField(_("receives state-ensured legal aid"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("criminal-proceedings support")
        verbose_name_plural = _("criminal-proceedings support")

    def __str__(self) -> str:
        return f"{self.course.reference}/KP"

    @property
    def has_document(self) -> bool:
        return bool(self.document_size)
