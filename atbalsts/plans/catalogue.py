"""The codes an individual social rehabilitation plan is written in, declared as data.

Areas follow the content of the course (domain brief §3, phase 2) and the needs the social
services meet (§6). Codes are what the stored versions hold: never rename one (old versions would
lose their meaning); add a new code instead.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Role


class Area(models.TextChoices):
    SAFETY = "safety", _("Safety")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL = "legal", _("Legal matters")
    DOCUMENTS = "documents", _("Documents")
    EDUCATION = "education", _("Education")
    EMPLOYMENT = "employment", _("Employment")
    FAMILY = "family", _("Family")
    SELF_CARE = "self_care", _("Self-care skills")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


# Roles an activity can be given to when no particular colleague is named yet.
RESPONSIBLE_ROLES: tuple[str, ...] = (Role.SOCIAL_WORKER, Role.PSYCHOLOGIST, Role.LAWYER, Role.MEDICAL)


def area_label(code: str) -> str:
    return str(dict(Area.choices).get(code, code))


def status_label(code: str) -> str:
    return str(dict(GoalStatus.choices).get(code, code))


def role_label(code: str) -> str:
    return str(dict(Role.choices).get(code, code))
