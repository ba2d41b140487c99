"""Case workers under load: the client pages served by gunicorn with production settings.

    .venv/bin/python bench/staff_load.py --load 100000          # fresh bench DB, load, measure
    .venv/bin/python bench/staff_load.py                        # measure what is loaded
    .venv/bin/python bench/staff_load.py --users 50,100,200,400 --seconds 60

Two measurements, both against a real server (gunicorn, sync workers, ``ATBALSTS_DEBUG=0``,
kept database connections, sessions renewed at most once a minute) on loopback:

1. **Throughput per core** of the audited client detail page: ``wrk`` with a Lua script that
   sends a signed-in session cookie and walks random case numbers, closed loop, for a few
   connection counts. Every request reads a client through the access functions and appends
   its audit event. Beside it, the page's own SQL: the statements one client detail runs,
   captured in-process and replayed on a kept connection, so "the page costs N× its SQL" is
   measured, not guessed.
2. **Users with think time**: U simulated case workers, each signed in with their own session,
   each sending one request and then waiting 3-10 s (uniform), for ``--seconds``. The mix is
   what a case worker does: open a client (50 %), the client list (20 %), a search by surname
   prefix (15 %), the API detail (15 %). For each U it prints requests, p50/p95/p99 and errors;
   the largest U whose p95 stays at or under ``--target-ms`` (default 100) is the answer to
   "how many such users do these cores hold".

The database: a PostgreSQL database whose name contains "bench" (``--database-url``, default
``postgres://postgres@127.0.0.1:5432/atbalsts_bench_staff``). ``--load N`` drops and recreates
it, migrates and runs ``bench/generate.py --clients N``. Keys: production settings refuse the
development keys, so the bench keeps its own generated keys in ``var/bench-staff-keys.json``
(outside git) and loads and serves with the same ones; a database loaded with other keys cannot
be read (the script checks one client first and says so).

The load generator runs on the same cores as the server and PostgreSQL: the figures are a
floor. Synthetic data only.
"""

# ruff: noqa: S603, S607 — a benchmark starting our own programs (manage.py, gunicorn, wrk, psql)

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import platform
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/atbalsts_bench_staff"
KEYS_FILE = ROOT / "var" / "bench-staff-keys.json"
MAX_USERS = 2000
MAX_SECONDS = 600

# One Django process prepares everything the load needs: sessions (force_login, so the sign-in
# signal records the sign-in time as a real sign-in does), case numbers and surname prefixes of
# random clients, and the SQL replay of one client detail.
PREPARE = r"""
import json, os, random, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client as TestClient
from django.test.utils import CaptureQueriesContext
from django.contrib.auth import get_user_model
from django.conf import settings
from atbalsts.people.models import Client

sessions_wanted, sample, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
host = os.environ.get("BENCH_HTTP_HOST", "127.0.0.1")  # one of ATBALSTS_ALLOWED_HOSTS
user = get_user_model().objects.get(username="bench_sw")
org_id = user.memberships.filter(is_active=True).values_list("organisation_id", flat=True).first()
first = Client.objects.filter(organisation_id=org_id).order_by("pk").values_list("pk", flat=True).first()
last = Client.objects.filter(organisation_id=org_id).order_by("-pk").values_list("pk", flat=True).first()
if first is None:
    sys.exit("no bench clients: run with --load N")
picked = sorted({rng.randint(first, last) for _ in range(sample * 2)})
clients = list(Client.objects.filter(organisation_id=org_id, pk__in=picked))[:sample]
try:
    prefixes = sorted({c.surname[:rng.randint(3, 5)] for c in clients if len(c.surname) >= 3})
except Exception as exc:  # noqa: BLE001 - said plainly below
    sys.exit(f"cannot decrypt the bench clients with these keys ({type(exc).__name__}): load again with --load")
cookies = []
for _ in range(sessions_wanted):
    tc = TestClient(HTTP_HOST=host)
    tc.force_login(user)
    cookies.append(tc.cookies[settings.SESSION_COOKIE_NAME].value)

# The SQL of one client detail, replayed on this kept connection.
tc = TestClient(HTTP_HOST=host)
tc.force_login(user)
page_ms, sql_ms, count = [], [], None
for c in clients[:30]:
    url = f"/clients/{c.case_number}/"
    t = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        r = tc.get(url, secure=True)
    page_ms.append((time.perf_counter() - t) * 1000)
    if r.status_code != 200:
        sys.exit(f"client detail answered {r.status_code} in-process")
    statements = [q["sql"] for q in ctx.captured_queries]
    count = len(statements)
    with connection.cursor() as cur:
        t = time.perf_counter()
        for s in statements:
            if s.split(None, 1)[0].upper() in ("SELECT", "WITH"):
                cur.execute(s)
                cur.fetchall()
        sql_ms.append((time.perf_counter() - t) * 1000)
print(json.dumps({
    "cookie_name": settings.SESSION_COOKIE_NAME,
    "cookies": cookies,
    "case_numbers": [c.case_number for c in clients],
    "prefixes": prefixes,
    "page_ms": statistics.median(page_ms[3:]),
    "select_ms": statistics.median(sql_ms[3:]),
    "queries": count,
    "clients": Client.objects.filter(organisation_id=org_id).count(),
}))
"""

