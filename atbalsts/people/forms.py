import re

from django import forms
from django.utils.translation import gettext_lazy as _

from atbalsts.accounts.models import Organisation

from . import caseload
from .models import Client, ConsentCategory, ConsentMethod, FamilyMember

_PERSONAL_CODE = re.compile(r"^\d{6}-?\d{5}$")


def normalise_personal_code(value: str) -> str:
    """'00010112345' and '000101-12345' are the same code; anything else is refused."""
    code = (value or "").strip()
    if code and not _PERSONAL_CODE.match(code):
        raise forms.ValidationError(_("A personal code has 11 digits, for example 010190-12345."))
    if code and "-" not in code:
        code = f"{code[:6]}-{code[6:]}"
    return code


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, **kwargs):
        attrs = {"class": "govuk-input govuk-input--width-10", "inputmode": "numeric"}
        super().__init__(format="%d.%m.%Y", attrs=attrs)


class GovukMixin:
    """Give every widget the design system's classes; forms validate, they never save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "govuk-select")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "govuk-checkboxes__input")
            elif isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", "govuk-textarea")
            else:
                widget.attrs.setdefault("class", "govuk-input")


class ClientForm(GovukMixin, forms.Form):
    given_names = forms.CharField(label=_("Given names"), max_length=200)
    surname = forms.CharField(label=_("Surname"), max_length=200)
    personal_code = forms.CharField(
        label=_("Personal code"),
        max_length=12,
        required=False,
        help_text=_("Latvian personal code, for example 010190-12345. Leave empty if the person has none."),
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput(),
                                 help_text=_("dd.mm.yyyy"))
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Client._meta.get_field("sex").choices],
                            required=False)
    citizenship = forms.CharField(label=_("Citizenship"), max_length=100, required=False)
    languages = forms.CharField(label=_("Languages"), max_length=200, required=False,
                                help_text=_("The languages the person speaks, for example: Latvian, Russian."))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def clean_personal_code(self):
        return normalise_personal_code(self.cleaned_data["personal_code"])

    def clean_birth_date(self):
        import datetime

        value = self.cleaned_data.get("birth_date")
        if value and value > datetime.date.today():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if value and value.year < 1900:
            raise forms.ValidationError(_("Check the year of birth."))
        return value


class FamilyMemberForm(GovukMixin, forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=FamilyMember._meta.get_field("relation").choices)
    given_names = forms.CharField(label=_("Given names"), max_length=200)
    surname = forms.CharField(label=_("Surname"), max_length=200, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput(),
                                 help_text=_("dd.mm.yyyy"))
    accompanying = forms.BooleanField(label=_("Accompanying minor child"), required=False)
    lives_in_latvia = forms.BooleanField(label=_("Lives in Latvia"), required=False, initial=True)


class TeamMemberForm(GovukMixin, forms.Form):
    user = forms.TypedChoiceField(label=_("Colleague"), coerce=int)

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(u.pk, u.get_full_name() or u.username) for u in colleagues]


class ConsentForm(GovukMixin, forms.Form):
    """The person's consent to share: validates input only; the service checks the rules."""

    recipient = forms.ModelChoiceField(
        label=_("Shared with (organisation)"), queryset=Organisation.objects.none(),
        help_text=_("For example the social service of the municipality where the person lives."),
    )
    categories = forms.MultipleChoiceField(
        label=_("What may be shared"), required=False, choices=ConsentCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    # Required by the service: the label must not say "optional".
    purpose = forms.CharField(label=_("Purpose"), max_length=1000,
                              error_messages={"required": _("Say what the information will be used for.")},
                              widget=forms.Textarea(attrs={"rows": 2}))
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput(), input_formats=["%d.%m.%Y", "%Y-%m-%d"],
                                 help_text=_("dd.mm.yyyy"))
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput(),
                                  input_formats=["%d.%m.%Y", "%Y-%m-%d"],
                                  help_text=_("dd.mm.yyyy; leave empty if the person set no end date"))
    method = forms.ChoiceField(label=_("How the consent was given"), choices=ConsentMethod.choices,
                               widget=forms.RadioSelect)
    signed_form = forms.FileField(
        label=_("Signed consent form"), required=False,
        help_text=_("PDF, PNG or JPEG; required when the consent was given on a signed form."),
    )

    def __init__(self, *args, client=None, **kwargs):
        super().__init__(*args, **kwargs)
        recipients = Organisation.objects.filter(is_active=True).order_by("name")
        if client is not None:
            recipients = recipients.exclude(pk=client.organisation_id)
        self.fields["recipient"].queryset = recipients
        self.fields["method"].widget.attrs["class"] = "govuk-radios__input"
        self.fields["signed_form"].widget.attrs["class"] = "govuk-file-upload"
        self.fields["signed_form"].required_when = _("required for a signed form")


class ClientListForm(GovukMixin, forms.Form):
    """The client list's filters and sort, read from the address. Nothing in them is personal
    data: a stage, a colleague's user number, a number of days, a sort name. Names are searched
    only through the posted search form (ADR 0017)."""

    stage = forms.ChoiceField(label=_("Stage"), required=False)
    worker = forms.TypedChoiceField(label=_("Colleague on the case team"), required=False, coerce=int,
                                    empty_value=None)
    ending_within = forms.IntegerField(label=_("Course ends within (days)"), required=False,
                                       min_value=1, max_value=caseload.MAX_ENDING_WITHIN_DAYS)
    aftercare_open = forms.BooleanField(label=_("After-care open"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, data=None, *, colleagues=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["stage"].choices = [("", _("Any stage")), *caseload.Stage.choices]
        self.fields["worker"].choices = [("", _("Anyone")), *((u.pk, u.get_full_name() or u.username)
                                                             for u in colleagues)]
        self.fields["sort"].choices = list(caseload.SORT_LABELS.items())
        self.fields["ending_within"].widget.attrs.update({"class": "govuk-input govuk-input--width-4",
                                                          "inputmode": "numeric"})

    def filters(self) -> caseload.ListFilters:
        """The valid filters (call after ``is_valid``); an invalid field counts as not set."""
        data = getattr(self, "cleaned_data", {})
        return caseload.ListFilters(
            stage=data.get("stage") or "",
            worker=data.get("worker"),
            ending_within=data.get("ending_within"),
            aftercare_open=bool(data.get("aftercare_open")),
            sort=data.get("sort") or caseload.DEFAULT_SORT,
        )
