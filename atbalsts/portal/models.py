"""The directory of help (public, editable in the admin) and anonymous reports (confidential).

Directory entries are public organisations' published contact data. Reports hold what a person
wrote to a hotline: every free-text field is encrypted, and nothing identifies the sender's
device or address.
"""

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from atbalsts.lib.crypto import EncryptedTextField


class ServiceKind(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    SHELTER = "shelter", _("Shelter")
    POLICE = "police", _("Police")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Labour inspectorate")
    CONSULAR = "consular", _("Consular help")
    CHILDRENS_HELPLINE = "childrens_helpline", _("Children's helpline")
    NGO = "ngo", _("Non-governmental organisation")
    OTHER = "other", _("Other")


class Situation(models.TextChoices):
    """The situations a visitor can filter the directory by, in the words of the visitor."""

    ABROAD = "abroad", _("I am abroad")
    CHILD = "child", _("I am a child or worried about a child")
    LABOUR = "labour", _("Labour exploitation")
    SEXUAL = "sexual", _("Sexual exploitation")
    SHAM_MARRIAGE = "sham_marriage", _("Sham marriage")
    PROFESSIONAL = "professional", _("I am a professional")


class Region(models.TextChoices):
    """Latvia's planning regions, for a service that helps people in one part of the country."""

    RIGA = "riga", _("Rīga region")
    VIDZEME = "vidzeme", _("Vidzeme")
    KURZEME = "kurzeme", _("Kurzeme")
    ZEMGALE = "zemgale", _("Zemgale")
    LATGALE = "latgale", _("Latgale")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# Names of the languages a service may speak, shown in the visitor's language.
LANGUAGE_NAMES = {
    "lv": _("Latvian"),
    "en": _("English"),
    "ru": _("Russian"),
    "uk": _("Ukrainian"),
    "de": _("German"),
    "lt": _("Lithuanian"),
    "et": _("Estonian"),
    "pl": _("Polish"),
}


class Service(models.Model):
    """An organisation or service in the public directory of help."""

    name = models.CharField(pgettext_lazy("portal", "name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ServiceKind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    region = models.CharField(
        _("planning region"), max_length=20, choices=Region.choices, blank=True,
        help_text=_("Only for a service that helps people in one planning region. Leave empty when it helps people "
                    "anywhere in Latvia (a hotline, the police, an office in Rīga that serves the whole country)."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.CharField(
        _("languages spoken"),
        max_length=100,
        blank=True,
        help_text=_("Language codes separated by commas, e.g. lv, en, ru, uk."),
    )
    is_24_7 = models.BooleanField(
        _("open 24/7"), default=False,
        help_text=_("The whole service. When only one line answers round the clock, mark that phone number instead."),
    )
    closed_on_public_holidays = models.BooleanField(_("closed on public holidays"), default=True)
    holiday_hours_published = models.BooleanField(
        _("hours on public holidays are published"), default=True,
        help_text=_("Untick when the sources give hours only for working days, Saturdays and Sundays: the portal "
                    "then says so on public holidays instead of showing the service as closed."),
    )
    is_free = models.BooleanField(_("free of charge"), default=False)
    website = models.URLField(_("website"), blank=True, help_text=_("Only an address the sources give."))
    online_route_url = models.URLField(
        _("online reporting or advice"), blank=True,
        help_text=_("A page where one can report or ask for help online (a link only: nothing is loaded from it)."),
    )
    online_route_lv = models.CharField(_("online route, label (Latvian)"), max_length=200, blank=True)
    online_route_en = models.CharField(_("online route, label (English)"), max_length=200, blank=True)
    online_route_ru = models.CharField(_("online route, label (Russian)"), max_length=200, blank=True)
    online_route_uk = models.CharField(_("online route, label (Ukrainian)"), max_length=200, blank=True)
    staff_note = models.TextField(
        _("note for staff"), blank=True,
        help_text=_("Not shown on the portal: e.g. where the sources disagree and which one the entry follows."),
    )
    description_lv = models.TextField(_("description (Latvian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_uk = models.TextField(_("description (Ukrainian)"), blank=True)
    position = models.PositiveIntegerField(_("position in the list"), default=100)
    is_active = models.BooleanField(_("shown on the portal"), default=True)

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory of help")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def description(self) -> str:
        """The description in the current language, or the Latvian one if that is missing."""
        language = (get_language() or "lv")[:2]
        return getattr(self, f"description_{language}", "") or self.description_lv

    @property
    def online_route_label(self) -> str:
        language = (get_language() or "lv")[:2]
        return getattr(self, f"online_route_{language}", "") or self.online_route_lv

    @property
    def language_names(self) -> list[str]:
        codes = [c.strip().lower() for c in self.languages.split(",") if c.strip()]
        return [str(LANGUAGE_NAMES.get(c, c)) for c in codes]


class ServicePhone(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("number"), max_length=40)
    label_lv = models.CharField(_("label (Latvian)"), max_length=100, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=100, blank=True)
    label_ru = models.CharField(_("label (Russian)"), max_length=100, blank=True)
    label_uk = models.CharField(_("label (Ukrainian)"), max_length=100, blank=True)
    is_24_7 = models.BooleanField(_("answers 24/7"), default=False,
                                  help_text=_("Only when the sources say this number answers round the clock."))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def label(self) -> str:
        language = (get_language() or "lv")[:2]
        return getattr(self, f"label_{language}", "") or self.label_lv

    @property
    def dial(self) -> str:
        """The number as a ``tel:`` link wants it: digits and a leading plus only."""
        return "".join(ch for ch in self.number if ch.isdigit() or ch == "+")


class OpeningHours(models.Model):
    """One row of the weekly schedule. A weekday may have several rows (a lunch break)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"), help_text=_("00:00 means midnight at the end of the day."))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ServiceSituation(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="situations")
    code = models.CharField(_("situation"), max_length=20, choices=Situation.choices)

    class Meta:
        verbose_name = _("situation it helps with")
        verbose_name_plural = _("situations it helps with")
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="service_situation_unique")]

    def __str__(self) -> str:
        return self.get_code_display()


# --- anonymous reports ---------------------------------------------------------------------


class Danger(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    DONT_KNOW = "dont_know", _("I don't know")


class TriageStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")


class AnonymousReport(models.Model):
    """What someone wrote to a hotline without an account. Holds no address or device data."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="anonymous_reports"
    )
    reference = models.CharField(max_length=10, unique=True, editable=False)
    what_happened = EncryptedTextField()
    where = EncryptedTextField(blank=True)
    danger_now = models.CharField(max_length=10, choices=Danger.choices)
    safe_contact = EncryptedTextField(blank=True)
    safe_time = EncryptedTextField(blank=True)
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=20, choices=TriageStatus.choices, default=TriageStatus.NEW)
    received_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("anonymous report")
        verbose_name_plural = _("anonymous reports")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def language_name(self) -> str:
        """The language the visitor wrote in, by name in the reader's language."""
        return str(LANGUAGE_NAMES.get(self.language, self.language))


class ReportAddition(models.Model):
    """Information the reporter added later with their reference code."""

    report = models.ForeignKey(AnonymousReport, on_delete=models.CASCADE, related_name="additions")
    text = EncryptedTextField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("addition to a report")
        verbose_name_plural = _("additions to reports")
        ordering = ["received_at"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.received_at:%Y-%m-%d %H:%M}"
