from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from atbalsts.accounts.steps import Step, require_step
from atbalsts.identification import access as identification_access
from atbalsts.identification import services as identification_services
from atbalsts.identification.models import LegalRepresentative
from atbalsts.lib import documents, keyset
from atbalsts.lib.views import errors_to_form as _errors_to
from atbalsts.lib.views import organisation_actor as _actor

from . import access, services
from .forms import ApplicationForm, ArchiveForm, DecisionForm, ReleaseForm
from .letter import letter_context
from .models import Signatory


def _siva(request):
    actor = _actor(request)
    if not access.is_siva(actor):
        raise Http404
    return actor


def _signatory_initial(case) -> dict:
    """Who signs, filled in where it is plain: an adult signs themself (their name); a minor's
    legal representative recorded on the case."""
    if identification_services.client_is_minor_on(case):
        representative = LegalRepresentative.objects.filter(case=case).first()
        return {"signatory": Signatory.LEGAL_REPRESENTATIVE,
                "signatory_name": representative.name if representative else ""}
    client = case.client
    return {"signatory": Signatory.PERSON, "signatory_name": f"{client.given_names} {client.surname}".strip()}


@require_http_methods(["GET", "POST"])
def apply(request, case_id):
    actor = _actor(request)
    case = identification_access.get_case(actor, case_id)
    # Not offered to an organisation that does not apply: the refusal page says who does.
    require_step(actor, Step.APPLY_TO_SIVA)
    form = ApplicationForm(request.POST or None, grounds=list(case.grounds.all()), initial=_signatory_initial(case))
    if request.method == "POST" and form.is_valid():
        try:
            app = services.submit_application(actor, case, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("Application %(ref)s sent to SIVA; the decision is due by %(date)s.")
                             % {"ref": app.reference, "date": app.deadline.strftime("%d.%m.%Y")})
            return redirect("identification:case", pk=case.pk)
    open_application = next((a for a in case.applications.order_by("-pk") if a.is_open), None)
    return render(request, "decisions/apply.html", {"form": form, "case": case, "open_application": open_application})


def _position(request) -> tuple[str, str]:
    """The page link's position: the signed ``after`` or ``before`` value, as given."""
    return request.GET.get("after", ""), request.GET.get("before", "")


def _bad_link(request, template: str, context: dict):
    """A page link the list did not make (changed, cut short, from another list): a sentence
    and a link to the first page, status 400, nothing listed."""
    return render(request, template, {**context, "page": None, "bad_cursor": True}, status=400)


@require_http_methods(["GET"])
def inbox(request):
    actor = _siva(request)
    after, before = _position(request)
    try:
        page = access.inbox_page(actor, after=after, before=before)
    except keyset.BadCursor:
        return _bad_link(request, "decisions/inbox.html", {"items": []})
    return render(request, "decisions/inbox.html", {"items": page.rows, "page": page})


@require_http_methods(["GET"])
def archive(request):
    """Decided applications, newest first, with search by number, outcome and decision period,
    paged by position. Bad input shows the form with its errors (400) and no list."""
    actor = _siva(request)
    # The search is the query without the page position; the paging links keep it.
    query = request.GET.copy()
    for name in ("after", "before", "page"):
        query.pop(name, None)
    form = ArchiveForm(query or None)
    if query and not form.is_valid():
        return render(request, "decisions/archive.html", {"form": form, "page": None}, status=400)
    data = form.cleaned_data if query else {}
    case_number, application_id = form.number_parts() if data.get("number") else ("", None)
    after, before = _position(request)
    try:
        page = access.siva_archive(actor, case_number=case_number, application_id=application_id,
                                   status=data.get("outcome") or "", decided_from=data.get("decided_from"),
                                   decided_until=data.get("decided_until"), after=after, before=before)
    except keyset.BadCursor:
        return _bad_link(request, "decisions/archive.html", {"form": form, "query": query.urlencode()})
    return render(request, "decisions/archive.html", {"form": form, "page": page, "query": query.urlencode()})


@require_http_methods(["GET", "POST"])
def queue(request):
    actor = _siva(request)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.release_capacity(actor, form.cleaned_data["service_start"])
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("%(ref)s was granted the service from the queue.")
                             % {"ref": decision.application.reference})
            return redirect("decisions:queue")
    after, before = _position(request)
    try:
        page = access.queue_page(actor, after=after, before=before)
    except keyset.BadCursor:
        return _bad_link(request, "decisions/queue.html", {"items": [], "form": form})
    return render(request, "decisions/queue.html", {"items": page.rows, "page": page, "form": form})


@require_http_methods(["GET", "POST"])
def application_detail(request, pk):
    actor = _siva(request)
    application, view = access.get_application_for_siva(actor, pk)
    form = DecisionForm(request.POST or None, initial={"signatory_position": services.last_position(actor)})
    if request.method == "POST" and form.is_valid():
        current = application.current_decision
        try:
            if current is not None and request.POST.get("correct") == "1":
                decision = services.correct_decision(actor, current, form.cleaned_data)
            else:
                decision = services.decide_application(actor, application, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _errors_to(form, exc) if isinstance(exc, ValidationError) else form.add_error(None, str(exc))
        else:
            messages.success(request, _("Decision recorded; the provider has been notified."))
            return redirect("decisions:letter", pk=decision.pk)
    return render(request, "decisions/application.html", {"app": view, "form": form})


@require_http_methods(["GET"])
def letter(request, pk):
    """The decision letter in Latvian, as issued; ``?lang=en`` shows an English translation."""
    actor = _actor(request)
    decision = access.get_decision(actor, pk)
    language = "en" if request.GET.get("lang") == "en" else "lv"
    with translation.override(language):
        return render(request, "decisions/letter.html", {
            **letter_context(decision, language), "is_siva": access.is_siva(actor),
            "letter_pdf": hasattr(decision, "letter"),
        })


@require_http_methods(["GET"])
def letter_pdf(request, pk):
    """The stored decision letter PDF: SIVA and the provider's case team; every download is recorded."""
    letter = access.get_decision_letter(_actor(request), pk)
    return documents.download(letter.content, documents.PDF, f"lemums-{letter.decision}.pdf".replace("/", "-"))


@require_http_methods(["GET"])
def siva_document(request, pk, document_id):
    """A document submitted with the application: SIVA only; every download is recorded."""
    doc = access.get_document_for_siva(_siva(request), pk, document_id)
    return documents.download(doc.content, doc.content_type, doc.file_name)


@require_http_methods(["GET"])
def siva_protocol(request, pk):
    """The evaluation protocol the commission sent with the application: SIVA only; every opening
    is recorded as a disclosure."""
    doc = access.get_protocol_for_siva(_siva(request), pk)
    return documents.download(doc.content, documents.PDF, doc.file_name)
