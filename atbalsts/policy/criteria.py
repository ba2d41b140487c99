"""How the specialist commission's findings are read against the legal definition of trafficking.

Criminal Law s.154.2 (quoted in seed 003) has three elements: an **act** (recruiting,
transporting, transferring, harbouring, accommodating or receiving a person), the **means**
(violence or threats, abduction by deceit, abuse of dependence, vulnerability or helplessness,
giving or receiving benefits) and the **purpose of exploitation** (sexual exploitation, forced
work, services or crimes, slavery-like practices, servitude, removal of organs). For a minor the
means need not be shown (s.154.2(2)).

The commission assesses a person against the items of Regulation No. 889 Annex 2 (four groups:
movement or deception, control or dependency, threats or violence, isolation). Annex 2 does not
say which item shows which element, so a :class:`CriteriaReading` declares it item by item; an
item may show more than one element (being forced on arrival to do other work than promised is
both deception — a means — and forced work — the purpose). See docs/adr/0012.

A member's findings meet the reading when they show every required element (the means not for a
minor). Each member is read separately; the commission may conclude "recognised" only when the
findings of more than half of its members meet the reading on their own, so one member's act and
another member's means are never pooled into a recognition nobody found.

The reading is versioned with effective dates like the rule sets. ``verified=False`` marks it as
our reading, not yet confirmed by the Ministry of Welfare.

This module is pure: no Django, no database, no other apps.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

__all__ = [
    "ACT",
    "ELEMENT_NAMES",
    "MEANS",
    "PURPOSE",
    "READINGS",
    "READING_2007",
    "CriteriaReading",
    "MemberReading",
    "MinorAtExploitation",
    "commission_problems",
    "element_list",
    "minor_at_exploitation",
    "read_member",
    "reading_on",
]


class Element(StrEnum):
    ACT = "act"
    MEANS = "means"
    PURPOSE = "purpose"


ACT, MEANS, PURPOSE = Element.ACT.value, Element.MEANS.value, Element.PURPOSE.value

# Plain-language names (Latvian, English) for messages and the protocol.
ELEMENT_NAMES: dict[str, tuple[str, str]] = {
    ACT: ("darbība (savervēšana, pārvadāšana, nodošana, slēpšana, izmitināšana vai saņemšana)",
          "act (recruitment, transport, transfer, harbouring, accommodation or receipt)"),
    MEANS: ("līdzeklis (vardarbība, draudi, viltus, atkarības, ievainojamības vai bezpalīdzības izmantošana)",
            "means (violence, threats, deception, abuse of dependence, vulnerability or helplessness)"),
    PURPOSE: ("ekspluatācijas nolūks", "purpose of exploitation"),
}
ELEMENT_SHORT: dict[str, tuple[str, str]] = {
    ACT: ("darbība", "act"),
    MEANS: ("līdzeklis", "means"),
    PURPOSE: ("ekspluatācijas nolūks", "purpose of exploitation"),
}


@dataclass(frozen=True, slots=True)
class CriteriaReading:
    """Which element of the legal definition each Annex 2 item shows, and what recognition needs."""

    code: str
    title_lv: str
    title_en: str
    effective_from: datetime.date
    effective_until: datetime.date | None
    # (item code, elements it shows) for every Annex 2 item; an item absent here shows nothing.
    items: tuple[tuple[str, tuple[str, ...]], ...]
    # Elements a member's findings must show; the means are excused for a minor.
    required: tuple[str, ...] = (ACT, MEANS, PURPOSE)
    not_required_for_minor: tuple[str, ...] = (MEANS,)
    # "Recognised" needs the findings of more than this share of the members to meet the reading.
    members_share_above: float = 0.5
    # False: our reading of the sources, not yet confirmed (shown as such on the rules page).
    verified: bool = False

    def in_force_on(self, d: datetime.date) -> bool:
        return self.effective_from <= d and (self.effective_until is None or d <= self.effective_until)

    def elements_of(self, item: str) -> tuple[str, ...]:
        for code, elements in self.items:
            if code == item:
                return elements
        return ()

    def required_for(self, minor: bool) -> tuple[str, ...]:
        return tuple(e for e in self.required if not (minor and e in self.not_required_for_minor))


READING_2007 = CriteriaReading(
    code="CL154.2-A2-2007",
    title_lv="Regulas Nr. 889 2. pielikuma kritēriji, lasīti pēc Krimināllikuma 154.2 panta",
    title_en="Annex 2 of Regulation No. 889, read against Criminal Law s.154.2",
    effective_from=datetime.date(2007, 1, 1),
    effective_until=None,
    items=(
        # 1. Movement or deception: the acts of s.154.2(1).
        ("recruited", (ACT,)),
        ("transported", (ACT,)),
        ("received", (ACT,)),
        # Abduction is taking away by force or deceit; selling is giving or receiving benefits.
        ("abducted_sold", (ACT, MEANS)),
        # Deceived about the work (a means) and forced to do other work (the exploitation).
        ("other_work", (MEANS, PURPOSE)),
        # 2. Control or dependency: abuse of dependence, and the exploitation itself.
        ("debt_income_taken", (MEANS, PURPOSE)),  # debt bondage
        ("could_not_leave", (MEANS, PURPOSE)),  # forced work with no real alternative
        ("documents_taken", (MEANS,)),
        ("forced_sexual_services", (MEANS, PURPOSE)),
        ("employed_against_will", (MEANS, PURPOSE)),
        # Long hours are exploitation of labour but no means: a labour dispute is not trafficking.
        ("excess_hours", (PURPOSE,)),
        ("watched", (MEANS,)),
        ("dependency_ties", (MEANS,)),
        # 3. Threats or violence: the means.
        ("witnessed_violence", (MEANS,)),
        ("basic_needs_denied", (MEANS,)),
        ("violence_signs", (MEANS,)),
        ("reprisals", (MEANS,)),
        ("threats_family", (MEANS,)),
        ("threats_deportation", (MEANS,)),
        # 4. Isolation: abuse of helplessness; being held confined is also a slavery-like practice.
        ("confined", (MEANS, PURPOSE)),
        ("controlled", (MEANS,)),
        ("accompanied_only", (MEANS,)),
    ),
)

READINGS: tuple[CriteriaReading, ...] = (READING_2007,)


def reading_on(d: datetime.date, readings: tuple[CriteriaReading, ...] = READINGS) -> CriteriaReading:
    """The reading in force on ``d``; before the first one, the first (the caller guards dates)."""
    for r in readings:
        if r.in_force_on(d):
            return r
    return min(readings, key=lambda r: r.effective_from)


def element_list(elements: Iterable[str], language: str = "lv", short: bool = True) -> str:
    names = ELEMENT_SHORT if short else ELEMENT_NAMES
    i = 0 if language.startswith("lv") else 1
    return ", ".join(names[e][i] for e in (ACT, MEANS, PURPOSE) if e in set(elements))


class MemberReading(NamedTuple):
    """One member's findings read against the legal definition."""

    found: frozenset[str]  # elements shown by the items the member found
    missing: tuple[str, ...]  # required elements not shown
    meets: bool


