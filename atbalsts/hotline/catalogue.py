"""What a contact is about, in the plain words an operator uses on the phone.

The codes are the identification stage's (``identification.catalogue``: §5 indicators and §1
forms of exploitation), so a contact's topics can travel on to a first contact or a referral
without translation tables. The labels here are shorter and plainer than the screening list's,
and exist in Latvian, English and Russian (operators speak with callers in these).
Codes are never renamed: retire one and add another.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# §5 indicators, grouped the way callers tell them.
INDICATORS: tuple[tuple[str, object], ...] = (
    ("violence_threats", _("Violence or threats")),
    ("documents_confiscated", _("Passport or documents taken away")),
    ("little_or_no_pay", _("Little or no pay")),
    ("debts_to_employer", _("Debt to the employer or recruiter")),
    ("movement_controlled", _("Not free to leave or move about")),
    ("isolation", _("Kept from contacting others")),
    ("deception", _("Lied to about the job or conditions")),
    ("excessive_hours", _("Very long hours, no days off")),
    ("excessive_charges", _("Overcharged for housing, food or transport")),
    ("illegal_hiring_fees", _("Paid a fee to get the job")),
    ("unsafe_conditions", _("Unsafe work or living conditions")),
    ("medical_care_denied", _("Denied medical care")),
)

# §1 forms of exploitation, in the caller's words.
EXPLOITATION_FORMS: tuple[tuple[str, object], ...] = (
    ("sexual_prostitution", _("Sexual exploitation")),
    ("forced_labour", _("Forced labour")),
    ("sham_marriage", _("Sham marriage")),
    ("forced_begging", _("Forced begging")),
    ("criminal_theft", _("Forced to commit crimes")),
    ("domestic_servitude", _("Domestic servitude")),
    ("organ_removal", _("Removal of organs")),
    ("forced_services_other", _("Other forced services")),
)

# Countries a caller most often names (Latvia, neighbours, the usual destinations), then "other".
COUNTRIES: tuple[tuple[str, object], ...] = (
    ("LV", _("Latvia")),
    ("EE", _("Estonia")),
    ("LT", _("Lithuania")),
    ("GB", _("United Kingdom")),
    ("IE", _("Ireland")),
    ("DE", _("Germany")),
    ("NO", _("Norway")),
    ("SE", _("Sweden")),
    ("FI", _("Finland")),
    ("NL", _("Netherlands")),
    ("PL", _("Poland")),
    ("UA", _("Ukraine")),
    ("RU", _("Russia")),
    ("XX", _("Another country")),
)


def codes(entries) -> frozenset[str]:
    return frozenset(code for code, _label in entries)


def labels(entries, chosen) -> list[str]:
    """Labels of the chosen codes in the catalogue's order (unknown codes are shown as they are)."""
    names = dict(entries)
    known = [str(label) for code, label in entries if code in set(chosen or ())]
    return known + [code for code in chosen or () if code not in names]
