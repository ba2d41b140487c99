"""Identification: from first contact, through the interview and the recognition ground, to the
specialist commission's opinion.

Codes from ``catalogue.py`` are stored as codes; free text about the person (notes, opinions,
reasoning, interpreter's language) and the health and psychological issues (special-category
data) are encrypted.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation, Role
from atbalsts.lib.crypto import (
    EncryptedBinaryField,
    EncryptedBooleanField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)
from atbalsts.people.models import Client, FamilyMember


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    INTERVIEWED = "interviewed", _("Interviewed")
    COMMISSION = "commission", _("Commission convened")
    RECOGNISED = "recognised", _("Recognised as a victim")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    """An identification case: one potential victim, opened by the organisation that met them."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="identification_cases")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="identification_cases")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    # When the exploitation began, or the person's age then: "minor" for the means criterion is
    # judged then, not on the commission's date (ADR 0012). Either one, encrypted.
    exploitation_began_on = EncryptedDateField(_("exploitation began on"), blank=True, null=True)
    exploitation_began_age = EncryptedTextField(_("age when the exploitation began"), blank=True)
    # The key of the case's de-identified statistical record, encrypted (ADR 0017).
    statistics_ref = EncryptedTextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("identification case")
        verbose_name_plural = _("identification cases")
        ordering = ["-opened_at"]
        # The case list, newest first, paged by position (access.case_page); built CONCURRENTLY by
        # migration 0011 so that writes are not blocked.
        indexes = [models.Index(fields=["organisation", "-opened_at", "-id"], name="ident_case_org_newest")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.client.case_number}/I{self.pk}"

    @property
    def exploitation_age(self) -> int | None:
        return int(self.exploitation_began_age) if self.exploitation_began_age else None

    @property
    def proceedings_standing(self) -> str:
        """The person's standing in criminal proceedings from the newest ground that records it."""
        standings = [g.standing for g in self.grounds.all() if g.standing]
        return standings[-1] if standings else ""

    def get_proceedings_standing_display(self) -> str:
        standing = self.proceedings_standing
        return str(ProceedingsStanding(standing).label) if standing else ""


class InterviewMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote (electronic means)")
    DOCUMENTS = "documents", _("From documents (the person is abroad)")


class Answer(models.TextChoices):
    FOUND = "found", _("Found")
    NOT_FOUND = "not_found", _("Not found")
    UNKNOWN = "unknown", _("Unknown")


# The person's account is a few pages at most.
ACCOUNT_MAX = 20000


