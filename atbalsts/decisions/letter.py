"""What the decision letter says, in Latvian (the letter as issued) or English (a translation).

The texts the law sets (the legal basis, the appeal clause) and the course's length come from
the policy, dated by the decision; the template only lays them out.
"""

from __future__ import annotations

from django.utils import translation

from atbalsts.accounts.models import Role
from atbalsts.policy.letters import course_last_day, letter_rules_on
from atbalsts.policy.rules import ruleset_on

from .models import Decision, Outcome

LETTER_LANGUAGES = ("lv", "en")


def letter_context(decision: Decision, language: str = "lv") -> dict:
    """The template's context for ``decision`` in ``language`` (one of LETTER_LANGUAGES)."""
    if language not in LETTER_LANGUAGES:
        raise ValueError(f"The letter is written in {LETTER_LANGUAGES}, not {language!r}.")
    app = decision.application
    rules = letter_rules_on(decision.decided_on)
    start = decision.service_start if decision.outcome == Outcome.GRANT else None
    with translation.override(language):
        # Decisions recorded before the letter named its signatory: the account that decided.
        user = decision.decided_by
        name = decision.signatory_name or user.get_full_name() or user.get_username()
        position = decision.signatory_position or str(Role.SIVA_OFFICER.label)
    return {
        "decision": decision,
        "app": app,
        "client": app.case.client,
        "person_name": f"{app.case.client.given_names} {app.case.client.surname}".strip(),
        "letter_language": language,
        "legal_basis": [p.text(language) for p in rules.legal_basis],
        "appeal": rules.appeal.text(language),
        "course_days": ruleset_on(start).course_max_days if start else None,
        "course_end": course_last_day(start) if start else None,
        "signatory_name": name,
        "signatory_position": position,
    }
