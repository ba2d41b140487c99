"""A user's own tasks, and what the daily digest needs to know about them.

A task's title must hold no personal data: it may name a case by its case number, and a task
may be linked to one client the user may see (checked through ``people.access`` when written).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation
from atbalsts.people.models import Client

# The titles of tasks made from another organisation's event, translated when shown (the row
# keeps the notice code and a reference only). The reference is opaque: a case number at most.
NOTICE_TITLES = {
    "commission_invitation": _("You are invited to the identification commission %(ref)s"),
    "siva_decision": _("SIVA has decided on the application %(ref)s: read the decision"),
    "consent_given": _("A consent naming your organisation was given (%(ref)s)"),
    "consent_withdrawn": _("A consent naming your organisation was withdrawn (%(ref)s)"),
    "anonymous_report": _("A new anonymous report arrived: read and triage it"),
}
# The same without a reference (a consent for a person the municipality has not linked to a case).
NOTICE_TITLES_WITHOUT_REFERENCE = {
    "consent_given": _("A consent naming your organisation was given: see the clients shared with you"),
    "consent_withdrawn": _("A consent naming your organisation was withdrawn: see the clients shared with you"),
}


class Task(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tasks")
    # The organisation the task was written for: the user sees it when acting for it.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("task"), max_length=200)
    due = models.DateField(_("due"))
    client = models.ForeignKey(Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("case number"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set on a task made from another organisation's event (atbalsts.lib.notify); empty on own tasks.
    notice = models.CharField(max_length=40, blank=True, default="")
    reference = models.CharField(max_length=60, blank=True, default="")
    url = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["owner", "organisation", "done_at", "due"], name="task_owner_open")]

    def __str__(self) -> str:
        return f"T{self.pk}"

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def display_title(self) -> str:
        """The title in the current language: a notice's is translated now, an own task's is as written."""
        if not self.notice:
            return self.title
        if not self.reference and self.notice in NOTICE_TITLES_WITHOUT_REFERENCE:
            return str(NOTICE_TITLES_WITHOUT_REFERENCE[self.notice])
        template = NOTICE_TITLES.get(self.notice)
        return str(template) % {"ref": self.reference} if template is not None else self.title

    @property
    def case_number(self) -> str:
        return self.client.case_number if self.client_id else ""


class DigestPreference(models.Model):
    """The language of a user's daily digest (the staff languages; Latvian unless chosen)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language of the daily e-mail"), max_length=5, default="lv")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.language}"


class DigestSent(models.Model):
    """That a user's digest for a day went out, so a second run that day sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    items = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_and_day")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.day}"
