"""Telling someone in another organisation that something happened, so that each stage of the
process can do it inside its own transaction without knowing the task list.

A stage calls ``tell(Tell(...))`` in the service function that makes the change. Who is told is
the policy's table (``atbalsts.policy.notifications``); the module named by
``settings.ATBALSTS_NOTICE_SINK`` (the task list, by dotted path, as the reminder sources are)
turns it into a task for each recipient. When the stage cannot know where the receiving
organisation acts on the event (a consent given at a provider, acted on in the municipality's
own case), the modules listed for that notice in ``settings.ATBALSTS_NOTICE_RESOLVERS`` complete
it (``resolve(tell) -> Tell``).

A ``Tell`` holds codes, ids and an opaque reference only: never a name or free text.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib

from django.conf import settings


@dataclasses.dataclass(frozen=True, slots=True)
class Tell:
    notice: str  # a code of atbalsts.policy.notifications.Notice
    organisation_id: int  # the receiving organisation
    due: datetime.date
    url: str = ""  # where the recipient acts on it
    reference: str = ""  # an opaque reference shown in the title (a case number at most)
    person_id: int | None = None  # for notices to one person
    client_id: int | None = None  # the client whose case team (in the receiving organisation) is told
    about: tuple[str, int] | None = None  # what it is about, for a resolver: ("consent", pk)

    def replace(self, **changes) -> Tell:
        return dataclasses.replace(self, **changes)


def tell(notice: Tell) -> int:
    """Deliver the notice in the caller's transaction; the number of people told."""
    for path in getattr(settings, "ATBALSTS_NOTICE_RESOLVERS", {}).get(notice.notice, ()):
        notice = importlib.import_module(path).resolve(notice)
    sink = getattr(settings, "ATBALSTS_NOTICE_SINK", "")
    if not sink:
        return 0
    return importlib.import_module(sink).deliver(notice)
