"""Time the client pages and API against whatever bench/generate.py loaded.

    python bench/measure.py [--repeat 50] [--database-url postgres://...] [--explain]

Requests run in-process through Django's test ``Client`` (the whole middleware stack:
sessions, MFA check, actor lookup, axes, CSP), signed in as ``bench_sw`` with
``force_login``. Each request reads through the access functions and so writes its audit
event (hash chain, locked head row): that is part of what a request costs and is measured.
Every kind of request is repeated R times with varied targets (different clients, surnames,
birth dates, pages) after a few warm-up requests, and reported as p50/p95 wall time in ms and
the number of SQL queries (``CaptureQueriesContext``). ``--explain`` also prints EXPLAIN
ANALYZE of the slowest SELECT of each kind (PostgreSQL only).
"""

from __future__ import annotations

import argparse
import base64
import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

# BENCH_APP_ROOT: measure another checkout's code with this harness (e.g. main's, for a "before").
ROOT = Path(os.environ.get("BENCH_APP_ROOT") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))

BENCH_ORG = "Bench provider (synthetic data)"
BENCH_USER = "bench_sw"
BENCH_MUNICIPAL_ORG = "Bench municipal social service (synthetic data)"
WARMUP = 3


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", "-r", type=int, default=50, help="requests of each kind (default 50)")
    p.add_argument("--database-url", help="overrides DATABASE_URL")
    p.add_argument("--seed", type=int, default=7, help="random seed for the choice of targets")
    p.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest SELECT of each kind")
    p.add_argument("--only", default="",
                   help="measure only the request kinds whose name contains this text (several: comma-separated)")
    p.add_argument("--no-clients", action="store_true", help="skip the client list/search/detail kinds")
    return p.parse_args(argv)