WRK_SCRIPT = r"""
local cases = {}
local i = 0
init = function(args)
  for line in io.lines(os.getenv("BENCH_CASES")) do cases[#cases + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
request = function()
  i = i + 1
  local c = cases[math.random(#cases)]
  return wrk.format("GET", "/clients/" .. c .. "/", {["Cookie"] = os.getenv("BENCH_COOKIE")})
end
done = function(summary, latency, requests)
  io.write(string.format('JSON {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, '
    .. '"errors": %d, "non2xx": %d}\n', summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
"""


def bounded(value: int, low: int, high: int, name: str) -> int:
    if not low <= value <= high:
        raise SystemExit(f"{name} must be between {low} and {high}")
    return value


def keys() -> dict[str, str]:
    if KEYS_FILE.exists():
        return json.loads(KEYS_FILE.read_text(encoding="utf-8"))
    KEYS_FILE.parent.mkdir(exist_ok=True)
    made = {
        "ATBALSTS_SECRET_KEY": secrets.token_urlsafe(50),
        "ATBALSTS_FIELD_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "ATBALSTS_SEARCH_KEYS": secrets.token_urlsafe(32),
        "ATBALSTS_AUDIT_KEYS": secrets.token_urlsafe(32),
        "ATBALSTS_LINKAGE_KEY": secrets.token_urlsafe(32),
    }
    KEYS_FILE.write_text(json.dumps(made), encoding="utf-8")
    KEYS_FILE.chmod(0o600)
    return made


