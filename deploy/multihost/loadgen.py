"""A bounded load generator for the multi-host harness (standard library only).

Sends a fixed number of requests with a fixed number of threads and stops by itself. Every
request is counted: a request "fails" when the client sees an error or any status but 200.

    loadgen.py health --url http://10.77.0.10/ --requests 3000 --threads 8
    loadgen.py writes --url http://10.77.0.10/ --requests 600 --threads 6 \
        --kill-after 200 --kill-cmd "..." --acked acked.txt

``writes`` posts /_probe/write/ with a fresh Idempotency-Key, then reads it back through the
balancer (/_probe/read/<token>/): it must be on the primary at once (read-after-write); whether
the replica already had it is counted too. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import threading
import time
import uuid
from collections import Counter
from urllib.parse import urlsplit


class Run:
    def __init__(self, total: int):
        self.lock = threading.Lock()
        self.remaining = total
        self.done = 0
        self.counts: Counter[str] = Counter()
        self.served_by: Counter[str] = Counter()
        self.acked: list[str] = []
        self.latencies: list[float] = []

    def take(self) -> bool:
        with self.lock:
            if self.remaining <= 0:
                return False
            self.remaining -= 1
            return True


def connect(url) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(url.hostname, url.port or 80, timeout=15)


def request(conn_box, url, method, path, headers=None, host_header="atbalsts.test"):
    """One request on the thread's keep-alive connection. No retry here: any error is the
    client's failure to count (retrying is the balancer's job, and what the harness measures)."""
    if conn_box[0] is None:
        conn_box[0] = connect(url)
    try:
        conn_box[0].request(method, path, body=b"" if method == "POST" else None,
                            headers={"Host": host_header, **(headers or {})})
        response = conn_box[0].getresponse()
        body = response.read()
    except Exception:
        conn_box[0].close()
        conn_box[0] = None
        raise
    if response.getheader("Connection", "").lower() == "close":
        conn_box[0].close()
        conn_box[0] = None
    return response.status, body


def health_worker(run: Run, url) -> None:
    box = [None]
    while run.take():
        start = time.perf_counter()
        try:
            status, _ = request(box, url, "GET", "/health/")
            key = "ok" if status == 200 else f"status_{status}"
        except Exception as exc:
            key = f"error_{type(exc).__name__}"
        with run.lock:
            run.counts[key] += 1
            run.done += 1
            run.latencies.append(time.perf_counter() - start)


def writes_worker(run: Run, url, kill) -> None:
    box = [None]
    while run.take():
        token = uuid.uuid4().hex
        start = time.perf_counter()
        step = "write"
        try:
            status, body = request(box, url, "POST", "/_probe/write/", {"Idempotency-Key": token})
            if status == 200:
                served = json.loads(body)["served_by"]
                with run.lock:
                    run.acked.append(token)
                    run.served_by[served] += 1
                    run.counts["ok"] += 1
                step = "read_back"
                status2, body2 = request(box, url, "GET", f"/_probe/read/{token}/")
                seen = json.loads(body2) if status2 == 200 else {}
                with run.lock:
                    if status2 != 200:
                        run.counts[f"status_{status2}_on_read_back"] += 1
                    else:
                        found = "read_after_write_on_primary" if seen.get("primary") else "read_after_write_MISSING"
                        run.counts[found] += 1
                    if seen.get("replica") is not None:
                        run.counts["replica_had_it_at_once" if seen["replica"] else "replica_not_yet"] += 1
            else:
                with run.lock:
                    run.counts[f"status_{status}"] += 1
        except Exception as exc:  # every failure is counted, none stops the run
            with run.lock:
                run.counts[f"error_{type(exc).__name__}_on_{step}"] += 1
        with run.lock:
            run.done += 1
            run.latencies.append(time.perf_counter() - start)
            fire = kill is not None and run.done == kill[0]
        if fire:
            kill[1].append(time.time())
            subprocess.run(kill[2], shell=True, check=False)  # noqa: S602 - the harness's own command


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["health", "writes"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--kill-after", type=int, default=0)
    parser.add_argument("--kill-cmd", default="")
    parser.add_argument("--acked", default="")
    args = parser.parse_args()
    if not 1 <= args.requests <= 1_000_000 or not 1 <= args.threads <= 256:
        parser.error("--requests 1..1000000, --threads 1..256")
    url = urlsplit(args.url)
    run = Run(args.requests)
    killed_at: list[float] = []
    kill = (args.kill_after, killed_at, args.kill_cmd) if args.kill_after and args.kill_cmd else None
    target = health_worker if args.mode == "health" else writes_worker
    threads = [threading.Thread(target=target, args=(run, url) if args.mode == "health" else (run, url, kill))
               for _ in range(args.threads)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    lat = sorted(run.latencies)
    failed = sum(v for k, v in run.counts.items() if k.startswith(("status_", "error_")))
    if args.acked:
        with open(args.acked, "w", encoding="ascii") as out:
            out.write("".join(f"{t}\n" for t in run.acked))
    print(json.dumps({
        "mode": args.mode, "requests": args.requests, "threads": args.threads,
        "seconds": round(seconds, 2), "per_second": round(args.requests / seconds, 1),
        "failed": failed, "acked_writes": len(run.acked), "counts": dict(run.counts),
        "served_by": dict(run.served_by), "killed": bool(killed_at),
        "p50_ms": round(1000 * lat[len(lat) // 2], 1) if lat else None,
        "p99_ms": round(1000 * lat[int(len(lat) * 0.99) - 1], 1) if lat else None,
    }))


if __name__ == "__main__":
    main()