class Interview(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interviews")
    date = models.DateField(_("date of the interview"))
    mode = models.CharField(_("mode"), max_length=20, choices=InterviewMode.choices)
    interpreter = models.BooleanField(_("with an interpreter"), default=False)
    interpreter_language = EncryptedTextField(_("interpreter's language"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Lists of catalogue codes, encrypted: what happened to the person is theirs alone. Figures
    # for statistics come from statistics.StatisticalRecord (ADR 0017).
    risk_groups = EncryptedJSONField(_("risk groups"), default=list, blank=True)
    needs = EncryptedJSONField(_("needs"), default=list, blank=True)
    exploitation_forms = EncryptedJSONField(_("forms of exploitation"), default=list, blank=True)
    countries = EncryptedJSONField(_("countries involved"), default=list, blank=True)
    recruitment_method = EncryptedTextField(_("recruitment method"), blank=True)
    recruitment_website = EncryptedTextField(_("website or app"), blank=True)
    recruitment_country = EncryptedTextField(_("country of recruitment"), blank=True)
    # Special-category data: a JSON list of health codes, encrypted. Read it only through
    # access.get_interview_health.
    health_encrypted = EncryptedTextField(_("health and psychological issues"), blank=True)
    # The person's own account of what happened, in their words: shown only on the interview's
    # own page, never in lists, logs, audit details or statistics.
    account = EncryptedTextField(_("the person's account of what happened"), blank=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-date", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.case.reference}/V{self.pk}"

    def set_health(self, codes: list[str]) -> None:
        self.health_encrypted = json.dumps(sorted(codes))

    def health_codes(self) -> list[str]:
        return json.loads(self.health_encrypted) if self.health_encrypted else []

    @property
    def found_indicators(self) -> list[str]:
        return [a.code for a in self.answers.all() if a.answer == Answer.FOUND]


class InterviewDraft(models.Model):
    """An interview being recorded: what has been typed so far, without the checks of the final
    save. One per case; the raw form input is encrypted as a whole. Recording the interview
    removes it."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="interview_draft")
    data = EncryptedJSONField(default=dict, blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interview draft")

    def __str__(self) -> str:
        return f"{self.case.reference}/VD"


class IndicatorAnswer(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="answers")
    code = models.CharField(max_length=40)
    answer = EncryptedTextField(choices=Answer.choices)
    note = EncryptedTextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interview", "code"], name="indicator_answer_unique")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.code}={self.answer}"


class MovementKind(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment")
    TRANSIT = "transit", _("Transit")
    EXPLOITATION = "exploitation", _("Exploitation")


class MovementEvent(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(_("kind"), max_length=20, choices=MovementKind.choices)
    country = EncryptedTextField(_("country"))
    city = EncryptedTextField(_("city"), blank=True)
    date = EncryptedDateField(_("date"), null=True, blank=True)

    class Meta:
        # The date is encrypted: the database keeps the order they were recorded in, pages sort
        # by date in Python (see ``in_date_order``).
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.interview}/M{self.pk}"


def in_date_order(events) -> list[MovementEvent]:
    """Movements by date, those without a date last, then in the order they were recorded."""
    return sorted(events, key=lambda m: (m.date is None, m.date or datetime.date.min, m.pk))


class Ground(models.TextChoices):
    PROCEEDINGS = "proceedings", _("1 — decision or statement in Latvian criminal proceedings")
    FOREIGN = "foreign", _("2 — foreign law-enforcement statement that proceedings started")
    COMMISSION = "commission", _("3 — opinion of the specialist commission")


class ProceedingsStanding(models.TextChoices):
    """The person's standing in criminal proceedings on trafficking (grounds 1 and 2)."""

    VICTIM = "victim", _("Recognised as a victim in the criminal proceedings")
    WITNESS = "witness", _("Has witness status (does not want to be recognised as a victim)")


class RecognitionGround(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grounds")
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices)
    # Ground 1 says whether the person is a victim or a witness; ground 2 may say it. Encrypted,
    # like everything else that describes the person (ADR 0017).
    standing = EncryptedTextField(_("standing in the criminal proceedings"), choices=ProceedingsStanding.choices,
                                  blank=True)
    document_number = EncryptedTextField(_("document number"), blank=True)
    document_date = EncryptedDateField(_("document date"), null=True, blank=True)
    issuing_body = EncryptedTextField(_("issuing body"), blank=True)
    # Ground 3: the commission whose protocol is the document.
    commission = models.ForeignKey("Commission", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recognition ground")
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.ground}"


class CommissionStatus(models.TextChoices):
    CONVENED = "convened", _("Convened")
    CONCLUDED = "concluded", _("Concluded")


class Conclusion(models.TextChoices):
    RECOGNISED = "recognised", _("Recognised as a victim of trafficking")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")


class Commission(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="commissions")
    meeting_date = models.DateField(_("meeting date"))
    convened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    convened_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=CommissionStatus.choices, default=CommissionStatus.CONVENED)
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=Conclusion.choices, blank=True)
    reasoning = EncryptedTextField(_("reasoning"), blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    # Facts fixed at conclusion, so the protocol does not change when the rules do.
    minor_at_meeting = models.BooleanField(default=False)
    ruleset_code = models.CharField(max_length=20, blank=True)
    # Convened without an interview that found an indicator: why (ADR 0011).
    no_indicator_reason = EncryptedTextField(_("why the commission is convened without an indicator found"),
                                             blank=True)
    # "Minor" for the means: judged when the exploitation began (policy.criteria), how it was
    # judged, the age then (encrypted) and the criteria reading applied.
    minor_for_means = models.BooleanField(default=False)
    minor_basis = models.CharField(max_length=20, blank=True)
    age_when_exploitation_began = EncryptedTextField(blank=True)
    criteria_reading = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("specialist commission")
        ordering = ["-convened_at"]

    def __str__(self) -> str:
        return f"{self.case.reference}/K{self.pk}"

    @property
    def is_concluded(self) -> bool:
        return self.status == CommissionStatus.CONCLUDED

    @property
    def fully_acknowledged(self) -> bool:
        return self.is_concluded and not self.members.filter(acknowledged_at__isnull=True).exists()


class CommissionMember(models.Model):
    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commission_seats")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the commission"), max_length=40, choices=Role.choices)
    # An invited specialist ("other specialists as needed"): never fills a required seat, sees
    # what the police member sees.
    invited = models.BooleanField(_("invited specialist"), default=False)
    opinion = EncryptedTextField(_("opinion"), blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commission", "user"], name="commission_member_unique")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.commission}: {self.user} ({self.role})"


class CriterionFinding(models.Model):
    member = models.ForeignKey(CommissionMember, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=40)
    found = EncryptedBooleanField()
    note = EncryptedTextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "code"], name="criterion_finding_unique")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.code}={self.found}"


