"""A reminder source standing in for the later stages: one reminder per casework actor at provider A."""

import datetime

from atbalsts.lib.reminders import Reminder


def reminders(actor, today: datetime.date) -> list[Reminder]:
    if actor is None or actor.organisation is None or actor.organisation.name != "Test provider_a":
        return []
    if not actor.may_open_personal_data:
        return []
    return [
        Reminder(kind="course_ending", title="Course of AT-FAKE001 ends", due=today + datetime.timedelta(days=5),
                 url="/rehabilitation/fake/", case_number="AT-FAKE001"),
        Reminder(kind="aftercare_window", title="After-care window of AT-FAKE002 closes",
                 due=today - datetime.timedelta(days=2), url="/rehabilitation/fake2/", case_number="AT-FAKE002",
                 urgent=True),
    ]
