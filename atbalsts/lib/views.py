"""Small helpers shared by the staff pages of every stage."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404


def organisation_actor(request):
    """The signed-in actor acting for an organisation; anyone else gets the same 404 as for a
    page that does not exist."""
    actor = getattr(request, "actor", None)
    if actor is None or actor.organisation is None:
        raise Http404
    return actor


# Far beyond any real list (50 rows a page), far below the database's 64-bit offsets.
MAX_PAGE_NUMBER = 100_000


def page_number(value: str | None) -> int:
    """The page asked for in the address, between 1 and MAX_PAGE_NUMBER; anything that is not
    a number is page 1. A page past the end simply shows no rows."""
    try:
        number = int(value or "1")
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE_NUMBER)


def errors_to_form(form, exc: ValidationError | PermissionDenied) -> None:
    """Put a service function's refusal on the form: field messages next to their fields, the
    rest at the top. Nothing was saved (the service's transaction rolled back)."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
        return
    for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        form.add_error(field if field in form.fields else None, errors)