def read_member(found_items: Iterable[str], minor: bool, reading: CriteriaReading = READING_2007) -> MemberReading:
    found = frozenset(e for item in found_items for e in reading.elements_of(item))
    missing = tuple(e for e in reading.required_for(minor) if e not in found)
    return MemberReading(found, missing, not missing)


def commission_problems(
    members_found: Sequence[Iterable[str]], minor: bool, reading: CriteriaReading = READING_2007
) -> list[tuple[str, str]]:
    """Why the members' findings do not support "recognised", as (Latvian, English) messages.

    ``members_found`` holds, per member, the item codes that member found. Empty list: they do.
    """
    readings = [read_member(items, minor, reading) for items in members_found]
    if not readings:
        return [("Komisijai nav locekļu ar novērtējumu.", "The commission has no member with an assessment.")]
    meeting = sum(1 for r in readings if r.meets)
    if meeting > len(readings) * reading.members_share_above:
        return []
    needed_lv = element_list(reading.required_for(minor), "lv")
    needed_en = element_list(reading.required_for(minor), "en")
    out = [(
        f"Atzīšanai vairāk nekā pusei komisijas locekļu savos konstatējumos jākonstatē: {needed_lv}. "
        f"Tas izpildās {meeting} no {len(readings)} locekļiem.",
        f"To recognise, the findings of more than half of the members must each show: {needed_en}. "
        f"They do for {meeting} of {len(readings)} members.",
    )]
    if not minor and any(r.missing == (MEANS,) for r in readings):
        out.append((
            "Pilngadīgai personai jākonstatē līdzeklis. Ja ekspluatācija sākās, kad persona bija nepilngadīga, "
            "norādiet lietā, kad tā sākās.",
            "For an adult the means must be found. If the exploitation began while the person was a minor, record "
            "on the case when it began.",
        ))
    return out


class MinorAtExploitation(NamedTuple):
    minor: bool
    # How it was judged: "age_then" (the recorded age), "began_on" (birth date and start date),
    # "meeting_date" (a minor on the meeting date was a minor when it began), "unknown" (adult).
    basis: str
    age: int | None


def _age_on(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def minor_at_exploitation(
    birth_date: datetime.date | None,
    began_on: datetime.date | None,
    age_then: int | None,
    meeting_date: datetime.date,
    minor_age: int,
) -> MinorAtExploitation:
    """Was the person a minor when the exploitation began ("minor" for the means criterion)?

    The recorded age when it began wins; else the birth date and the start date; else a person
    who is a minor on the meeting date was one when it began. Without any of these the person is
    taken as an adult, so the means must be shown.
    """
    if age_then is not None:
        return MinorAtExploitation(age_then < minor_age, "age_then", age_then)
    if birth_date is not None and began_on is not None:
        age = _age_on(birth_date, began_on)
        return MinorAtExploitation(age < minor_age, "began_on", age)
    if birth_date is not None:
        age = _age_on(birth_date, meeting_date)
        if age < minor_age:
            return MinorAtExploitation(True, "meeting_date", age)
    return MinorAtExploitation(False, "unknown", None)
