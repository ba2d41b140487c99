"""Pages: upload an HTCDS or CTDC file into a sandbox organisation, and follow its import.

Who may import: a service provider's organisation administrator or a statistician (the
coordinator's side), with a second factor. Only the person who started an import sees it;
everyone else gets a 404. The status page checks the next rows each time it is shown and asks
the browser to show it again a second later (a Refresh header, no script), until the file is
imported or refused; so a long import shows its progress without a background worker.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from atbalsts.accounts.actor import Actor
from atbalsts.accounts.models import Organisation, OrganisationKind, Role

from . import htcds
from .models import HtcdsImport, ImportStatus

# Rows checked per showing of the status page.
ROWS_PER_STEP = 3000


def may_import(actor: Actor | None) -> bool:
    if actor is None or actor.organisation is None or not actor.mfa_verified:
        return False
    if actor.has_role(Role.STATISTICIAN):
        return True
    return actor.has_role(Role.ORG_ADMIN) and actor.organisation.kind == OrganisationKind.SERVICE_PROVIDER


def _require_importer(request) -> Actor:
    if not may_import(request.actor):
        raise Http404
    return request.actor


class UploadForm(forms.Form):
    sandbox = forms.ModelChoiceField(
        label=_("Sandbox organisation"), queryset=Organisation.objects.none(), required=False,
        help_text=_("Imported records count only for a sandbox, never with the real organisations."))
    new_sandbox = forms.CharField(label=_("…or the name of a new sandbox organisation"), max_length=200,
                                  required=False)
    profile = forms.ChoiceField(label=_("Layout of the file"), choices=[
        ("htcds", _("HTCDS 2.0 (IOM's Human Trafficking Case Data Standard)")),
        ("ctdc", _("CTDC synthetic victim file")),
    ])
    file = forms.FileField(label=_("File (CSV or JSON, UTF-8)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sandbox"].queryset = Organisation.objects.filter(is_sandbox=True, is_active=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > htcds.MAX_FILE_BYTES:
            raise ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": htcds.MAX_FILE_BYTES // 2**20})
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".json")):
            raise ValidationError(_("Choose a file ending in .csv or .json."))
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("sandbox") and not (data.get("new_sandbox") or "").strip():
            raise ValidationError(_("Choose a sandbox organisation or name a new one."))
        return data


@require_http_methods(["GET", "POST"])
def upload(request):
    actor = _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        file_format = "json" if upload_file.name.lower().endswith(".json") else "csv"
        try:
            sandbox = form.cleaned_data["sandbox"] or htcds.sandbox_organisation(
                form.cleaned_data["new_sandbox"].strip(), create=True)
            job = htcds.start_import(actor, sandbox, upload_file.read(), file_format=file_format,
                                     profile=form.cleaned_data["profile"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("statistics_htcds:status", pk=job.pk)
    jobs = HtcdsImport.objects.filter(started_by=actor.user).select_related("organisation")[:10]
    return render(request, "statistics/htcds_upload.html", {"form": form, "jobs": jobs},
                  status=400 if form.errors else 200)


@require_GET
def status(request, pk):
    actor = _require_importer(request)
    job = HtcdsImport.objects.filter(pk=pk, started_by=actor.user).select_related("organisation").first()
    if job is None:
        raise Http404
    job = htcds.advance(job, ROWS_PER_STEP)
    share = int(100 * job.rows_checked / job.rows_total) if job.rows_total else 100
    response = render(request, "statistics/htcds_status.html", {
        "job": job, "share": share, "running": job.status == ImportStatus.VALIDATING,
        "more_errors": job.error_count - len(job.errors),
    })
    if job.status == ImportStatus.VALIDATING:
        response["Refresh"] = "1"
    return response
