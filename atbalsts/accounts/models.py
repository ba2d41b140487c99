from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who works in one of the organisations of the support system."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class OrganisationKind(models.TextChoices):
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    SIVA = "siva", _("Social Integration State Agency")
    MUNICIPAL_SOCIAL_SERVICE = "municipal_social_service", _("Municipal social service")
    STATE_POLICE = "state_police", _("State Police")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("State Labour Inspectorate")
    HOTLINE = "hotline", _("Hotline")
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("Social worker")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    LAWYER = "lawyer", _("Lawyer")
    MEDICAL = "medical", _("Medical practitioner")
    POLICE_OFFICIAL = "police_official", _("Police official")
    SIVA_OFFICER = "siva_officer", _("SIVA officer")
    MUNICIPAL_SOCIAL_WORKER = "municipal_social_worker", _("Municipal social worker")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    STATISTICIAN = "statistician", _("Statistician / coordinator")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    SYS_ADMIN = "sys_admin", _("System administrator")
    # Invited to a specialist commission from another organisation (interpreter, labour inspector...).
    SPECIALIST = "specialist", _("Other specialist")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # A sandbox holds imported or demonstration statistics only (HTCDS/CTDC imports): never real
    # clients, and never counted with the real organisations' figures.
    is_sandbox = models.BooleanField(_("sandbox"), default=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Membership(models.Model):
    """That a user works in an organisation in a role. A user may hold several roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"
