"""Forms validate; they never save."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from atbalsts.identification.forms import DATE_FORMATS
from atbalsts.people.forms import DateInput, GovukMixin


class TaskForm(GovukMixin, forms.Form):
    title = forms.CharField(
        label=_("Task"), max_length=200,
        help_text=_("No names or other personal data: refer to a case by its case number."),
    )
    due = forms.DateField(label=_("Due"), widget=DateInput(), input_formats=DATE_FORMATS, help_text=_("dd.mm.yyyy"))
    case_number = forms.CharField(label=_("Case number"), max_length=20, required=False,
                                  help_text=_("A client on your case team, for example AT-ABC2345."))


class DigestLanguageForm(GovukMixin, forms.Form):
    language = forms.ChoiceField(label=_("Language of the daily e-mail"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        self.fields["language"].choices = [(code, names[code]) for code in settings.STAFF_LANGUAGES]
