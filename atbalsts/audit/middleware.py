"""One append for the audit events of one request (ADR 0022, "Batched appends")."""

from __future__ import annotations

from .log import batched


class BatchedAuditMiddleware:
    """The reads a page records (a course, its services, its after-care) are appended together
    when the response is ready and before it leaves, in one transaction: one commit instead of
    one per event. Events of changes are appended in their own transactions as before; see
    ``log.batched``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with batched():
            return self.get_response(request)
