"""Who may do each step, asked of an :class:`Actor`: the policy's table (``policy/steps.py``)
applied to the organisation the actor acts for and the roles they hold there."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import get_language

from atbalsts.policy.steps import Step, permitted, refusal

from .actor import Actor

__all__ = ["Step", "StepRefused", "may", "require_step"]


class StepRefused(PermissionDenied):
    """The actor's organisation kind or role may not do this step. Carries the step and a message
    in the user's language (Latvian unless the page is in English)."""

    def __init__(self, step: str, message_lv: str, message_en: str):
        self.step = step
        self.message_lv, self.message_en = message_lv, message_en
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.message_en if (get_language() or "lv").startswith("en") else self.message_lv

    def __str__(self) -> str:
        return self.message


def may(actor: Actor | None, step: str, on: datetime.date | None = None) -> bool:
    if actor is None or actor.organisation is None:
        return False
    return permitted(step, actor.organisation.kind, actor.roles, on or timezone.localdate())


def require_step(actor: Actor | None, step: str, on: datetime.date | None = None) -> None:
    """Refuse (nothing saved: call this before any write) unless the actor may do ``step``."""
    if may(actor, step, on):
        return
    kind = actor.organisation.kind if actor is not None and actor.organisation is not None else None
    lv, en = refusal(step, kind, on or timezone.localdate())
    raise StepRefused(step, lv, en)
