"""Load test of the public portal under gunicorn with production settings.

    .venv/bin/python bench/portal.py [--seconds 10] [--connections 16] [--workers N] [--keep]

What it does, on loopback only:

1. a fresh SQLite database in a temporary folder (or the database in ``DATABASE_URL`` if set:
   it is MIGRATED, so point it at a bench database), generated secret/field/search keys,
   ``ATBALSTS_DEBUG=0`` (production: DEBUG off, manifest static files, HSTS...), no TLS redirect;
2. ``migrate`` (which loads the portal's content in four languages), the demo news and events
   (``build_content_demo``), ``collectstatic``;
3. gunicorn (``--workers``, default 2 x cores + 1, sync workers) on 127.0.0.1;
4. for each page: ``wrk`` (Debian's; installed with apt-get if missing and running as root)
   with ``--connections`` for ``--seconds``, or, without wrk, a thread-pool load generator;
5. prints requests/s, requests/s per core and p50/p95/p99 latency per page, plus a total.

The load generator runs on the same machine and takes CPU from the server: the figures are
a floor, not a ceiling. Goal (issue 5): >= 500 requests/s per core and p95 < 50 ms.
"""

# ruff: noqa: S603, S607 — a benchmark starting our own programs (manage.py, gunicorn, wrk, apt-get)

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LANGUAGES = ["lv", "en", "ru", "uk"]

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format(
    "JSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50\\": %d, \\"p95\\": %d, \\"p99\\": %d, "
    .. "\\"errors\\": %d, \\"non2xx\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.errors.status))
end
"""


def pages() -> list[tuple[str, str]]:
    found = [("home lv", "/lv/"), ("directory en", "/en/help/")]
    found += [("directory ru, filtered", "/ru/help/?situation=abroad")]
    found += [(f"CMS page {lang}", f"/{lang}/info/signs/") for lang in LANGUAGES]
    found += [("CMS root uk", "/uk/info/"), ("news lv", "/lv/info/news/"), ("calendar en", "/en/info/events/")]
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATBALSTS_")}
    env.update(
        ATBALSTS_DEBUG="0",
        ATBALSTS_SECRET_KEY=secrets.token_urlsafe(50),
        ATBALSTS_FIELD_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        ATBALSTS_SEARCH_KEYS=secrets.token_urlsafe(32),
        ATBALSTS_ALLOWED_HOSTS="127.0.0.1,localhost",
        ATBALSTS_SSL_REDIRECT="0",
        ATBALSTS_STATIC_ROOT=str(tmp / "static"),
        ATBALSTS_MEDIA_ROOT=str(tmp / "media"),
        ATBALSTS_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="atbalsts.settings",
        PYTHONPATH=str(ROOT),
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'portal-bench.sqlite3'}")
    return env


def prepare(env: dict[str, str]) -> None:
    def run(*args: str) -> None:
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)

    t = time.monotonic()
    run("migrate", "--verbosity", "0")
    run("compiletranslations")
    run("collectstatic", "--noinput", "--verbosity", "0")
    subprocess.run(
        [PY, "-c", "import django, datetime; django.setup(); from atbalsts.content.demo import build_content_demo; "
                   "from django.utils import timezone; build_content_demo(timezone.localdate())"],
        cwd=ROOT, env=env, check=True,
    )
    print(f"prepared in {time.monotonic() - t:.0f} s (migrate + content, demo news/events, static files)")


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found or os.environ.get("BENCH_NO_WRK") == "1":
        return None if os.environ.get("BENCH_NO_WRK") == "1" else found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, capture_output=True)
    return shutil.which("wrk")


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/lv/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


def with_wrk(wrk: str, url: str, seconds: int, connections: int, script: Path) -> dict:
    threads = max(1, min(connections, os.cpu_count() or 1))
    out = subprocess.run(
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", str(script), url],
        capture_output=True, text=True, check=True,
    ).stdout
    data = json.loads(next(line for line in out.splitlines() if line.startswith("JSON "))[5:])
    return {
        "requests": data["requests"],
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50": data["p50"] / 1000, "p95": data["p95"] / 1000, "p99": data["p99"] / 1000,
        "errors": data["errors"] + data["non2xx"],
    }


def with_threads(port: int, path: str, seconds: int, connections: int) -> dict:
    """Keep-alive connections in threads (when wrk is not available). Slower than wrk: the GIL
    makes it the bottleneck sooner."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        mine: list[float] = []
        while time.monotonic() < stop:
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                continue
            mine.append((time.perf_counter() - t) * 1000)
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - started
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50": q[49], "p95": q[94], "p99": q[98],
            "errors": errors[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cores = os.cpu_count() or 1
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * cores + 1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="atbalsts-portal-bench-"))
    env = environment(tmp)
    prepare(env)
    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "atbalsts.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--worker-class", "sync", "--log-level", "warning", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    results: list[tuple[str, dict]] = []
    try:
        wait_until_up(port)
        wrk = ensure_wrk()
        script = tmp / "report.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        tool = f"wrk ({wrk})" if wrk else "Python threads (wrk not found)"
        print(f"{cores} core(s); gunicorn {args.workers} sync workers; {tool}; {args.connections} connections; "
              f"{args.seconds} s per page; database {env['DATABASE_URL'].split(':', 1)[0]}")
        for name, path in pages():
            # One warm-up request per page, so the first measurement is not the cold cache.
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            status = conn.getresponse().status
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
            if wrk:
                result = with_wrk(wrk, f"http://127.0.0.1:{port}{path}", args.seconds, args.connections, script)
            else:
                result = with_threads(port, path, args.seconds, args.connections)
            results.append((name, result))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    print(f"\n{'page':<24} {'req/s':>8} {'req/s/core':>10} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}")
    for name, r in results:
        print(f"{name:<24} {r['rps']:>8.0f} {r['rps'] / cores:>10.0f} {r['p50']:>7.1f} {r['p95']:>7.1f} "
              f"{r['p99']:>7.1f} {r['errors']:>6}")
    mean_rps = statistics.mean(r["rps"] for _, r in results)
    worst_p95 = max(r["p95"] for _, r in results)
    print(f"\nmean {mean_rps:.0f} req/s ({mean_rps / cores:.0f} per core); worst p95 {worst_p95:.1f} ms")
    print(f"goal >= 500 req/s per core: {'met' if mean_rps / cores >= 500 else 'NOT met'}; "
          f"p95 < 50 ms: {'met' if worst_p95 < 50 else 'NOT met'}")
    return 0 if not any(r["errors"] for _, r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
