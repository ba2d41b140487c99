"""The period of the figures: a year, quarter or month by its code, or two dates. Validates only."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from . import figures

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


class PeriodForm(forms.Form):
    period = forms.CharField(label=_("Year, quarter or month"), required=False, max_length=7,
                             help_text=_("For example 2026, 2026-Q3 or 2026-05"))
    start = forms.DateField(label=_("Or from"), required=False, input_formats=DATE_FORMATS,
                            help_text=_("dd.mm.yyyy"))
    end = forms.DateField(label=_("to"), required=False, input_formats=DATE_FORMATS,
                          help_text=_("dd.mm.yyyy, the day included"))

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        for name, field in self.fields.items():
            width = "govuk-input--width-5" if name == "period" else "govuk-input--width-10"
            field.widget.attrs.update({"class": f"govuk-input {width}", "aria-describedby": f"id_{name}-hint"})

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end, code = data.get("start"), data.get("end"), (data.get("period") or "").strip()
        try:
            if start or end:
                if not (start and end):
                    raise figures.PeriodError(_("Give both dates of the period, or neither."))
                data["result"] = figures.custom(start, end, self.today)
            elif code:
                data["result"] = figures.parse(code, self.today)
            else:
                data["result"] = figures.year(self.today.year, self.today)
        except figures.PeriodError as problem:
            raise forms.ValidationError(str(problem)) from None
        return data
