"""Two harness-only addresses on top of Atbalsts' own (deploy/multihost/run.sh).

The load test needs a write whose every acknowledgement can be counted afterwards, and no
product page gives that without a signed-in user with a second factor. So the harness adds:

    POST /_probe/write/   header Idempotency-Key: <token>   -> inserts one row (once per token)
    GET  /_probe/read/<token>/                              -> is it on the primary? on the replica?

They run inside the same gunicorn, Django middleware stack, database settings (router,
PgBouncer) as the product pages. The table ``multihost_probe`` is created by run.sh, outside
Django's migrations. This module is never imported by the product.
"""

import json
import os
import re
import socket

from django.contrib.auth.decorators import login_not_required
from django.db import connections, transaction
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from atbalsts.urls import urlpatterns as atbalsts_urlpatterns

TOKEN = re.compile(r"^[A-Za-z0-9-]{8,64}$")
HOST = os.environ.get("MULTIHOST_NAME") or socket.gethostname()


def _json(data, status=200):
    return HttpResponse(json.dumps(data), content_type="application/json", status=status)


@csrf_exempt
@login_not_required
@require_POST
def write(request):
    token = request.headers.get("Idempotency-Key", "")
    if not TOKEN.match(token):
        return _json({"error": "Idempotency-Key missing"}, status=400)
    # Idempotent: a retried request (the balancer re-sends it when a host dies mid-request)
    # finds its row instead of writing a second one.
    with transaction.atomic(using="default"), connections["default"].cursor() as cursor:
        cursor.execute(
            "INSERT INTO multihost_probe (token, host) VALUES (%s, %s) ON CONFLICT (token) DO NOTHING",
            [token, HOST],
        )
        cursor.execute("SELECT id FROM multihost_probe WHERE token = %s", [token])
        (row_id,) = cursor.fetchone()
    return _json({"id": row_id, "token": token, "served_by": HOST})


@login_not_required
@require_GET
def read(request, token):
    found = {}
    for alias in ("default", "replica"):
        if alias not in connections.settings:
            continue
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1 FROM multihost_probe WHERE token = %s", [token])
            found[alias] = cursor.fetchone() is not None
    return _json({"primary": found.get("default"), "replica": found.get("replica"), "served_by": HOST})


urlpatterns = [
    path("_probe/write/", write),
    path("_probe/read/<str:token>/", read),
    *atbalsts_urlpatterns,
]