def setup_django(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("ATBALSTS_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atbalsts.settings")
    import django

    django.setup()


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def sample_targets(org, n: int, rng: random.Random) -> list:
    """n bench clients spread over the whole table, decrypted (by the model) for their names."""
    from atbalsts.people.models import Client

    ids = list(Client.objects.filter(organisation=org).order_by("pk").values_list("pk", flat=True)[:1])
    last = Client.objects.filter(organisation=org).order_by("-pk").values_list("pk", flat=True).first()
    if not ids or last is None:
        raise SystemExit("No bench clients: run bench/generate.py first.")
    first = ids[0]
    picked = sorted({rng.randint(first, last) for _ in range(n * 2)})
    clients = list(Client.objects.filter(organisation=org, pk__in=picked))
    rng.shuffle(clients)
    return clients[:n]


# Random pages are drawn from the first this many: each needs its row looked up beforehand.
MAX_RANDOM_PAGE = 200


def build_requests(targets: list, pages: int, rng: random.Random, ordered=()) -> dict[str, list[str]]:
    """``ordered``: the bench user's clients newest first, as far as the deepest page asked for."""
    from atbalsts.lib.crypto import tokens
    from atbalsts.people import caseload
    from atbalsts.people.api import ClientListPaging

    def surname_prefix(c, letters: int | None = None) -> str:
        # 3 to 6 letters of the longest part of the surname (the search needs at least 3).
        # Some surnames have no part that long once normalised ('Ильин' -> 'il in', see
        # README): those fall back to the given names, so every request really searches.
        word = max(tokens(c.surname), key=len, default="")
        if len(word) < 3:
            word = max(tokens(c.given_names), key=len)
        return word[: letters or rng.randint(3, 6)]

    def lv_date(c) -> str:
        return c.birth_date.strftime("%d.%m.%Y")

    # Pages are found by position (keyset), not by number: a deep page's link names the last row
    # of the page before it. The rows at those depths are looked up once here, outside the timing.
    def row_at(page: int):
        return ordered[(page - 1) * 50 - 1] if page > 1 else None

    def html_link(page: int) -> str:
        row = row_at(page)
        return "/clients/" if row is None else "/clients/?" + urlencode({"after": caseload.make_cursor("newest", row)})

    def api_link(page: int) -> str:
        # The API pages with the client page's keyset: "n." and the signed sort values of the last
        # row seen (before w-api: DRF's cursor, the opening time of that row; kept for measuring
        # an older checkout with BENCH_APP_ROOT).
        row = row_at(page)
        if row is None:
            return "/api/clients/"
        if hasattr(ClientListPaging, "position"):
            return "/api/clients/?" + urlencode({"cursor": "n." + caseload.make_cursor("newest", row)})
        token = base64.b64encode(urlencode({"p": str(row.created_at)}).encode("ascii")).decode("ascii")
        return "/api/clients/?" + urlencode({"cursor": token})

    def page_no() -> int:
        return rng.randint(2, max(2, min(pages, MAX_RANDOM_PAGE)))

    deep = min(50, pages)  # page 50, or the last page if there are fewer
    return {
        "client list": ["/clients/" for _ in targets],
        f"client list page {deep}": [html_link(deep) for _ in targets],
        "client list random page": [html_link(page_no()) for _ in targets],
        "search surname prefix": [("/clients/", surname_prefix(c)) for c in targets],
        "search 3-letter prefix": [("/clients/", surname_prefix(c, 3)) for c in targets],
        "search birth date": [("/clients/", lv_date(c)) for c in targets],
        "search case number": [("/clients/", c.case_number) for c in targets],
        "client detail": [f"/clients/{c.case_number}/" for c in targets],
        "api list": ["/api/clients/" for _ in targets],
        f"api list page {deep}": [api_link(deep) for _ in targets],
        "api search surname": [("/api/clients/search/", surname_prefix(c)) for c in targets],
        "api search 3 letters": [("/api/clients/search/", surname_prefix(c, 3)) for c in targets],
        "api search birth date": [("/api/clients/search/", c.birth_date.isoformat()) for c in targets],
        "api detail": [f"/api/clients/{c.case_number}/" for c in targets],
    }


# The casework pages (bench/generate.py --casework): who asks, and for what.
CASEWORK_USERS = ("bench_sw", "bench_siva", "bench_mw", "bench_admin")


def casework_requests(repeat: int, rng: random.Random) -> dict[str, tuple[str, list[str]]]:
    """Request kind -> (username, URLs), for the casework pages; {} when no casework was loaded."""
    from atbalsts.accounts.models import User
    from atbalsts.audit.models import AuditEvent
    from atbalsts.decisions.models import Application, ApplicationStatus
    from atbalsts.identification.models import Case
    from atbalsts.municipal.models import MunicipalCase
    from atbalsts.plans.models import Plan
    from atbalsts.rehabilitation.models import Course

    if User.objects.filter(username__in=CASEWORK_USERS).count() < len(CASEWORK_USERS):
        return {}

    def some(qs, n=repeat):
        # Random rows, chosen outside the timing; repeated if there are fewer than n.
        rows = list(qs.order_by("?")[:n])
        return [rows[i % len(rows)] for i in range(n)] if rows else []

    org = {"organisation__name": BENCH_ORG}
    decided = some(Application.objects.filter(**org).exclude(status=ApplicationStatus.RECEIVED).only("pk"))
    waiting = some(Application.objects.filter(**org, status=ApplicationStatus.RECEIVED).only("pk"))
    cases = some(Case.objects.filter(**org).only("pk"))
    plans = some(Plan.objects.filter(**org).select_related("client").only("client__case_number"))
    courses = some(Course.objects.filter(**org).select_related("client").only("client__case_number"))
    municipal = some(MunicipalCase.objects.filter(organisation__name=BENCH_MUNICIPAL_ORG).only("pk"))
    admin_org = User.objects.get(username="bench_admin").memberships.values_list("organisation_id", flat=True)[0]
    # A deep page of the trail: the position of a random event of the organisation (the page is
    # paged by position, issue 14), the same link the page's "next" would carry there.
    from atbalsts.audit.views import ORDER as AUDIT_ORDER

    trail = AuditEvent.objects.filter(organisation_id=admin_org).order_by(*AUDIT_ORDER.order_by())
    trail_size = trail.count()
    audit_deep = [trail[rng.randint(0, trail_size - 1)] for _ in range(min(repeat, 20))] if trail_size else []
    same = [None] * repeat
    # The month before this one, as the report page opens (reports.views.last_month).
    end = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
    month = (end.replace(day=1).isoformat(), end.isoformat())
    out = {
        "start page sw": ("bench_sw", ["/" for _ in same]),
        "task list": ("bench_sw", ["/tasks/" for _ in same]),
        "period report sw": ("bench_sw", ["/reports/" for _ in same]),
        "identification case": ("bench_sw", [f"/identification/{c.pk}/" for c in cases]),
        "course page": ("bench_sw", [f"/rehabilitation/{c.client.case_number}/" for c in courses]),
        "plan page": ("bench_sw", [f"/plans/{p.client.case_number}/" for p in plans]),
        "start page siva": ("bench_siva", ["/" for _ in same]),
        "siva inbox": ("bench_siva", ["/decisions/inbox/" for _ in same]),
        "siva queue": ("bench_siva", ["/decisions/queue/" for _ in same]),
        "siva archive": ("bench_siva", ["/decisions/archive/" for _ in same]),
        "siva decided application": ("bench_siva", [f"/decisions/applications/{a.pk}/" for a in decided]),
        "siva waiting application": ("bench_siva", [f"/decisions/applications/{a.pk}/" for a in waiting]),
        "start page municipal": ("bench_mw", ["/" for _ in same]),
        "municipal case list": ("bench_mw", ["/municipal/" for _ in same]),
        "municipal case": ("bench_mw", [f"/municipal/cases/{c.pk}/" for c in municipal]),
        "start page admin": ("bench_admin", ["/" for _ in same]),
        "period report admin": ("bench_admin", ["/reports/" for _ in same]),
        "audit list": ("bench_admin", ["/audit/" for _ in same]),
        "audit list random page": ("bench_admin",
                                   ["/audit/?" + urlencode({"after": AUDIT_ORDER.make(rng.choice(audit_deep))})
                                    for _ in same] if audit_deep else []),
        # The API's lists, each as the user who would call it (the first page; JSON).
        "api siva inbox": ("bench_siva", ["/api/decisions/siva-inbox/" for _ in same]),
        "api siva queue": ("bench_siva", ["/api/decisions/siva-inbox/queue/" for _ in same]),
        "api identification cases": ("bench_sw", ["/api/identification/cases/" for _ in same]),
        "api tasks": ("bench_sw", ["/api/tasks/" for _ in same]),
        "api referrals inbox": ("bench_sw", ["/api/referrals/inbox/" for _ in same]),
        "api referrals outbox": ("bench_sw", ["/api/referrals/outbox/" for _ in same]),
        "api consents shared with us": ("bench_sw", ["/api/consents/shared-with-us/" for _ in same]),
        "api period report": ("bench_sw", [f"/api/reports/period/?start={month[0]}&end={month[1]}" for _ in same]),
        "api municipal cases": ("bench_mw", ["/api/municipal/cases/" for _ in same]),
        "api municipal requests": ("bench_mw", ["/api/municipal/requests/" for _ in same]),
    }
    return {name: (user, urls) for name, (user, urls) in out.items() if urls}


def fetch(http, request):
    """GET a page, or POST a search: search terms travel in the body, never the URL (ADR 0017)."""
    if isinstance(request, tuple):
        url, q = request
        return http.post(url, {"q": q})
    return http.get(request)


def casework_counts() -> str:
    """How much casework the database holds (whole tables: the bench's and anything else's)."""
    from atbalsts.audit.models import AuditEvent
    from atbalsts.decisions.models import Application, Decision
    from atbalsts.identification.models import Case
    from atbalsts.municipal.models import MunicipalCase
    from atbalsts.plans.models import Plan
    from atbalsts.rehabilitation.models import Course, ServiceEntry
    from atbalsts.tasks.models import Task

    counts = [("identification cases", Case), ("applications", Application), ("decisions", Decision),
              ("courses", Course), ("services", ServiceEntry), ("plans", Plan), ("tasks", Task),
              ("municipal cases", MunicipalCase), ("audit events", AuditEvent)]
    return "casework in DB: " + "  ".join(f"{label} {model.objects.count():,}" for label, model in counts)


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cur.fetchall())


