from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from atbalsts.accounts.actor import CASEWORK_ROLES
from atbalsts.accounts.models import User
from atbalsts.lib import documents

from . import access, caseload, services
from .forms import ClientForm, ClientListForm, ConsentForm, FamilyMemberForm, TeamMemberForm
from .models import ConsentCategory
from .services import CLIENT_FIELDS


def _casework_actor(request):
    actor = request.actor
    if actor is None or not actor.may_open_personal_data:
        raise Http404
    return actor


def _form_errors_to(form, exc: ValidationError):
    for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        form.add_error(field if field in form.fields else None, errors)


# The search form posts: a name, birth date or personal code typed into it must never become part
# of a URL, which access logs, proxies and the browser's history keep (ADR 0017). A query string
# is ignored here, so an old bookmark with ?q= shows the plain list and searches nothing.
SEARCH_MAX_LENGTH = 200


@require_http_methods(["GET", "POST"])
def client_list(request):
    actor = _casework_actor(request)
    if request.method == "POST":
        q = request.POST.get("q", "").strip()[:SEARCH_MAX_LENGTH]
        if q:
            result = access.find_clients(actor, q)
            return render(request, "people/client_list.html", {
                "clients": result.clients, "found": len(result.clients), "q": q, "search": result,
                "search_note": result.note(), "min_letters": result.min_letters,
                "form": ClientListForm(colleagues=_colleagues(actor.organisation))},
                status=200 if result.searched else 400)
        return redirect("people:list")
    form = ClientListForm(request.GET, colleagues=_colleagues(actor.organisation))
    context = {"form": form, "q": "", "clients": [], "page": None,
               "min_letters": access.search_rules().prefix_min_letters}
    if not form.is_valid():
        return render(request, "people/client_list.html", context, status=400)
    filters = form.filters()
    try:
        page = access.client_page(actor, filters, after=_cursor(request, "after"), before=_cursor(request, "before"))
    except caseload.BadCursor:
        context["bad_cursor"] = True
        return render(request, "people/client_list.html", context, status=400)
    context.update(clients=page.clients, page=page, filters=filters, query=_filter_query(form))
    return render(request, "people/client_list.html", context)


# A signed cursor of three short values is far below this; anything longer is not ours.
CURSOR_MAX_LENGTH = 300


def _cursor(request, name: str) -> str:
    value = request.GET.get(name, "")
    if len(value) > CURSOR_MAX_LENGTH:
        raise caseload.BadCursor
    return value


def _filter_query(form) -> str:
    """The filters as they stand, for the page links (which add only the position)."""
    kept = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)}
    if "aftercare_open" in kept:
        kept["aftercare_open"] = "on"
    return urlencode(kept)


def _colleagues(organisation):
    return (
        User.objects.filter(memberships__organisation=organisation, memberships__is_active=True,
                            memberships__role__in=CASEWORK_ROLES)
        .distinct().order_by("last_name", "first_name", "pk")
    )


@require_http_methods(["GET", "POST"])
def client_create(request):
    actor = _casework_actor(request)
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.create_client(actor, form.cleaned_data)
        except ValidationError as exc:
            _form_errors_to(form, exc)
        else:
            messages.success(request, _("Client %(case)s created.") % {"case": client.case_number})
            return redirect("people:detail", case_number=client.case_number)
    return render(request, "people/client_form.html", {"form": form, "client": None})


