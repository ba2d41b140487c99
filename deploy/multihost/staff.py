"""The audited client page through the balancer (a step of run.sh; synthetic data only).

    staff.py prepare DIR     signed-in sessions of bench_sw and case numbers of its clients, with
                             the harness's settings (run after bench/generate.py has loaded them)
    staff.py wrk DIR URL SECONDS CONNECTIONS   one closed-loop wrk run of GET /clients/<case>/

Each request reads a client through the access rules and appends its audit event, as
bench/staff_load.py measures on one host; here the requests go through HAProxy to the enabled
app hosts, through PgBouncer to the primary, with sessions in Redis.
"""

# ruff: noqa: S603, S607 — the harness starting our own programs (python, wrk)

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import staff_load  # noqa: E402 - bench/ is not a package; its scripts are shared by path


def prepare(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-c", staff_load.PREPARE, "1", "200", "7"], cwd=ROOT,
                          capture_output=True, text=True, env=dict(os.environ, BENCH_HTTP_HOST="atbalsts.test"))
    if done.returncode != 0:
        raise SystemExit(f"preparing the staff sessions failed: {done.stderr.strip()[-1500:]}")
    prep = json.loads(done.stdout.strip().splitlines()[-1])
    (out / "cases.txt").write_text("\n".join(prep["case_numbers"]) + "\n", encoding="ascii")
    (out / "cookie.txt").write_text(f"{prep['cookie_name']}={prep['cookies'][0]}", encoding="ascii")
    (out / "detail.lua").write_text(staff_load.WRK_SCRIPT, encoding="utf-8")
    print(f"  {prep['clients']:,} clients of bench_sw; one client page in-process: {prep['page_ms']:.1f} ms, "
          f"{prep['queries']} statements")


def run_wrk(out: Path, url: str, seconds: int, connections: int) -> None:
    env = dict(os.environ, BENCH_COOKIE=(out / "cookie.txt").read_text(encoding="ascii"),
               BENCH_CASES=str(out / "cases.txt"))
    text = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-H", "Host: atbalsts.test",
         "-s", str(out / "detail.lua"), url],
        capture_output=True, text=True, check=True, env=env).stdout
    d = json.loads(next(line for line in text.splitlines() if line.startswith("JSON "))[5:])
    rps = d["requests"] / (d["duration_us"] / 1e6)
    print(f"{rps:.1f} req/s, p50 {d['p50'] / 1000:.1f} ms, p95 {d['p95'] / 1000:.1f} ms, "
          f"failed {d['errors'] + d['non2xx']} of {d['requests']}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "prepare":
        prepare(Path(sys.argv[2]))
    elif len(sys.argv) == 6 and sys.argv[1] == "wrk":
        run_wrk(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        raise SystemExit(__doc__)