class DocumentKind(models.TextChoices):
    PROTOCOL = "protocol", _("Evaluation protocol")
    GROUND = "ground", _("Ground document")


class CaseDocument(models.Model):
    """A file of the case: an uploaded ground document or a generated evaluation protocol.

    The bytes and the original file name are encrypted; the type is the one detected from the
    content. A protocol is rendered when it is asked for, once per state of the commission
    (``source_sha256``, the hash of what it shows): the newest one is current.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    ground = models.ForeignKey(RecognitionGround, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="documents")
    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="protocols")
    content = EncryptedBinaryField()
    file_name = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # A protocol: the hash of the HTML (and stylesheets) it was rendered from. Equal hashes, equal
    # content: the stored PDF is reused; a different one means the commission's state changed.
    source_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case document")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case.reference}/F{self.pk}"


class RepresentativeBasis(models.TextChoices):
    PARENT = "parent", _("Parent")
    GUARDIAN = "guardian", _("Guardian")
    ORPHANS_COURT = "orphans_court", _("Appointed by the orphan's court")
    OTHER = "other", _("Other legal basis")


class LegalRepresentative(models.Model):
    """The legal representative of a minor client; recording again replaces it."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="legal_representative")
    name = EncryptedTextField(_("name of the legal representative"))
    relation = EncryptedTextField(_("relation to the person"))
    basis = models.CharField(_("basis of representation"), max_length=20, choices=RepresentativeBasis.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("legal representative")

    def __str__(self) -> str:
        return f"{self.case.reference}/R"


class CaseChild(models.Model):
    """An accompanying minor child of the client, linked to the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="child_links")
    member = models.ForeignKey(FamilyMember, on_delete=models.PROTECT, related_name="+")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "member"], name="case_child_unique")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.member}"


class TravelSupport(models.Model):
    """Phase-1 support: travel to Latvia organised for a person abroad (and their children)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="travels")
    from_country = EncryptedTextField(_("from country"))
    from_city = EncryptedTextField(_("from city"), blank=True)
    travel_date = models.DateField(_("date of travel"))
    cost = models.DecimalField(_("cost, EUR"), max_digits=10, decimal_places=2,
                               validators=[MinValueValidator(Decimal("0"))])
    accompanied_by = EncryptedTextField(_("accompanied by"), blank=True)
    children = models.ManyToManyField(FamilyMember, blank=True, related_name="+",
                                      verbose_name=_("accompanying children who travelled"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("travel to Latvia")
        ordering = ["travel_date", "pk"]

    def __str__(self) -> str:
        return f"{self.case.reference}/T{self.pk}"


class PermitStatus(models.TextChoices):
    NONE = "none", _("None")
    APPLIED = "applied", _("Applied for")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class EligibilityNote(models.Model):
    """Citizenship and residence status, from which the policy decides eligibility."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="eligibility_note")
    eu_citizen = EncryptedBooleanField(_("citizen of the European Union"))
    reflection_start = EncryptedDateField(_("reflection period from"), null=True, blank=True)
    reflection_end = EncryptedDateField(_("reflection period until"), null=True, blank=True)
    permit_status = EncryptedTextField(_("residence permit"), choices=PermitStatus.choices,
                                       default=PermitStatus.NONE)
    # A non-EU victim: the case of the law that entitles them, as the provider records it
    # (a code of policy.eligibility.LEGAL_BASES) and the provision in the provider's words.
    # Both encrypted: a legal basis tells that the person is not an EU citizen.
    legal_basis = EncryptedTextField(_("legal basis"), blank=True)
    legal_basis_note = EncryptedTextField(_("provision of the law"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("eligibility note")

    def __str__(self) -> str:
        return f"{self.case.reference}/E"