@require_http_methods(["GET"])
def client_detail(request, case_number):
    actor = _casework_actor(request)
    client, team, consents = access.open_client_file(actor, case_number)
    return render(
        request,
        "people/client_detail.html",
        {
            "client": client,
            "family": access.family_of_opened(client),
            "identification_cases": access.identification_cases_of_opened(client),
            "team": team,
            "consents": consents,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def client_edit(request, case_number):
    actor = _casework_actor(request)
    client = access.get_client(actor, case_number)
    initial = {name: getattr(client, name) for name in CLIENT_FIELDS}
    form = ClientForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_client(actor, client, form.cleaned_data)
        except ValidationError as exc:
            _form_errors_to(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:detail", case_number=client.case_number)
    return render(request, "people/client_form.html", {"form": form, "client": client})


@require_http_methods(["GET", "POST"])
def family_add(request, case_number):
    actor = _casework_actor(request)
    client = access.get_client(actor, case_number)
    form = FamilyMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_family_member(actor, client, form.cleaned_data)
        except ValidationError as exc:
            _form_errors_to(form, exc)
        else:
            messages.success(request, _("Family member added."))
            return redirect("people:detail", case_number=client.case_number)
    return render(request, "people/family_form.html", {"form": form, "client": client})


@require_POST
def family_remove(request, case_number, member_id):
    actor = _casework_actor(request)
    client = access.get_client(actor, case_number)
    member = get_object_or_404(client.family, pk=member_id)
    services.remove_family_member(actor, client, member)
    messages.success(request, _("Family member removed."))
    return redirect("people:detail", case_number=client.case_number)


@require_http_methods(["GET", "POST"])
def team_add(request, case_number):
    actor = _casework_actor(request)
    client = access.get_client(actor, case_number)
    colleagues = (
        User.objects.filter(
            memberships__organisation=client.organisation,
            memberships__is_active=True,
            memberships__role__in=CASEWORK_ROLES,
        )
        .exclude(case_teams__client=client)
        .distinct()
        .order_by("last_name", "first_name")
    )
    form = TeamMemberForm(request.POST or None, colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_to_case_team(actor, client, form.cleaned_data["user"])
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "messages", [str(exc)]))
        else:
            messages.success(request, _("Colleague added to the case team."))
            return redirect("people:detail", case_number=client.case_number)
    return render(request, "people/team_form.html", {"form": form, "client": client})


# --- consent to share ---------------------------------------------------------------------


@require_http_methods(["GET"])
def consent_list(request, case_number):
    actor = _casework_actor(request)
    client = access.get_client(actor, case_number)
    return render(request, "people/consent_list.html", {
        "client": client, "consents": access.consents_of(actor, client), "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
def consent_new(request, case_number):
    actor = _casework_actor(request)
    client = access.get_client(actor, case_number)
    form = ConsentForm(request.POST or None, request.FILES or None, client=client,
                       initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "signed_form"}
        try:
            consent = services.record_consent(actor, client, data, form.cleaned_data.get("signed_form"))
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, ValidationError):
                _form_errors_to(form, exc)
            else:
                form.add_error(None, str(exc))
        else:
            messages.success(request, _("Consent to share with %(org)s recorded.") % {"org": consent.recipient})
            return redirect("people:consents", case_number=client.case_number)
    return render(request, "people/consent_form.html", {"form": form, "client": client})


@require_POST
def consent_withdraw(request, case_number, pk):
    actor = _casework_actor(request)
    client = access.get_client(actor, case_number)
    consent = access.get_consent(actor, pk, case_number)
    try:
        services.withdraw_consent(actor, client, consent)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Consent withdrawn: %(org)s can no longer see this client's information.")
                         % {"org": consent.recipient})
    return redirect("people:consents", case_number=client.case_number)


@require_http_methods(["GET"])
def consent_form_download(request, case_number, pk):
    _consent, document = access.get_consent_form(_casework_actor(request), pk, case_number)
    extension = documents.EXTENSIONS.get(document.content_type, "bin")
    return documents.download(document.content, document.content_type,
                              f"piekrisana-{case_number}-{pk}.{extension}")


@require_http_methods(["GET"])
def shared_list(request):
    """Clients of other organisations whose consent names ours: case numbers and categories."""
    entries = access.shared_with_us(_casework_actor(request))
    return render(request, "people/shared_list.html", {"entries": entries, "C": ConsentCategory})


@require_http_methods(["GET"])
def shared_client(request, case_number):
    shared = access.get_shared_client(_casework_actor(request), case_number)
    return render(request, "people/shared_client.html", {"shared": shared, "C": ConsentCategory})
