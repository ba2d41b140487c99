"""Forms validate; they never save.

The plan is edited in one form: every goal with its activities, empty rows to add new ones, and the
reason for the change. :class:`PlanEditor` builds the goal and activity forms, turns what was
submitted into the content the service checks, and puts the service's errors back on the fields.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from atbalsts.identification.forms import DATE_FORMATS
from atbalsts.people.forms import DateInput, GovukMixin
from atbalsts.policy.validators import validate_rules_date

from .catalogue import Area, GoalStatus
from .services import MAX_ACTIVITIES, MAX_GOALS, MAX_TEXT

EXTRA_GOALS = 2
EXTRA_ACTIVITIES = 2


def _date(label, required=True):
    # Review dates feed the rules (policy.validators: the one date guard).
    return forms.DateField(label=label, required=required, widget=DateInput(), input_formats=DATE_FORMATS,
                           help_text=_("dd.mm.yyyy"), validators=[validate_rules_date])


class GoalForm(GovukMixin, forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    area = forms.ChoiceField(label=_("Area"), choices=[("", "—"), *Area.choices],
                             error_messages={"required": _("Choose the area of the goal.")})
    text = forms.CharField(label=_("Goal"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("Write the goal.")})
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.OPEN)
    remove = forms.BooleanField(label=_("Remove this goal from the plan"), required=False)

    def is_blank(self) -> bool:
        d = self.cleaned_data
        return not (d.get("key") or d.get("area") or d.get("text"))


class ActivityForm(GovukMixin, forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    text = forms.CharField(label=_("Activity"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("Describe the activity.")})
    responsible = forms.ChoiceField(label=_("Responsible"), error_messages={
        "required": _("Say who is responsible: a member of the case team or a role.")})
    due = forms.DateField(label=_("Due date"), widget=DateInput(), input_formats=DATE_FORMATS,
                          help_text=_("dd.mm.yyyy"), validators=[validate_rules_date],
                          error_messages={"required": _("Give the date the activity is due (dd.mm.yyyy).")})
    remove = forms.BooleanField(label=_("Remove this activity"), required=False)

    def __init__(self, *args, responsible_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = [("", "—"), *responsible_choices]

    def is_blank(self) -> bool:
        d = self.cleaned_data
        return not (d.get("key") or d.get("text") or d.get("responsible") or d.get("due"))


class ChangeForm(GovukMixin, forms.Form):
    reason = forms.CharField(label=_("What changed and why"), max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Say what changed and why.")},
                             help_text=_("Kept with the new version, for example: agreed at the review."))
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    review = forms.IntegerField(widget=forms.HiddenInput, required=False)


def responsible_value(activity: dict) -> str:
    return f"user:{activity['user']}" if activity.get("user") else f"role:{activity.get('role', '')}"


def _count(value, limit: int) -> int:
    try:
        return max(0, min(int(value), limit))
    except (TypeError, ValueError):
        return 0


class PlanEditor:
    """All the forms of one edit of the plan."""

    def __init__(self, data=None, *, current: dict, responsible_choices, base_version=None, review=None):
        self.bound = data is not None
        goals = current.get("goals", [])
        self.change = ChangeForm(data, initial={"base_version": base_version, "review": review},
                                 use_required_attribute=False)
        total = _count(data.get("goals-total"), MAX_GOALS + EXTRA_GOALS) if self.bound else len(goals) + EXTRA_GOALS
        self.goals: list[tuple[GoalForm, list[ActivityForm]]] = []
        self.non_field_errors: list[str] = []
        for i in range(total):
            goal = goals[i] if not self.bound and i < len(goals) else None
            initial = {k: goal[k] for k in ("key", "area", "text", "status")} if goal else None
            # An empty row (no key: not yet in the plan) left untouched is not validated, as in a formset.
            gform = GoalForm(data, prefix=f"g{i}", initial=initial, use_required_attribute=False,
                             empty_permitted=not (goal or (self.bound and data.get(f"g{i}-key"))))
            if self.bound:
                n = _count(data.get(f"g{i}-acts"), MAX_ACTIVITIES + EXTRA_ACTIVITIES)
            else:
                n = len(goal["activities"]) + EXTRA_ACTIVITIES if goal else EXTRA_ACTIVITIES
            acts = []
            for j in range(n):
                act = goal["activities"][j] if goal and j < len(goal["activities"]) else None
                a_initial = None
                if act:
                    a_initial = {"key": act["key"], "text": act["text"], "responsible": responsible_value(act),
                                 "due": datetime.date.fromisoformat(act["due"]) if act.get("due") else None}
                acts.append(ActivityForm(data, prefix=f"g{i}-a{j}", initial=a_initial,
                                         responsible_choices=responsible_choices, use_required_attribute=False,
                                         empty_permitted=not (act or (self.bound and data.get(f"g{i}-a{j}-key")))))
            self.goals.append((gform, acts))
        self._slots: list[tuple[GoalForm, list[ActivityForm]]] = []

    @property
    def total(self) -> int:
        return len(self.goals)

    def is_valid(self) -> bool:
        valid = self.change.is_valid()
        for gform, acts in self.goals:
            valid = gform.is_valid() and valid
            for a in acts:
                valid = a.is_valid() and valid
        return valid

    def submitted(self) -> list[dict]:
        """The goals as the service takes them; empty rows and removed items left out."""
        out = []
        self._slots = []
        for gform, acts in self.goals:
            g = gform.cleaned_data
            if gform.is_blank() or g.get("remove"):
                continue
            activities, used = [], []
            for a in acts:
                d = a.cleaned_data
                if a.is_blank() or d.get("remove"):
                    continue
                kind, _sep, value = (d.get("responsible") or "").partition(":")
                activities.append({"key": d.get("key") or None, "text": d.get("text", ""),
                                   "user": value if kind == "user" else None,
                                   "role": value if kind == "role" else "", "due": d.get("due")})
                used.append(a)
            out.append({"key": g.get("key") or None, "area": g.get("area", ""), "text": g.get("text", ""),
                        "status": g.get("status") or GoalStatus.OPEN, "activities": activities})
            self._slots.append((gform, used))
        return out

    def add_errors(self, exc: ValidationError) -> None:
        """Put the service's errors on the fields they are about."""
        if not hasattr(exc, "error_dict"):
            self.non_field_errors += exc.messages
            return
        for path, errors in exc.message_dict.items():
            parts = path.split(".")
            if parts[0] in ("reason", "review"):
                self.change.add_error(parts[0] if parts[0] == "reason" else None, errors)
            elif parts[0] == "goals" and len(parts) >= 3 and int(parts[1]) < len(self._slots):
                gform, acts = self._slots[int(parts[1])]
                if parts[2] == "activities" and len(parts) == 5 and int(parts[3]) < len(acts):
                    form, field = acts[int(parts[3])], parts[4]
                else:
                    form, field = gform, parts[2]
                form.add_error(field if field in form.fields and field != "key" else None, errors)
            else:
                self.non_field_errors += errors

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary at the top of the page."""
        out = [("", m) for m in self.non_field_errors]
        for i, (gform, acts) in enumerate(self.goals, start=1):
            for form, label in [(gform, gettext("Goal %(n)d") % {"n": i}),
                                *[(a, gettext("Goal %(n)d, activity %(m)d") % {"n": i, "m": j})
                                  for j, a in enumerate(acts, start=1)]]:
                for m in form.non_field_errors():
                    out.append((f"{form.prefix}-fieldset", f"{label}: {m}"))
                for field in form:
                    for m in field.errors:
                        out.append((field.id_for_label, f"{label}, {field.label}: {m}"))
        for field in self.change:
            for m in field.errors:
                out.append((field.id_for_label, f"{field.label}: {m}"))
        out += [("", m) for m in self.change.non_field_errors()]
        return out


class ReviewForm(GovukMixin, forms.Form):
    held_on = _date(_("Date of the review"))
    participants = forms.TypedMultipleChoiceField(
        label=_("Who took part"), coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Only members of the client's case team can be recorded as "
                                            "participants.")})
    conclusions = forms.CharField(label=_("Conclusions"), max_length=MAX_TEXT * 5,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    next_review_on = _date(_("Next review"), required=False)
    change_plan = forms.BooleanField(label=_("The review changes the plan: go on to edit it"), required=False)

    def __init__(self, *args, team=(), interval_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = list(team)
        self.fields["next_review_on"].help_text = _(
            "dd.mm.yyyy. Leave empty for %(n)d days after the review (the rules in force).") % {"n": interval_days}
