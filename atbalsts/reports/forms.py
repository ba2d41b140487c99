"""Forms validate; they never save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from atbalsts.identification.forms import DATE_FORMATS
from atbalsts.people.forms import DateInput, GovukMixin


class PeriodForm(GovukMixin, forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput(), input_formats=DATE_FORMATS,
                            help_text=_("dd.mm.yyyy"))
    end = forms.DateField(label=_("To"), widget=DateInput(), input_formats=DATE_FORMATS,
                          help_text=_("dd.mm.yyyy, the day included"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period must end on or after %(start)s.")
                           % {"start": start.strftime("%d.%m.%Y")})
        return data