def environment(database_url: str, tmp: Path, redis_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATBALSTS_")}
    if redis_url:
        # As deploy/ runs it: the cache, the rate limits and the sessions in Redis (ADR 0021).
        env["ATBALSTS_REDIS_URL"] = redis_url
    env.update(keys())
    env.update(
        ATBALSTS_DEBUG="0",
        ATBALSTS_ALLOWED_HOSTS="127.0.0.1,localhost",
        ATBALSTS_SSL_REDIRECT="0",
        ATBALSTS_STATIC_ROOT=str(ROOT / "var" / "bench-staff-static"),
        ATBALSTS_MEDIA_ROOT=str(tmp / "media"),
        ATBALSTS_AUDIT_CHECKPOINT_DIR=str(tmp / "checkpoints"),
        ATBALSTS_LOG_LEVEL="ERROR",
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="atbalsts.settings",
        PYTHONPATH=str(ROOT),
    )
    (tmp / "checkpoints").mkdir(exist_ok=True)
    return env


def load(env: dict[str, str], database_url: str, clients: int, casework: bool) -> None:
    parts = urlsplit(database_url)
    admin = parts._replace(path="/postgres").geturl()
    name = parts.path.lstrip("/")
    subprocess.run(["psql", admin, "-v", "ON_ERROR_STOP=1", "-q", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
                    "-c", f"CREATE DATABASE {name}"], check=True)
    t = time.monotonic()
    # As in production: the shared cache table first, then the schema.
    subprocess.run([PY, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    print(f"migrated in {time.monotonic() - t:.0f} s")
    t = time.monotonic()
    subprocess.run([PY, "bench/generate.py", "--clients", str(clients), "--casework" if casework else "--no-casework"],
                   cwd=ROOT, env=env, check=True)
    print(f"loaded {clients:,} clients in {time.monotonic() - t:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, round(p / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds each process has used so far (Linux /proc); gone processes are left out."""
    out = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    return out


def group_pids(pgid: int) -> list[int]:
    """The processes of one process group: the gunicorn master and its workers."""
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", encoding="ascii") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                pids.append(int(name))
    return pids


def database_pids(database_url: str) -> list[int]:
    """The PostgreSQL server processes now serving the bench database (same machine)."""
    parts = urlsplit(database_url)
    admin = parts._replace(path="/postgres").geturl()
    out = subprocess.run(["psql", admin, "-Atc", "SELECT pid FROM pg_stat_activity WHERE datname = "
                          f"'{parts.path.lstrip('/')}' AND pid <> pg_backend_pid()"],
                         capture_output=True, text=True, check=True).stdout
    return [int(x) for x in out.split()]


def used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(after[pid] - before.get(pid, 0.0) for pid in after)


def with_wrk(wrk: str, port: int, seconds: int, connections: int, cookie: str, cases: Path, script: Path,
             server_pgid: int | None = None, database_url: str = "") -> dict:
    env = dict(os.environ, BENCH_COOKIE=cookie, BENCH_CASES=str(cases))
    threads = max(1, min(connections, os.cpu_count() or 1))
    # The CPU the server and the database spend on this run, read from /proc before and after:
    # reads per second of one core of the application, whatever else the machine runs.
    app_pids = group_pids(server_pgid) if server_pgid else []
    db_pids = database_pids(database_url) if database_url else []
    app_before, db_before = cpu_seconds(app_pids), cpu_seconds(db_pids)
    out = subprocess.run(
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
         f"http://127.0.0.1:{port}/"],
        capture_output=True, text=True, check=True, env=env,
    ).stdout
    app_used, db_used = used(app_before, cpu_seconds(app_pids)), used(db_before, cpu_seconds(db_pids))
    data = json.loads(next(line for line in out.splitlines() if line.startswith("JSON "))[5:])
    n = max(1, data["requests"])
    return {"rps": data["requests"] / (data["duration_us"] / 1e6), "requests": data["requests"],
            "p50": data["p50"] / 1000, "p95": data["p95"] / 1000, "p99": data["p99"] / 1000,
            "errors": data["errors"] + data["non2xx"],
            "app_ms": app_used * 1000 / n, "db_ms": db_used * 1000 / n,
            "per_app_core": data["requests"] / app_used if app_used > 0 else float("nan"),
            "per_core_with_db": data["requests"] / (app_used + db_used) if app_used + db_used > 0 else float("nan")}


class User:
    """One signed-in case worker on their own keep-alive connection."""

    def __init__(self, port: int, cookie_name: str, cookie: str, prep: dict, rng: random.Random):
        self.port, self.rng, self.prep = port, rng, prep
        self.cookie = f"{cookie_name}={cookie}"
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.csrf = self.csrf_cookie = ""

    def _send(self, method: str, path: str, body: str | None = None, headers: dict | None = None) -> tuple[int, bytes]:
        h = {"Cookie": self.cookie, **(headers or {})}
        try:
            self.conn.request(method, path, body=body, headers=h)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            return 0, b""

    def one(self) -> tuple[str, int, float]:
        r = self.rng.random()
        case = self.rng.choice(self.prep["case_numbers"])
        t = time.perf_counter()
        if r < 0.5:
            kind, (status, _body) = "client detail", self._send("GET", f"/clients/{case}/")
        elif r < 0.7:
            kind, (status, _body) = "client list", self._send("GET", "/clients/")
        elif r < 0.85:
            kind = "surname search"
            status, _body = self._send(
                "POST", "/clients/", urlencode({"q": self.rng.choice(self.prep["prefixes"]),
                                               "csrfmiddlewaretoken": self.csrf}),
                {"Content-Type": "application/x-www-form-urlencoded",
                 "Cookie": f"{self.cookie}; {self.prep['csrf_cookie_name']}={self.csrf_cookie}"},
            )
        else:
            kind, (status, _body) = "api detail", self._send("GET", f"/api/clients/{case}/")
        return kind, status, (time.perf_counter() - t) * 1000


def think_time_run(port: int, prep: dict, users: int, seconds: int, think: tuple[float, float], seed: int) -> dict:
    stop_at = time.monotonic() + seconds
    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        rng = random.Random(seed * 10_000 + i)
        u = User(port, prep["cookie_name"], prep["cookies"][i], prep, rng)
        u.csrf_cookie = prep["csrf_cookies"][i]
        u.csrf = prep["csrf_tokens"][i]
        mine = []
        # Staggered start: the first request somewhere in the first think interval.
        time.sleep(rng.uniform(0, think[1]))
        while time.monotonic() < stop_at:
            mine.append(u.one())
            time.sleep(rng.uniform(*think))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(users)]
    started = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=seconds + 60)
    elapsed = time.monotonic() - started
    ok = [ms for _, status, ms in results if status == 200]
    by_kind = {}
    for kind, _status, ms in results:
        by_kind.setdefault(kind, []).append(ms)
    return {"users": users, "requests": len(results), "rps": len(results) / elapsed,
            "errors": sum(1 for _, status, _ in results if status != 200),
            "p50": percentile(ok, 50), "p95": percentile(ok, 95), "p99": percentile(ok, 99),
            "by_kind": {k: (len(v), percentile(v, 95)) for k, v in sorted(by_kind.items())}}


def csrf_for_sessions(port: int, prep: dict) -> None:
    """Each session's CSRF cookie and form token, from one GET of the list page each."""
    prep["csrf_cookies"], prep["csrf_tokens"] = [], []
    for cookie in prep["cookies"]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/clients/", headers={"Cookie": f"{prep['cookie_name']}={cookie}"})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"the client list answered {response.status} to a bench session")
        set_cookie = response.getheader("Set-Cookie") or ""
        name = prep["csrf_cookie_name"]
        at = set_cookie.find(f"{name}=")
        marker = b'name="csrfmiddlewaretoken" value="'
        tat = body.find(marker)
        if at < 0 or tat < 0:
            raise SystemExit("no CSRF cookie or form token on the client list")
        prep["csrf_cookies"].append(set_cookie[at + len(name) + 1:].split(";", 1)[0])
        prep["csrf_tokens"].append(body[tat + len(marker):body.index(b'"', tat + len(marker))].decode())
        conn.close()


def main() -> int:
    cores = os.cpu_count() or 1
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=os.environ.get("BENCH_STAFF_DATABASE_URL", DEFAULT_DB))
    p.add_argument("--load", type=int, metavar="N", help="drop, migrate and load N clients first")
    p.add_argument("--casework", action="store_true",
                   help="with --load: also the clients' casework (generate.py's default); clients only otherwise")
    p.add_argument("--redis-url", default=os.environ.get("BENCH_STAFF_REDIS_URL", ""),
                   help="serve with the cache and sessions in this Redis (as deploy/ does), e.g. "
                        "redis://127.0.0.1:6379/14; the database cache otherwise")
    p.add_argument("--workers", type=int, default=2 * cores, help="gunicorn sync workers (default 2 x cores)")
    p.add_argument("--connections", default="1,2,4,8", help="wrk connection counts for the throughput run")
    p.add_argument("--wrk-seconds", type=int, default=15)
    p.add_argument("--users", default="50,100,200,300,400", help="think-time user counts, in order")
    p.add_argument("--seconds", type=int, default=60, help="length of each think-time run")
    p.add_argument("--think", default="3,10", help="think time range in seconds (default 3,10)")
    p.add_argument("--target-ms", type=float, default=100.0)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()

    if "bench" not in urlsplit(args.database_url).path:
        raise SystemExit("the database's name must contain 'bench' (--load drops it)")
    user_counts = [bounded(int(u), 1, MAX_USERS, "each user count") for u in args.users.split(",") if u]
    connections = [bounded(int(c), 1, 256, "each connection count") for c in args.connections.split(",") if c]
    bounded(args.seconds, 5, MAX_SECONDS, "--seconds")
    bounded(args.wrk_seconds, 3, MAX_SECONDS, "--wrk-seconds")
    bounded(args.workers, 1, 64, "--workers")
    think = tuple(float(x) for x in args.think.split(","))
    if len(think) != 2 or not 0 <= think[0] <= think[1] <= 120:
        raise SystemExit("--think takes two numbers of seconds, low,high, at most 120")

    tmp = Path(tempfile.mkdtemp(prefix="atbalsts-staff-bench-"))
    env = environment(args.database_url, tmp, args.redis_url)
    if args.load:
        load(env, args.database_url, bounded(args.load, 1, 2_000_000, "--load"), args.casework)

    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env,
                   check=True)
    prepared = subprocess.run([PY, "-c", PREPARE, str(max(user_counts)), "500", str(args.seed)], cwd=ROOT, env=env,
                              capture_output=True, text=True)
    if prepared.returncode != 0:
        raise SystemExit(f"preparing failed: {prepared.stderr.strip()[-2000:]}")
    prep = json.loads(prepared.stdout.strip().splitlines()[-1])
    prep["csrf_cookie_name"] = "__Host-csrftoken" if prep["cookie_name"].startswith("__Host-") else "csrftoken"

    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "atbalsts.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--worker-class", "sync", "--log-level", "warning", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    try:
        wait_until_up(port)
        with open("/proc/loadavg", encoding="ascii") as f:
            loadavg = " ".join(f.read().split()[:3])
        print(f"Atbalsts staff load  {time.strftime('%Y-%m-%d %H:%M')}  {platform.node()}  {cores} CPUs  "
              f"load average {loadavg}")
        print(f"clients in the bench organisation: {prep['clients']:,}; gunicorn {args.workers} sync workers, "
              f"ATBALSTS_DEBUG=0, kept connections, cache and sessions in "
              f"{'Redis' if args.redis_url else 'the database'}")
        print(f"\nclient detail in-process: {prep['page_ms']:.1f} ms median, {prep['queries']} statements; "
              f"its SELECTs replayed on a kept connection: {prep['select_ms']:.1f} ms "
              f"(page = {prep['page_ms'] / prep['select_ms']:.1f}x its SQL)")

        wrk = shutil.which("wrk")
        if wrk:
            cases = tmp / "cases.txt"
            cases.write_text("\n".join(prep["case_numbers"]) + "\n", encoding="ascii")
            script = tmp / "detail.lua"
            script.write_text(WRK_SCRIPT, encoding="utf-8")
            cookie = f"{prep['cookie_name']}={prep['cookies'][0]}"
            # Warm-up (not reported): every gunicorn worker imports, connects and fills its caches.
            with_wrk(wrk, port, 3, 2 * args.workers, cookie, cases, script)
            print(f"\naudited client detail, wrk closed loop, {args.wrk_seconds} s each")
            print("  per core = req/s / all cores (server, PostgreSQL and wrk share them);")
            print("  app CPU / db CPU = CPU ms per request of gunicorn / of PostgreSQL (from /proc);")
            print("  per app core = requests per CPU second of gunicorn; with db = per CPU second of both")
            print(f"{'connections':>11} {'req/s':>8} {'per core':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
                  f"{'errors':>6} {'app CPU':>8} {'db CPU':>7} {'per app core':>12} {'with db':>8}")
            for c in connections:
                r = with_wrk(wrk, port, args.wrk_seconds, c, cookie, cases, script, server.pid, args.database_url)
                print(f"{c:>11} {r['rps']:>8.1f} {r['rps'] / cores:>9.1f} {r['p50']:>7.1f} {r['p95']:>7.1f} "
                      f"{r['p99']:>7.1f} {r['errors']:>6} {r['app_ms']:>8.2f} {r['db_ms']:>7.2f} "
                      f"{r['per_app_core']:>12.1f} {r['per_core_with_db']:>8.1f}")
        else:
            print("\nwrk not found (apt-get install wrk): throughput run skipped")

        csrf_for_sessions(port, prep)
        print(f"\nusers with think time {think[0]:g}-{think[1]:g} s, {args.seconds} s per run "
              "(mix: 50 % client detail, 20 % list, 15 % surname search, 15 % API detail)")
        print(f"{'users':>6} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}"
              "  p95 by kind")
        held = 0
        for u in user_counts:
            r = think_time_run(port, prep, u, args.seconds, think, args.seed)
            kinds = ", ".join(f"{k} {p95:.0f}" for k, (_, p95) in r["by_kind"].items())
            print(f"{u:>6} {r['requests']:>9} {r['rps']:>7.1f} {r['p50']:>7.1f} {r['p95']:>7.1f} {r['p99']:>7.1f} "
                  f"{r['errors']:>6}  {kinds}")
            if r["p95"] <= args.target_ms and r["errors"] == 0:
                held = u
            else:
                break
        print(f"\nheld at p95 <= {args.target_ms:g} ms with no errors: {held} users"
              + (" (the largest count tried)" if held == user_counts[-1] else ""))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