def main(argv=None) -> int:
    args = parse_args(argv)
    setup_django(args.database_url)
    from django.conf import settings
    from django.db import connection
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext

    from atbalsts.accounts.models import Organisation, User
    from atbalsts.people.models import Client, SearchToken

    rng = random.Random(args.seed)
    org = Organisation.objects.get(name=BENCH_ORG)
    user = User.objects.get(username=BENCH_USER)
    visible = Client.objects.filter(organisation=org, team__user=user).count()
    targets = sample_targets(org, args.repeat, rng)
    pages = max(1, (visible + 49) // 50)
    ordered = list(Client.objects.filter(organisation=org, team__user=user).order_by("-created_at", "-id")
                   .only("id", "created_at")[: min(pages, MAX_RANDOM_PAGE) * 50])
    client_kinds = {} if args.no_clients else build_requests(targets, pages=pages, rng=rng, ordered=ordered)
    requests = {name: (BENCH_USER, urls) for name, urls in client_kinds.items()}
    requests.update(casework_requests(args.repeat, rng))
    if args.only:
        wanted = [w.strip() for w in args.only.split(",") if w.strip()]
        requests = {k: v for k, v in requests.items() if any(w in k for w in wanted)}

    sessions: dict[str, HttpClient] = {}
    for username in sorted({u for u, _urls in requests.values()}):
        sessions[username] = HttpClient()
        sessions[username].force_login(User.objects.get(username=username),
                                       backend="django.contrib.auth.backends.ModelBackend")

    rows = []
    selects: dict[str, dict[str, float]] = {}  # kind -> SQL shape -> slowest time (s)
    for name, (username, urls) in requests.items():
        http = sessions[username]
        for url in urls[:WARMUP]:
            assert fetch(http, url).status_code == 200, url
        times, counts = [], []
        for url in urls:
            # The log keeps at most 9,000 queries and is not reset inside a capture: start each empty,
            # or a kind with many queries per request reads as 0 once the log is full.
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = fetch(http, url)
                elapsed = (time.perf_counter() - t0) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{name}: {url} answered {response.status_code}")
            times.append(elapsed)
            counts.append(len(ctx.captured_queries))
            for q in ctx.captured_queries:
                sql = q["sql"]
                if sql.lstrip().upper().startswith("SELECT") and "FOR UPDATE" not in sql:
                    shape = selects.setdefault(name, {})
                    if float(q["time"]) > shape.get(sql, -1.0):
                        shape[sql] = float(q["time"])
        qmin, qmax = min(counts), max(counts)
        queries = str(qmin) if qmin == qmax else f"{qmin}-{qmax}"
        rows.append((name, statistics.median(times), percentile(times, 95), queries))

    db = connection.settings_dict
    version = ""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            version = " " + cur.fetchone()[0]
    print()
    print(f"Atbalsts bench  {datetime.datetime.now():%Y-%m-%d %H:%M}  {platform.node()}  {os.cpu_count()} CPUs")
    print(f"database: {connection.vendor}{version} ({db['NAME']}), DEBUG={settings.DEBUG}")
    print(
        f"clients in DB: {Client.objects.count():,}  search tokens in DB: {SearchToken.objects.count():,}  "
        f"visible to {BENCH_USER}: {visible:,}"
    )
    print(f"{args.repeat} requests of each kind after {WARMUP} warm-up, in-process (django.test.Client)")
    print()
    print(casework_counts())
    print()
    print(f"{'request':<26} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    print("-" * 53)
    for name, p50, p95, queries in rows:
        print(f"{name:<26} {p50:>8.1f} {p95:>8.1f} {queries:>8}")

    if args.explain and connection.vendor == "postgresql":
        for name, shapes in selects.items():
            for sql, seconds in sorted(shapes.items(), key=lambda kv: -kv[1])[:2]:
                if seconds < 0.005:
                    continue
                print(f"\n=== {name}: a SELECT that took {seconds * 1000:.0f} ms\n{sql[:400]}\n")
                print(explain(sql))
    return 0


if __name__ == "__main__":
    sys.exit(main())
