"""The one table of the policy app: working-day overrides of Latvia's calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """A date the government (or an administrator) made a working day or a day off.

    Wins over the holidays package: use it for a transfer of working days that the installed
    ``holidays`` version does not know yet, or to correct it.
    """

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: the date is a working day. Not ticked: the date is a day off."),
    )
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("The reason, e.g. the Cabinet order that transferred the working day."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        kind = _("working day") if self.is_working_day else _("day off")
        return f"{self.date.isoformat()}: {kind}"
