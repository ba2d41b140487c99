"""Pages: each organisation's inbox and outbox, the send form, and one referral with its
timeline and the receiver's answer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from atbalsts.accounts.steps import Step, may
from atbalsts.identification import catalogue as checklists
from atbalsts.lib.views import errors_to_form
from atbalsts.people.access import clients_visible_to
from atbalsts.people.models import Client

from . import access, services
from .forms import AcceptForm, DeclineForm, OutcomeForm, SendForm
from .models import Status


def _lang() -> str:
    return get_language() or "lv"


@require_http_methods(["GET"])
def inbox(request):
    actor = access.require_user(request.actor)
    return render(request, "referrals/list.html", {
        "box": "inbox", "referrals": access.inbox(actor), "notifications": access.unread_notifications(actor),
        "may_send": may(actor, Step.SEND_REFERRAL), "types": _type_labels()})


@require_http_methods(["GET"])
def outbox(request):
    actor = access.require_user(request.actor)
    return render(request, "referrals/list.html", {
        "box": "outbox", "referrals": access.outbox(actor), "notifications": access.unread_notifications(actor),
        "may_send": may(actor, Step.SEND_REFERRAL), "types": _type_labels()})


def _type_labels() -> dict[str, str]:
    from atbalsts.policy.referral_types import referral_types_on

    lv = _lang().startswith("lv")
    return {t.code: (t.label_lv if lv else t.label_en) for t in referral_types_on(timezone.localdate()).types}


def _own_client(actor, case_number: str) -> Client | None:
    if not case_number:
        return None
    client = clients_visible_to(actor).filter(case_number=case_number.strip()).first()
    if client is None:
        raise ValidationError({"client_case_number": _("None of your clients has this case number.")})
    return client


@require_http_methods(["GET", "POST"])
def send(request):
    actor = access.require_user(request.actor)
    if not may(actor, Step.SEND_REFERRAL):
        raise Http404
    form = SendForm(actor, request.POST or None)
    travel = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            client = _own_client(actor, d["client_case_number"])
            rtype = services.referral_types_on(timezone.localdate()).get(d["type_code"])
            travel = services.what_travels(rtype, d["recipient"], client)
            if "send" in request.POST:
                referral = services.send_referral(
                    actor, recipient=d["recipient"], type_code=d["type_code"], client=client,
                    indicators=d["indicators"], message=d["message"], contact=form.contact())
                messages.success(request, _("Referral %(ref)s sent to %(org)s.") % {
                    "ref": referral.reference, "org": referral.recipient})
                return redirect("referrals:detail", referral.reference)
        except (ValidationError, PermissionDenied) as exc:
            errors_to_form(form, exc)
    return render(request, "referrals/send.html", {"form": form, "travel": travel, "lang": _lang()})


def _timeline(referral) -> list[dict]:
    rows = [{"what": _("Sent"), "at": referral.sent_at, "org": referral.sender}]
    if referral.seen_at:
        rows.append({"what": _("Seen by the recipient"), "at": referral.seen_at, "org": referral.recipient})
    if referral.answered_at:
        rows.append({"what": _("Accepted") if referral.status != Status.DECLINED else _("Declined"),
                     "at": referral.answered_at, "org": referral.recipient,
                     "detail": referral.get_decline_reason_display() if referral.decline_reason else ""})
    if referral.outcome_at:
        rows.append({"what": _("Outcome recorded"), "at": referral.outcome_at, "org": referral.recipient,
                     "detail": referral.get_outcome_display()})
    return rows


def _content_rows(content: dict, lang: str) -> list[tuple[str, list[str]]]:
    """What travelled, as labelled lines (labels, never raw codes, where the code is known)."""
    from atbalsts.identification.models import Ground
    from atbalsts.policy.referral_types import INFO_CATEGORIES

    lv = lang.startswith("lv")
    criteria_items = [(c, a, b) for g in checklists.CRITERIA_GROUPS for c, a, b in g.items]
    rows = []
    for code, value in content.items():
        info = INFO_CATEGORIES.get(code)
        title = (info.label_lv if lv else info.label_en) if info else code
        if code == "identity":
            born = value.get("birth_date") or ""
            if born:
                born = timezone.datetime.fromisoformat(born).strftime("%d.%m.%Y")
            lines = [f"{value.get('given_names', '')} {value.get('surname', '')}".strip(), born]
        elif code == "contact":
            names = {"name": _("Name"), "phone": _("Phone"), "email": _("E-mail"), "note": _("Note")}
            lines = [f"{names.get(k, k)}: {v}" for k, v in value.items()]
        elif code == "indicators":
            lines = [checklists.label(checklists.INDICATORS, c, lang) for c in value.get("indicators", [])]
            lines += [checklists.label(criteria_items, c, lang) for c in value.get("criteria", [])]
        elif code == "summary":
            lines = []
            for key, v in value.items():
                items = v if isinstance(v, list) else [v]
                shown = [checklists.label(checklists.EXPLOITATION_FORMS, i, lang) if key == "forms" else i
                         for i in items]
                lines.append(f"{_summary_key(key)}: {', '.join(shown)}")
        elif code == "findings":
            lines = [f"{Ground(f['ground']).label} ({_d(f['recorded_on'])})" for f in value]
        elif code == "course":
            lines = [f"{_d(c['start'])} – {_d(c['end']) if c['end'] else _('ongoing')}" for c in value]
        elif code == "message":
            lines = [value]
        else:
            lines = [str(value)]
        rows.append((title, [line for line in lines if line]))
    return rows


def _d(iso: str) -> str:
    return timezone.datetime.fromisoformat(iso).strftime("%d.%m.%Y") if iso else ""


def _summary_key(key: str) -> str:
    return {"channel": _("Channel"), "caller_type": _("Who contacted"), "topics": _("Topics"),
            "forms": _("Forms of exploitation"), "country": _("Country"), "language": _("Language"),
            "age_group": _("Age group"), "sex": _("Sex")}.get(key, key)


def _page(request, referral, forms=None):
    actor = request.actor
    side = access.side(actor, referral)
    forms = forms or {}
    answering = side == "recipient" and may(actor, Step.ANSWER_REFERRAL)
    return render(request, "referrals/detail.html", {
        "referral": referral, "side": side, "timeline": _timeline(referral),
        "content": _content_rows(access.visible_content(actor, referral), _lang()),
        "type_label": services.type_label(referral.type_code, _lang()),
        "may_answer": answering and referral.status == Status.SENT,
        "may_record_outcome": answering and referral.status == Status.ACCEPTED,
        "accept_form": forms.get("accept") or AcceptForm(), "decline_form": forms.get("decline") or DeclineForm(),
        "outcome_form": forms.get("outcome") or OutcomeForm(),
    })


@require_http_methods(["GET"])
def detail(request, reference):
    actor = access.require_user(request.actor)
    referral = access.get_referral(actor, reference)
    services.mark_seen(actor, referral)
    return _page(request, referral)


def _answer(request, reference, form_class, key, act, done_message):
    actor = access.require_user(request.actor)
    referral = access.get_referral(actor, reference)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(actor, referral, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, done_message % {"ref": referral.reference})
            return redirect("referrals:detail", referral.reference)
    return _page(request, referral, {key: form})


@require_POST
def accept(request, reference):
    return _answer(request, reference, AcceptForm, "accept",
                   lambda a, r, d: services.accept_referral(a, r, note=d["note"]),
                   _("Referral %(ref)s accepted; the sender has been notified."))


@require_POST
def decline(request, reference):
    return _answer(request, reference, DeclineForm, "decline",
                   lambda a, r, d: services.decline_referral(a, r, reason=d["reason"], note=d["note"]),
                   _("Referral %(ref)s declined; the sender has been notified."))


@require_POST
def outcome(request, reference):
    return _answer(request, reference, OutcomeForm, "outcome",
                   lambda a, r, d: services.record_outcome(a, r, outcome=d["outcome"], note=d["note"]),
                   _("The outcome of referral %(ref)s is recorded."))
