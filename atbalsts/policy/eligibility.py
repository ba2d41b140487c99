"""Who may receive state-funded social rehabilitation, by citizenship and residence status.

Pure: no Django, no database. The Law "On the Residence of a Victim of Human Trafficking": a
citizen of the European Union is eligible; a victim from outside it is eligible during the
reflection period, or with a temporary residence permit granted to them as a victim.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .rules import RuleSet, ruleset_on

# Residence permit status codes (the identification app's choices use the same codes).
PERMIT_NONE = "none"
PERMIT_APPLIED = "applied"
PERMIT_GRANTED = "granted"
PERMIT_REFUSED = "refused"
PERMIT_STATUSES = (PERMIT_NONE, PERMIT_APPLIED, PERMIT_GRANTED, PERMIT_REFUSED)


class Eligibility(NamedTuple):
    eligible: bool
    reason: str
    message_lv: str
    message_en: str


def reflection_period_active(start: date | None, end: date | None, on: date) -> bool:
    """Is ``on`` within the reflection period (both ends inclusive)? No start: no period."""
    if start is None or on < start:
        return False
    return end is None or on <= end


def eligible_for_rehabilitation(
    eu_citizen: bool | None,
    reflection_period_active: bool,
    residence_permit_status: str,
    ruleset: RuleSet | None = None,
    on: date | None = None,
) -> Eligibility:
    """The eligibility of a victim on a date, with a reason code and a message in both languages."""
    rs = ruleset or ruleset_on(on or date.today())
    if eu_citizen is None:
        return Eligibility(False, "unknown", "Nav norādīts, vai persona ir ES pilsonis.",
                           "Whether the person is an EU citizen is not recorded.")
    if eu_citizen:
        return Eligibility(True, "eu_citizen", "Tiesīga: Eiropas Savienības pilsonis.",
                           "Eligible: a citizen of the European Union.")
    if residence_permit_status in rs.eligible_residence_permit_statuses:
        return Eligibility(True, "residence_permit",
                           "Tiesīga: izsniegta termiņuzturēšanās atļauja kā cilvēku tirdzniecības upurim.",
                           "Eligible: a temporary residence permit was granted as a victim of trafficking.")
    if reflection_period_active and rs.eligible_during_reflection_period:
        return Eligibility(True, "reflection_period", "Tiesīga: noris pārdomu periods.",
                           "Eligible: the reflection period is running.")
    if residence_permit_status == PERMIT_APPLIED:
        return Eligibility(False, "permit_pending",
                           "Pagaidām nav tiesīga: uzturēšanās atļauja pieprasīta, bet nav izsniegta, "
                           "un pārdomu periods nenoris.",
                           "Not eligible yet: a residence permit was applied for but not granted, and no "
                           "reflection period is running.")
    return Eligibility(False, "not_eligible",
                       "Nav tiesīga: persona nav ES pilsonis, pārdomu periods nenoris un uzturēšanās "
                       "atļauja nav izsniegta.",
                       "Not eligible: not an EU citizen, no reflection period running and no residence "
                       "permit granted.")
