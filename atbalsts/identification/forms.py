"""Forms validate and turn input into the plain data the services take; they never save."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atbalsts.lib import documents
from atbalsts.lib.numbers import LocalDecimalField
from atbalsts.people.forms import DateInput, GovukMixin
from atbalsts.policy import criteria
from atbalsts.policy.eligibility import LEGAL_BASES
from atbalsts.policy.validators import validate_rules_date

from . import catalogue, wording
from .models import (
    ACCOUNT_MAX,
    Answer,
    Conclusion,
    Ground,
    InterviewMode,
    MovementKind,
    PermitStatus,
    ProceedingsStanding,
    RepresentativeBasis,
)

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
MOVEMENT_ROWS = 3


def _date(label, required=True, rules=False):
    """A date field; ``rules=True`` for an event date the rules are later looked up for."""
    return forms.DateField(label=label, required=required, widget=DateInput(), input_formats=DATE_FORMATS,
                           help_text=_("dd.mm.yyyy"), validators=[validate_rules_date] if rules else [])


def _multi(label, entries):
    return forms.MultipleChoiceField(label=label, required=False, widget=forms.CheckboxSelectMultiple,
                                     choices=catalogue.choices(entries))


def _required_when(field, text):
    """A field the form checks only in some cases: its label says when, not "optional"."""
    field.required_when = text
    return field


class InterviewForm(GovukMixin, forms.Form):
    date = _date(_("Date of the interview"))
    mode = forms.ChoiceField(label=_("Mode"), choices=InterviewMode.choices)
    interpreter = forms.BooleanField(label=_("With an interpreter"), required=False)
    interpreter_language = _required_when(
        forms.CharField(label=_("Interpreter's language"), max_length=60, required=False),
        _("required with an interpreter"))
    account = forms.CharField(
        label=_("The person's account of what happened"), required=False, max_length=ACCOUNT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("In the person's own words, as far as they want to tell it."),
    )

    # The form's sections, in order: (anchor, heading). The template lays the fields out under them.
    SECTIONS = (
        ("person", _("The person and the circumstances")),
        ("movement", _("Recruitment and movement")),
        ("indicators", _("Indicators of exploitation (§ 5)")),
        ("needs", _("Needs, risk groups and health")),
        ("representative", _("Legal representative")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request so the labels follow the active language.
        self.indicator_rows = []
        for code, *_labels in catalogue.INDICATORS:
            self.fields[f"ind_{code}"] = forms.ChoiceField(
                label=catalogue.label(catalogue.INDICATORS, code), choices=Answer.choices, initial=Answer.UNKNOWN,
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )
            self.fields[f"ind_{code}_note"] = forms.CharField(
                label=_("Note"), required=False, max_length=1000,
                widget=forms.TextInput(attrs={"class": "govuk-input"}),
            )
            self.indicator_rows.append((self[f"ind_{code}"], self[f"ind_{code}_note"]))
        self.fields["exploitation_forms"] = _multi(_("Forms of exploitation"), catalogue.EXPLOITATION_FORMS)
        self.fields["risk_groups"] = _multi(_("Risk groups"), catalogue.RISK_GROUPS)
        self.fields["needs"] = _multi(_("Needs"), catalogue.NEEDS)
        self.fields["health"] = _multi(_("Health and psychological issues to watch"), catalogue.HEALTH_ISSUES)
        self.fields["recruitment_method"] = forms.ChoiceField(
            label=_("Recruitment method"), required=False,
            choices=[("", "—"), *catalogue.choices(catalogue.RECRUITMENT_METHODS)],
            widget=forms.Select(attrs={"class": "govuk-select"}),
        )
        self.fields["recruitment_website"] = forms.CharField(label=_("Website or app"), max_length=200,
                                                             required=False)
        self.fields["recruitment_country"] = forms.CharField(label=_("Country of recruitment"), max_length=100,
                                                             required=False)
        self.fields["countries"] = forms.CharField(
            label=_("Countries involved"), max_length=500, required=False,
            help_text=_("Separate with commas, for example: Latvia, Ireland."),
        )
        self.movement_rows = []
        for i in range(MOVEMENT_ROWS):
            self.fields[f"move_{i}_kind"] = _required_when(forms.ChoiceField(
                label=_("Kind"), required=False, choices=[("", "—"), *MovementKind.choices],
                widget=forms.Select(attrs={"class": "govuk-select"}),
            ), _("required for a movement"))
            self.fields[f"move_{i}_country"] = _required_when(
                forms.CharField(label=_("Country"), max_length=100, required=False,
                                widget=forms.TextInput(attrs={"class": "govuk-input"})),
                _("required for a movement"))
            self.fields[f"move_{i}_city"] = forms.CharField(label=_("City"), max_length=100, required=False,
                                                            widget=forms.TextInput(attrs={"class": "govuk-input"}))
            self.fields[f"move_{i}_date"] = forms.DateField(
                label=_("Date"), required=False, input_formats=DATE_FORMATS, widget=DateInput())
            self.movement_rows.append([self[f"move_{i}_{p}"] for p in ("kind", "country", "city", "date")])

    @property
    def code_fields(self):
        return [self[n] for n in ("exploitation_forms", "risk_groups", "needs", "health")]

    @property
    def recruitment_fields(self):
        return [self[n] for n in ("recruitment_method", "recruitment_website", "recruitment_country", "countries")]

    def clean(self):
        data = super().clean()
        if data.get("interpreter") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Say which language the interpreter used."))
        for i in range(MOVEMENT_ROWS):
            kind, country = data.get(f"move_{i}_kind"), data.get(f"move_{i}_country")
            if (kind or country or data.get(f"move_{i}_city") or data.get(f"move_{i}_date")) and not (kind and country):
                self.add_error(f"move_{i}_country", _("A movement needs its kind and country."))
        return data

    @classmethod
    def draft_data(cls, post) -> dict:
        """The raw input of the form's own fields, as typed (a draft is not checked)."""
        form = cls()
        out = {}
        for name, field in form.fields.items():
            if isinstance(field, forms.MultipleChoiceField):
                values = post.getlist(name)
                if values:
                    out[name] = values
            elif post.get(name):
                out[name] = post.get(name)
        return out

    @property
    def person_fields(self):
        return [self[n] for n in ("date", "mode", "interpreter", "interpreter_language", "account")]

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            "date": d["date"],
            "mode": d["mode"],
            "interpreter": d["interpreter"],
            "interpreter_language": d["interpreter_language"],
            "account": d["account"],
            "indicators": {
                code: (d[f"ind_{code}"], d[f"ind_{code}_note"]) for code, *_labels in catalogue.INDICATORS
            },
            "exploitation_forms": d["exploitation_forms"],
            "risk_groups": d["risk_groups"],
            "needs": d["needs"],
            "health": d["health"],
            "recruitment_method": d["recruitment_method"],
            "recruitment_website": d["recruitment_website"],
            "recruitment_country": d["recruitment_country"],
            "countries": [c.strip() for c in d["countries"].split(",") if c.strip()],
            "movements": [
                {"kind": d[f"move_{i}_kind"], "country": d[f"move_{i}_country"], "city": d[f"move_{i}_city"],
                 "date": d[f"move_{i}_date"]}
                for i in range(MOVEMENT_ROWS) if d.get(f"move_{i}_kind")
            ],
        }


