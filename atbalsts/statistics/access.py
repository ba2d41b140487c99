"""Who sees which figures (the policy's steps), and the record of every showing.

- The national coordinator's statistician (``Step.VIEW_NATIONAL_STATISTICS``) sees the national
  figures, and only after disclosure control: every table passes ``disclosure.protect``.
- A service provider's administrator (``Step.VIEW_OWN_STATISTICS``) sees the figures of its own
  organisation's cases, unsuppressed: the organisation holds those cases already.
- Nobody else, and nobody without a second factor: a 404, and the refusal is recorded.

Nobody drills down: every figure is a count; there is no link from a cell to a record.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.steps import Step, may
from atbalsts.audit.log import record
from atbalsts.audit.models import Action, Purpose

P = Purpose.ADMINISTRATION
OBJECT = "national_statistics"


@dataclass(frozen=True)
class Viewer:
    actor: Actor
    # None: the national figures (protected); an id: that organisation's own figures (unsuppressed).
    organisation_id: int | None

    @property
    def protected(self) -> bool:
        return self.organisation_id is None


def viewer(actor: Actor | None) -> Viewer | None:
    if actor is None or actor.organisation is None or not actor.mfa_verified:
        return None
    if may(actor, Step.VIEW_NATIONAL_STATISTICS):
        return Viewer(actor, None)
    if may(actor, Step.VIEW_OWN_STATISTICS):
        return Viewer(actor, actor.organisation.pk)
    return None


def require_viewer(actor: Actor | None) -> Viewer:
    found = viewer(actor)
    if found is None:
        if actor is not None:
            record(actor, Action.DENIED, object_type=OBJECT, purpose=P)
        raise Http404
    return found


def record_showing(v: Viewer, period_code: str, *, export: str = "", tables: list[str] | None = None,
                   detail: dict | None = None) -> None:
    """Every page, API answer and download of figures is in the audit trail (downloads as exports)."""
    record(v.actor, Action.EXPORT if export else Action.READ, object_type=OBJECT,
           object_ref=period_code, purpose=P,
           detail={"format": export or "page", "scope": "national" if v.protected else "own_organisation",
                   "tables": tables or [], **(detail or {})})
