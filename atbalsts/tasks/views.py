"""Pages: the task list with the reminders of every stage, a form for an own task."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from atbalsts.lib.views import errors_to_form as _errors_to
from atbalsts.lib.views import organisation_actor as _actor

from . import access, services
from .forms import DigestLanguageForm, TaskForm
from .models import DigestPreference


@require_http_methods(["GET", "POST"])
def task_list(request):
    actor = _actor(request)
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_task(actor, form.cleaned_data)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("Task added."))
            return redirect("tasks:list")
    today = timezone.localdate()
    pref = DigestPreference.objects.filter(user=actor.user).first()
    language_form = DigestLanguageForm(initial={"language": pref.language if pref else "lv"})
    page = access.task_page(actor, today)
    return render(request, "tasks/list.html", {
        "page": page, "items": page.items, "done": access.recently_done(actor), "form": form,
        "language_form": language_form, "today": today,
    }, status=400 if form.errors else 200)


@require_POST
def task_done(request, pk):
    actor = _actor(request)
    task = access.get_task(actor, pk)
    done = request.POST.get("done", "1") != "0"
    services.set_done(actor, task, done)
    messages.success(request, _("Task marked done.") if done else _("Task opened again."))
    return redirect("tasks:list")


@require_POST
def digest_language(request):
    actor = _actor(request)
    form = DigestLanguageForm(request.POST)
    if form.is_valid():
        services.set_digest_language(actor, form.cleaned_data["language"])
        messages.success(request, _("The language of the daily e-mail was saved."))
    else:
        messages.error(request, _("Choose Latvian or English."))
    return redirect("tasks:list")