class GroundForm(GovukMixin, forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=[c for c in Ground.choices if c[0] != Ground.COMMISSION])
    standing = forms.ChoiceField(
        label=_("Standing in the criminal proceedings"), required=False,
        choices=[("", "—"), *ProceedingsStanding.choices],
        help_text=_("Required for ground 1: a victim, or a witness who does not want to be recognised as a victim."),
    )
    document_number = forms.CharField(label=_("Document number"), max_length=100)
    document_date = _date(_("Document date"))
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=200)
    document = forms.FileField(label=_("The document (PDF, PNG or JPEG)"), required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            try:
                documents.read_upload(upload)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["document"]) from exc
        return upload


class ConveneForm(GovukMixin, forms.Form):
    meeting_date = _date(_("Meeting date"), rules=True)
    seat = forms.ChoiceField(label=_("Your seat on the commission"),
                             error_messages={"required": _("Choose the seat you take on the commission.")})
    no_indicator_reason = forms.CharField(
        label=_("Why the commission is convened without an interview that found an indicator"), required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, seats=(), needs_reason=False, **kwargs):
        """``seats``: (role code, label) of the convener's own roles that may take a seat."""
        super().__init__(*args, **kwargs)
        self.fields["seat"].choices = list(seats)
        if len(self.fields["seat"].choices) == 1:
            # The one possible seat is taken when none is sent; otherwise the service needs a choice.
            self.fields["seat"].initial = self.fields["seat"].choices[0][0]
            self.fields["seat"].required = False
        if needs_reason:
            # Shown only when the reason is needed, and then it is.
            self.fields["no_indicator_reason"].required = True
            self.fields["no_indicator_reason"].error_messages["required"] = _(
                "No interview of this case found an indicator: record the interview first, or say why the "
                "commission is convened without one.")
        else:
            del self.fields["no_indicator_reason"]


class RescheduleForm(GovukMixin, forms.Form):
    meeting_date = _date(_("Meeting date"), rules=True)


