"""Who may receive state-funded social rehabilitation, by citizenship and residence status.

Pure: no Django, no database. The Social Services and Social Assistance Law, s.3(4) (quoted in
seed 003): a victim who is a citizen of the European Union is entitled; a victim from outside it
"in the cases the law 'On the Residence of a Victim of Human Trafficking in the Republic of
Latvia' provides". We read those cases as the reflection period and a temporary residence permit
granted as a victim; none of the seeds quotes that law, so the values behind this reading are
marked unverified in the rule sets. Where the provider knows of a case of the law the data do not
show, it records the **legal basis** from :data:`LEGAL_BASES`, and the person is eligible on it.
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


class LegalBasis(NamedTuple):
    """A case in which the law entitles a non-EU victim, as the provider may record it."""

    code: str
    label_lv: str
    label_en: str
    # Where in the law; nobody has checked the article numbers against the law yet.
    citation: str
    verified: bool
    # The provider must name the provision in its own words.
    needs_note: bool = False


_RESIDENCE_LAW = 'Law "On the Residence of a Victim of Human Trafficking in the Republic of Latvia"'

LEGAL_BASES: tuple[LegalBasis, ...] = (
    LegalBasis("reflection_period", "Pārdomu periods, ko noteikusi atbildīgā iestāde",
               "A reflection period set by the competent authority", _RESIDENCE_LAW, False),
    LegalBasis("temporary_residence_permit", "Termiņuzturēšanās atļauja, izsniegta kā cilvēku tirdzniecības upurim",
               "A temporary residence permit issued as a victim of trafficking", _RESIDENCE_LAW, False),
    LegalBasis("other_provision", "Cits likumā paredzēts gadījums (norādiet normu)",
               "Another case the law provides (name the provision)", _RESIDENCE_LAW, False, needs_note=True),
)
LEGAL_BASIS_CODES = tuple(b.code for b in LEGAL_BASES)


def legal_basis(code: str) -> LegalBasis | None:
    return next((b for b in LEGAL_BASES if b.code == code), None)


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
    legal_basis_code: str = "",
) -> Eligibility:
    """The eligibility of a victim on a date, with a reason code and a message in both languages.

    ``legal_basis_code``: the basis the provider recorded for a non-EU victim (see
    :data:`LEGAL_BASES`); it makes the person eligible when the data alone do not.
    """
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
    basis = legal_basis(legal_basis_code) if legal_basis_code else None
    if basis is not None:
        return Eligibility(True, "legal_basis", f"Tiesīga pēc pakalpojuma sniedzēja norādītā pamata: {basis.label_lv}.",
                           f"Eligible on the legal basis the provider recorded: {basis.label_en}.")
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
