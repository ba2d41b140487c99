"""SIVA's grant opens the course in the same transaction as the decision.

The decisions app must not know this app (import layers), so the course listens for the
decision rather than the decision calling the course. The work itself is a service function.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from atbalsts.decisions.models import Decision

from . import services


@receiver(post_save, sender=Decision, dispatch_uid="rehabilitation_open_course_on_grant")
def open_course_on_grant(sender, instance: Decision, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        services.open_course_for_grant(instance)
