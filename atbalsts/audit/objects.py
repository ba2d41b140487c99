"""What an audit event was about, in words: the trail stores a short code per kind of record
(``object_type``), the audit list shows its name in the reader's language, never the code."""

from django.utils.translation import gettext_lazy as _

OBJECT_TYPES = {
    "aftercare_entry": _("after-care entry"),
    "anonymous_report": _("anonymous report"),
    "case_child": _("accompanying child"),
    "case_document": _("case document"),
    "case_document_protocol": _("commission protocol"),
    "case_team_member": _("case team member"),
    "client": _("client"),
    "commission": _("specialist commission"),
    "commission_acknowledgement": _("commission member's acknowledgement"),
    "commission_assessment": _("commission member's assessment"),
    "commission_conclusion": _("commission's conclusion"),
    "commission_member": _("commission member"),
    "consent": _("consent"),
    "consent_form": _("consent form"),
    "course_service": _("course service"),
    "course_service_receipt": _("receipt of a course service"),
    "daily_digest": _("daily digest"),
    "decision_letter": _("decision letter"),
    "digest_preference": _("digest setting"),
    "eligibility_note": _("eligibility note"),
    "exploitation_start": _("start of exploitation"),
    "family_member": _("family member"),
    "funding_report": _("period report"),
    "identification_case": _("identification case"),
    "information_request": _("information request"),
    "information_request_answer": _("answer to an information request"),
    "interview": _("interview"),
    "interview_health": _("interview: health"),
    "legal_representative": _("legal representative"),
    "municipal_case": _("municipal case"),
    "municipal_case_team": _("municipal case team"),
    "municipal_screening": _("municipal screening"),
    "municipal_step": _("municipal case step"),
    "municipal_step_health": _("municipal case step: health"),
    "office_consent": _("consent recorded at the office"),
    "plan": _("rehabilitation plan"),
    "plan_review": _("plan review"),
    "plan_version": _("plan version"),
    "proceedings_document": _("criminal-proceedings document"),
    "proceedings_support": _("criminal-proceedings support"),
    "recognition_ground": _("recognition ground"),
    "referral": _("referral"),
    "rehabilitation_course": _("rehabilitation course"),
    "shared_client": _("shared client"),
    "siva_application": _("application to SIVA"),
    "siva_decision": _("SIVA's decision"),
    "system": _("system"),
    "task": _("task"),
    "task_list": _("task list"),
    "travel_support": _("travel support"),
    "user": _("user"),
}
# Codes made from a prefix and a category (a document's kind, a shared category).
PREFIXES = {
    "case_document_": _("case document"),
    "shared_": _("shared data"),
}


def object_type_label(code: str) -> str:
    if not code:
        return ""
    if code in OBJECT_TYPES:
        return str(OBJECT_TYPES[code])
    for prefix, label in PREFIXES.items():
        if code.startswith(prefix):
            return str(label)
    # A kind not named yet: its words, never the code with underscores.
    return code.replace("_", " ")
