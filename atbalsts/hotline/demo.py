"""A day of synthetic contacts for the demo hotline's log. Called by ``atbalsts.demo``.

The whole day before ``today`` (so nothing lies in the future, whenever the demo is loaded):
calls, chats, an e-mail and a visit in Latvian, Russian, English and Ukrainian; one caller who
rings for the third time (two earlier contacts in the weeks before); a contact that became a
client record with the caller's consent; notes, an assignment and follow-up tasks; and the
day's count-only contacts (and a few today). Idempotent: a hotline with contacts gets none added.
Numbers are synthetic (+371 2000 00xx) and only their keyed hashes are stored.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Membership, Organisation, OrganisationKind, Role
from atbalsts.portal.demo import DEMO_HOTLINE_NAME

from . import services
from .models import Contact

REPEAT_CALLER = "+371 2000 0042"

# (days before today, hour, minute, channel, caller type, choice, language, minutes, indicators, forms,
#  country, advice, outcome, shared, handle)
CONTACTS = [
    (20, 19, 10, "phone", "person", "confidential", "lv", 12, ["documents_confiscated"], ["forced_labour"], "NO",
     "Explained the rights of workers abroad and the numbers to call there.", "information", [], REPEAT_CALLER),
    (9, 21, 40, "phone", "person", "confidential", "lv", 18, ["documents_confiscated", "debts_to_employer"],
     ["forced_labour"], "NO", "Agreed to call back; explained that help is free and confidential.", "follow_up", [],
     REPEAT_CALLER),
    (1, 8, 5, "phone", "family", "confidential", "ru", 9, ["isolation", "movement_controlled"],
     ["sham_marriage"], "LV", "Объяснили, как связаться с кризисным центром; дали номер 112 на случай опасности.",
     "information", [], "+371 2000 0011"),
    (1, 9, 30, "chat", "person", "anonymous", "uk", 14, ["little_or_no_pay", "excessive_hours"], ["forced_labour"],
     "LV", "Пояснили права працівника та як звернутися до Державної інспекції праці.", "information", [],
     "demo_chat_user_7"),
    (1, 10, 15, "phone", "professional", "share", "lv", 22, ["deception", "illegal_hiring_fees"], ["forced_labour"],
     "GB", "Skolotāja ziņo par audzēkni; vienojāmies par nosūtīšanu pakalpojuma sniedzējam.", "referred",
     ["topics", "country", "language"], ""),
    (1, 11, 50, "email", "public", "confidential", "en", 0, [], ["sexual_prostitution"], "DE",
     "Replied with the directory of help and how to report to the State Police.", "information", [], ""),
    (1, 13, 20, "in_person", "person", "share", "lv", 35, ["violence_threats", "documents_confiscated"],
     ["forced_labour"], "IE", "Met at the office; the person agreed to a client record and to be contacted.",
     "follow_up", ["topics", "country", "language", "contact"], "+371 2000 0023"),
    (1, 15, 0, "phone", "person", "confidential", "lv", 16, ["documents_confiscated", "debts_to_employer"],
     ["forced_labour"], "NO", "Third call: the caller is ready to meet a social worker next week.", "follow_up",
     [], REPEAT_CALLER),
    (1, 17, 45, "chat", "family", "confidential", "ru", 7, ["isolation"], [], "RU",
     "Рассказали о признаках торговли людьми и о горячей линии.", "information", [], "@demo_sister"),
    (1, 20, 30, "phone", "public", "anonymous", "lv", 4, [], [], "", "Information about the hotline's hours.",
     "no_action", [], ""),
    (1, 22, 10, "phone", "person", "confidential", "en", 11, ["movement_controlled", "unsafe_conditions"],
     ["forced_labour"], "LV", "Gave the police emergency number; the caller was not in danger now.", "police", [],
     "+371 2000 0031"),
]

# (days before today, channel, kind, how many)
TALLIES = [
    (1, "phone", "silent", 4), (1, "phone", "hang_up", 6), (1, "phone", "wrong_number", 2),
    (1, "phone", "information_only", 5), (1, "chat", "abusive", 1), (1, "chat", "information_only", 3),
    (0, "phone", "silent", 1), (0, "phone", "hang_up", 2),
]


def _operators(hotline) -> list[Actor]:
    memberships = (Membership.objects.filter(organisation=hotline, role=Role.HOTLINE_OPERATOR, is_active=True)
                   .select_related("user").order_by("user__username"))
    # The loader acts as the demo operators; a system task, so the second factor is implied.
    return [Actor(user=m.user, organisation=hotline, roles=frozenset({Role.HOTLINE_OPERATOR}), mfa_verified=True)
            for m in memberships]


@transaction.atomic
def build_hotline_demo(today: datetime.date) -> int:
    """Add the synthetic day of contacts; returns how many contacts were added."""
    hotline = Organisation.objects.filter(name=DEMO_HOTLINE_NAME, kind=OrganisationKind.HOTLINE).first()
    if hotline is None or Contact.objects.filter(organisation=hotline).exists():
        return 0
    operators = _operators(hotline)
    if not operators:
        return 0
    tz = timezone.get_current_timezone()
    added: list[Contact] = []
    for i, (days, hour, minute, channel, caller_type, choice, language, minutes, indicators, forms, country,
            advice, outcome, shared, handle) in enumerate(CONTACTS):
        started = datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time(hour, minute),
                                            tzinfo=tz)
        operator = operators[i % len(operators)]
        added.append(services.record_contact(operator, {
            "started_at": started, "channel": channel, "caller_type": caller_type, "caller_choice": choice,
            "language": language, "duration_minutes": minutes, "indicators": indicators,
            "exploitation_forms": forms, "country": country, "advice": advice, "outcome": outcome,
            "shared_categories": shared, "caller_handle": handle,
        }))
    lead = operators[0]
    colleague = operators[-1]
    third_call = added[7]
    services.add_note(lead, third_call, "Zvanītājs lūdz zvanīt tikai darba dienās pēc 18:00.")
    services.assign_contact(lead, third_call, colleague.user.pk)
    services.add_follow_up_task(colleague, third_call, "Piezvanīt un vienoties par tikšanos ar sociālo darbinieku",
                                today, colleague.user.pk)
    services.add_follow_up_task(lead, added[4], "Pārliecināties, ka pakalpojuma sniedzējs saņēma nosūtījumu",
                                today + datetime.timedelta(days=2), lead.user.pk)
    services.open_client_from_contact(lead, added[6], {"given_names": "Demo", "surname": "Zvanītāja",
                                                       "phone": "+371 2000 0023"}, consent=True)
    for days, channel, kind, count in TALLIES:
        day = today - datetime.timedelta(days=days)
        for _n in range(count):
            services.record_count_only(lead, kind, channel, day)
    return len(added)
