from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atbalsts.accounts.models import User
from atbalsts.people.models import CaseTeamMember

from . import access, diff, services
from .catalogue import RESPONSIBLE_ROLES, Area, area_label, role_label, status_label
from .forms import PlanEditor, ReviewForm


def _actor(request):
    actor = request.actor
    if actor is None or not actor.may_open_personal_data:
        raise Http404
    return actor


def _name(user) -> str:
    return user.get_full_name() or user.username


def _team(client) -> list[CaseTeamMember]:
    return list(CaseTeamMember.objects.filter(client=client).select_related("user").order_by("user__last_name",
                                                                                          "user__username"))


def _names(*contents: dict) -> dict[int, str]:
    ids = {a["user"] for c in contents for g in c.get("goals", []) for a in g["activities"] if a.get("user")}
    return {u.pk: _name(u) for u in User.objects.filter(pk__in=ids)}


def labelled(content: dict, names: dict[int, str], *, with_names: bool = True) -> dict:
    """The content with the labels a page shows: area, status, who is responsible, dates."""
    goals = []
    for g in content.get("goals", []):
        acts = []
        for a in g["activities"]:
            who = role_label(a.get("role", ""))
            if a.get("user") and with_names:
                who = f"{names.get(a['user'], '?')} ({who})"
            acts.append({**a, "responsible_label": who, "due_date": diff.due_of(a)})
        goals.append({**g, "area_label": area_label(g["area"]), "status_label": status_label(g["status"]),
                      "activities": acts})
    return {"goals": goals}


def by_area(content: dict) -> list[tuple[str, list[dict]]]:
    """Goals grouped by area, in the catalogue's order of areas."""
    out = []
    for code, label in Area.choices:
        goals = [g for g in content["goals"] if g["area"] == code]
        if goals:
            out.append((str(label), goals))
    return out


@require_http_methods(["GET"])
def plan(request, case_number):
    actor = _actor(request)
    view = access.open_plan(actor, case_number)
    content = labelled(view.data, _names(view.data))
    return render(request, "plans/plan.html", {
        "client": view.client, "plan": view.plan, "version": view.version, "areas": by_area(content),
        "today": timezone.localdate(),
    })


def _responsible_choices(team: list[CaseTeamMember], current: dict):
    on_team = {m.user_id for m in team}
    people = [(f"user:{m.user_id}", f"{_name(m.user)} ({m.get_role_display()})") for m in team]
    # Someone named earlier who has since left the team stays selectable for their own activities.
    gone = _names(current)
    people += [(f"user:{pk}", _("%(name)s (no longer on the case team)") % {"name": name})
               for pk, name in gone.items() if pk not in on_team]
    roles = [(f"role:{r}", role_label(r)) for r in RESPONSIBLE_ROLES]
    return [(_("Case team"), people), (_("A role"), roles)]


@require_http_methods(["GET", "POST"])
def edit(request, case_number):
    actor = _actor(request)
    view = access.open_plan(actor, case_number)
    review = None
    review_id = request.POST.get("review") or request.GET.get("review")
    if review_id:
        try:
            review = access.get_review(actor, case_number, int(review_id))
        except ValueError as exc:
            raise Http404 from exc
    choices = _responsible_choices(_team(view.client), view.data)
    editor = PlanEditor(request.POST if request.method == "POST" else None, current=view.data,
                        responsible_choices=choices, base_version=view.version.number if view.version else None,
                        review=review.pk if review else None)
    if request.method == "POST" and editor.is_valid():
        try:
            version = services.save_plan_version(
                actor, view.client, editor.submitted(), editor.change.cleaned_data.get("reason") or "",
                base_version=editor.change.cleaned_data.get("base_version"), review=review)
        except ValidationError as exc:
            editor.add_errors(exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Version %(n)d of the plan saved.") % {"n": version.number})
            return redirect("plans:plan", case_number=view.client.case_number)
    return render(request, "plans/edit.html", {
        "client": view.client, "version": view.version, "editor": editor, "review": review,
        "errors": editor.error_summary() if request.method == "POST" else [],
    }, status=200)


@require_http_methods(["GET"])
def versions(request, case_number):
    actor = _actor(request)
    client, items = access.list_versions(actor, case_number)
    return render(request, "plans/versions.html", {"client": client, "versions": items})


@require_http_methods(["GET"])
def version_detail(request, case_number, number):
    actor = _actor(request)
    client, version = access.get_version(actor, case_number, number)
    content = labelled(version.data, _names(version.data))
    return render(request, "plans/version.html", {"client": client, "version": version,
                                                  "areas": by_area(content)})


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_http_methods(["GET"])
def compare(request, case_number):
    actor = _actor(request)
    a, b = _number(request.GET.get("a")), _number(request.GET.get("b"))
    client, items = access.list_versions(actor, case_number)
    numbers = [v.number for v in items]
    if a is None or b is None:
        if len(numbers) < 2:
            return redirect("plans:versions", case_number=client.case_number)
        a, b = numbers[1], numbers[0]
    client, va, vb = access.compare_versions(actor, case_number, a, b)
    names = _names(va.data, vb.data)
    changes = diff.compare(labelled(va.data, names), labelled(vb.data, names))
    return render(request, "plans/compare.html", {
        "client": client, "a": va, "b": vb, "changes": changes, "summary": diff.summarise(changes),
        "numbers": numbers,
    })


@require_http_methods(["GET", "POST"])
def reviews(request, case_number):
    actor = _actor(request)
    view, items = access.list_reviews(actor, case_number)
    team = [(m.user_id, f"{_name(m.user)} ({m.get_role_display()})") for m in _team(view.client)]
    today = timezone.localdate()
    form = ReviewForm(request.POST or None, team=team, interval_days=services.review_interval(today),
                      initial={"held_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            review = services.record_review(actor, view.client, form.cleaned_data)
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Review of %(date)s recorded; the next review is due on %(next)s.") % {
                "date": review.held_on.strftime("%d.%m.%Y"), "next": review.next_review_on.strftime("%d.%m.%Y")})
            if form.cleaned_data.get("change_plan"):
                return redirect(f"{reverse('plans:edit', args=[view.client.case_number])}?review={review.pk}")
            return redirect("plans:reviews", case_number=view.client.case_number)
    return render(request, "plans/reviews.html", {"client": view.client, "plan": view.plan, "reviews": items,
                                                  "form": form, "today": today})


@require_http_methods(["GET"])
def shared(request, case_number):
    """Read-only: the current plan for an organisation the person consented to share it with."""
    actor = _actor(request)
    view = access.shared_plan(actor, case_number)
    content = labelled(view.data, {}, with_names=False)
    return render(request, "plans/shared.html", {"client": view.client, "version": view.version,
                                                 "areas": by_area(content)})