class ExploitationStartForm(GovukMixin, forms.Form):
    began_on = _date(_("The exploitation began on"), required=False)
    age = forms.IntegerField(label=_("Or: the person's age when it began"), required=False, min_value=0,
                             max_value=120, help_text=_("In full years, when the date is not known."))

    def clean(self):
        data = super().clean()
        if data.get("began_on") and data.get("age") is not None:
            self.add_error("age", _("Give either the date the exploitation began or the age then, not both."))
        return data


class MemberForm(GovukMixin, forms.Form):
    membership = forms.TypedChoiceField(label=_("Member"), coerce=int)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [
            (m.pk, f"{m.user.get_full_name() or m.user.username} — {m.get_role_display()}, {m.organisation}"
                   + ("" if getattr(m, "is_core", True) else f" ({_('invited specialist')})"))
            for m in candidates
        ]


class AssessmentForm(GovukMixin, forms.Form):
    def __init__(self, *args, reading=criteria.READING_2007, sex=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        lv = (get_language() or "lv").startswith("lv")
        for group in catalogue.CRITERIA_GROUPS:
            rows = []
            for code, label_lv, label_en in group.items:
                # In Latvian the items follow the person's recorded sex (wording.py).
                self.fields[f"crit_{code}"] = forms.BooleanField(
                    label=wording.criterion_label_lv(code, label_lv, sex) if lv else label_en, required=False,
                    help_text=criteria.element_list(reading.elements_of(code), get_language() or "lv"))
                self.fields[f"crit_{code}_note"] = forms.CharField(
                    label=_("Note"), required=False, max_length=1000,
                    widget=forms.TextInput(attrs={"class": "govuk-input"}))
                rows.append((self[f"crit_{code}"], self[f"crit_{code}_note"]))
            self.groups.append({"label": catalogue.group_label(group), "rows": rows})
        self.fields["opinion"] = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 4}))

    def findings(self) -> dict[str, tuple[bool, str]]:
        d = self.cleaned_data
        return {code: (d[f"crit_{code}"], d[f"crit_{code}_note"]) for code in catalogue.CRITERIA_ITEMS}


class ConcludeForm(GovukMixin, forms.Form):
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Conclusion.choices)
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 4}))


class LegalRepresentativeForm(GovukMixin, forms.Form):
    name = forms.CharField(label=_("Name of the legal representative"), max_length=200)
    relation = forms.CharField(label=_("Relation to the person"), max_length=100,
                               help_text=_("For example: mother, guardian, orphan's court."))
    basis = forms.ChoiceField(label=_("Basis of representation"), choices=RepresentativeBasis.choices)


class ChildLinkForm(GovukMixin, forms.Form):
    # A number, not a choice: the service says why a family member cannot be linked.
    member = forms.IntegerField(label=_("Accompanying child"), widget=forms.Select)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].widget.choices = [
            (m.pk, f"{m.given_names} {m.surname}".strip()
             + (f", {m.birth_date:%d.%m.%Y}" if m.birth_date else "")) for m in candidates
        ]


class TravelForm(GovukMixin, forms.Form):
    from_country = forms.CharField(label=_("From country"), max_length=100)
    from_city = forms.CharField(label=_("From city"), max_length=100, required=False)
    travel_date = _date(_("Date of travel"))
    cost = LocalDecimalField(label=_("Cost, EUR"), min_value=0, max_digits=10, decimal_places=2,
                             widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}))
    accompanied_by = forms.CharField(label=_("Accompanied by"), max_length=200, required=False,
                                     help_text=_("Who travelled with the person, for example a social worker."))

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"] = forms.TypedMultipleChoiceField(
            label=_("Accompanying children who travelled"), required=False, coerce=int,
            widget=forms.CheckboxSelectMultiple,
            choices=[(m.pk, f"{m.given_names} {m.surname}".strip()) for m in children],
        )


class EligibilityForm(GovukMixin, forms.Form):
    eu_citizen = forms.TypedChoiceField(
        label=_("Citizen of the European Union"), coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))],
    )
    reflection_start = _date(_("Reflection period from"), required=False)
    reflection_end = _date(_("Reflection period until"), required=False)
    permit_status = forms.ChoiceField(label=_("Residence permit"), choices=PermitStatus.choices,
                                      initial=PermitStatus.NONE)
    legal_basis = forms.ChoiceField(
        label=_("Legal basis (a non-EU citizen)"), required=False,
        help_text=_("The case of the law under which a person who is not an EU citizen is entitled, if the "
                    "reflection period and the permit above do not show it."),
    )
    legal_basis_note = forms.CharField(label=_("Provision of the law"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lv = (get_language() or "lv").startswith("lv")
        self.fields["legal_basis"].choices = [("", _("None"))] + [
            (b.code, b.label_lv if lv else b.label_en) for b in LEGAL_BASES
        ]
