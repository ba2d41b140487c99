#!/usr/bin/env bash
# Atbalsts on several hosts, on this one machine: each host is a network namespace on one bridge.
#
#   lb     10.77.0.10  HAProxy (health checks on /health/, retries, redispatch)
#   app1   10.77.0.11  gunicorn (2 workers), Atbalsts with ATBALSTS_DEBUG=0
#   app2   10.77.0.12  gunicorn (2 workers)      ... up to app4 10.77.0.14 (MH_APPS, 2-4; default 4)
#   db1    10.77.0.21  PostgreSQL 15 primary + PgBouncer (transaction mode) on :6432
#   db2    10.77.0.22  PostgreSQL 15 streaming replica (pg_basebackup) + PgBouncer on :6432
#   cache  10.77.0.31  Redis (cache, sessions, rate limits) if Python's redis can be loaded
#   the load generator runs on the bridge itself (10.77.0.1)
#
# Then: throughput with 1, 2 and 4 app hosts; tasks on every app host's `task_worker`; a worker
# killed with SIGKILL in the middle of a task (the task completes on another host, once); app2
# killed under a write load (failed requests seen by the client, writes acknowledged vs rows
# found), the replica's lag and read-after-write.
# Everything is removed at the end, also on Ctrl-C. Needs root. Not part of CI. See deploy/README.md.
#
#   sudo deploy/multihost/run.sh            # about 5-10 minutes on 2 shared cores
#   MH_SECONDS=10 MH_WRITES=600 MH_KEEP=1 deploy/multihost/run.sh   (MH_KEEP=1: stop before teardown)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${MH_VENV:-$ROOT/.venv}"
[ -x "$VENV/bin/gunicorn" ] || VENV=/work/main/.venv
PY="$VENV/bin/python"
PGBIN="${MH_PGBIN:-/usr/lib/postgresql/15/bin}"
NET=10.77.0
BR=mhbr0
SECONDS_PER_RUN="${MH_SECONDS:-10}"     # wrk duration per throughput figure
WRITES="${MH_WRITES:-600}"               # writes in the kill test
THREADS="${MH_THREADS:-8}"
APPS="${MH_APPS:-4}"                     # app hosts: 2 to 4
LEASE="${MH_LEASE:-10}"                  # the workers' lease, seconds (ADR 0023; the product's default is 30)
T0=$(date +%s)

say() { printf '\n== %s (t=%ss)\n' "$*" "$(( $(date +%s) - T0 ))"; }
die() { echo "run.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (network namespaces)"
case "$APPS" in 2|3|4) ;; *) die "MH_APPS must be 2, 3 or 4" ;; esac
[ -x "$PGBIN/initdb" ] || die "PostgreSQL 15 server binaries not found in $PGBIN"
ip link show "$BR" >/dev/null 2>&1 && die "$BR exists: another run is active (or left over; see deploy/README.md)"

need=()
command -v haproxy >/dev/null || need+=(haproxy)
[ -x /usr/sbin/pgbouncer ] || need+=(pgbouncer)
command -v wrk >/dev/null || need+=(wrk)
command -v redis-server >/dev/null || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]} from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}" >/dev/null || die "apt-get install ${need[*]} failed"
fi

# A fresh private directory for this run (configs, logs, the databases); removed by cleanup.
WORK="$(mktemp -d)"
chmod 755 "$WORK"
APP_HOSTS=()
for i in $(seq 1 "$APPS"); do APP_HOSTS+=("app$i"); done
HOSTS=(lb "${APP_HOSTS[@]}" db1 db2 cache)
declare -A ADDR=([lb]=10 [app1]=11 [app2]=12 [app3]=13 [app4]=14 [db1]=21 [db2]=22 [cache]=31)

cleanup() {
    set +e
    say "tearing down"
    for h in "${HOSTS[@]}"; do
        # Every process in these namespaces was started by this script.
        pids=$(ip netns pids "mh-$h" 2>/dev/null)
        [ -n "$pids" ] && kill $pids 2>/dev/null
    done
    sleep 1
    for h in "${HOSTS[@]}"; do
        pids=$(ip netns pids "mh-$h" 2>/dev/null)
        [ -n "$pids" ] && kill -9 $pids 2>/dev/null
        ip netns del "mh-$h" 2>/dev/null
    done
    ip link del "$BR" 2>/dev/null
    if [ -z "${MH_KEEP_FILES:-}" ]; then rm -rf "$WORK"; else echo "files kept in $WORK"; fi
    echo "done in $(( $(date +%s) - T0 )) s"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

on() { local h=$1; shift; ip netns exec "mh-$h" "$@"; }
as_pg() { local h=$1; shift; ip netns exec "mh-$h" runuser -u postgres -- "$@"; }

say "network: bridge $BR, ${#HOSTS[@]} namespaces"
ip link add "$BR" type bridge
ip addr add "$NET.1/24" dev "$BR"
ip link set "$BR" up
for h in "${HOSTS[@]}"; do
    ip netns add "mh-$h"
    ip link add "mhv-$h" type veth peer name eth0 netns "mh-$h"
    ip link set "mhv-$h" master "$BR" up
    on "$h" ip addr add "$NET.${ADDR[$h]}/24" dev eth0
    on "$h" ip link set eth0 up
    on "$h" ip link set lo up
done

say "PostgreSQL primary on db1"
install -d -o postgres "$WORK/db1" "$WORK/sock"
install -d -o postgres -m 1777 "$WORK/log"
as_pg db1 "$PGBIN/initdb" -D "$WORK/db1" -A trust -U postgres --no-sync >/dev/null
cat >> "$WORK/db1/postgresql.conf" <<EOF
listen_addresses = '$NET.21'
unix_socket_directories = '$WORK/sock'
max_connections = 80
shared_buffers = 64MB
wal_level = replica
max_wal_senders = 4
hot_standby = on
timezone = 'UTC'
log_min_messages = warning
EOF
cat > "$WORK/db1/pg_hba.conf" <<EOF
local all all trust
host all all $NET.0/24 trust
host replication all $NET.0/24 trust
EOF
as_pg db1 "$PGBIN/pg_ctl" -D "$WORK/db1" -l "$WORK/log/db1.log" -w start >/dev/null
on app1 "$PGBIN/pg_isready" -q -h "$NET.21" || die "app1 cannot reach db1 over the bridge (bridge filtering?)"
as_pg db1 "$PGBIN/psql" -qX -h "$NET.21" -U postgres -c "CREATE ROLE atbalsts LOGIN" \
    -c "CREATE DATABASE atbalsts OWNER atbalsts" >/dev/null

say "PostgreSQL streaming replica on db2 (pg_basebackup)"
install -d -o postgres -m 700 "$WORK/db2"
as_pg db2 "$PGBIN/pg_basebackup" -h "$NET.21" -U postgres -D "$WORK/db2" -R -X stream -c fast
install -d -o postgres "$WORK/sock2"
printf "listen_addresses = '%s'\nunix_socket_directories = '%s'\n" "$NET.22" "$WORK/sock2" >> "$WORK/db2/postgresql.conf"
as_pg db2 "$PGBIN/pg_ctl" -D "$WORK/db2" -l "$WORK/log/db2.log" -w start >/dev/null

say "PgBouncer (transaction mode) on db1 and db2"
printf '"atbalsts" ""\n' > "$WORK/pgbouncer-users.txt"
for h in db1 db2; do
    a="$NET.${ADDR[$h]}"
    cat > "$WORK/pgbouncer-$h.ini" <<EOF
[databases]
atbalsts = host=$a port=5432 dbname=atbalsts
[pgbouncer]
listen_addr = $a
listen_port = 6432
unix_socket_dir =
auth_type = trust
auth_file = $WORK/pgbouncer-users.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 400
server_reset_query =
ignore_startup_parameters = extra_float_digits
logfile = $WORK/log/pgbouncer-$h.log
pidfile = $WORK/log/pgbouncer-$h.pid
EOF
    chown postgres "$WORK/pgbouncer-$h.ini"
    as_pg "$h" /usr/sbin/pgbouncer -q -d "$WORK/pgbouncer-$h.ini"
done

REDIS_URL=""
# The Redis client is in the pinned requirements (the project's virtualenv).
if "$PY" -c "import redis" 2>/dev/null && command -v redis-server >/dev/null; then
    say "Redis on cache"
    on cache redis-server --bind "$NET.31" --port 6379 --protected-mode no --save '' --appendonly no \
        --daemonize yes --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"
    REDIS_URL="redis://$NET.31:6379/0"
else
    say "no Redis: the database cache is used"
fi

say "Atbalsts settings (ATBALSTS_DEBUG=0, generated keys) and migrations on the primary"
export DJANGO_SETTINGS_MODULE=probe_settings
export PYTHONPATH="$HERE"
export ATBALSTS_DEBUG=0
export ATBALSTS_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export ATBALSTS_FIELD_KEYS="$("$PY" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
export ATBALSTS_SEARCH_KEYS="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export ATBALSTS_AUDIT_KEYS="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export ATBALSTS_AUDIT_CHECKPOINT_DIR="$WORK/audit"
export ATBALSTS_STATIC_ROOT="$WORK/static" ATBALSTS_MEDIA_ROOT="$WORK/media"
export ATBALSTS_ALLOWED_HOSTS="atbalsts.test"
export ATBALSTS_PROXY_COUNT=1
export ATBALSTS_LOG_LEVEL=ERROR
export ATBALSTS_WORKER_LEASE_SECONDS="$LEASE"
mkdir -p "$WORK/audit" "$WORK/static" "$WORK/media"
PRIMARY_DIRECT="postgres://atbalsts@$NET.21:5432/atbalsts"
REPLICA_DIRECT="postgres://atbalsts@$NET.22:5432/atbalsts"
( cd "$ROOT" && DATABASE_URL="$PRIMARY_DIRECT" ATBALSTS_REDIS_URL="$REDIS_URL" \
    "$PY" manage.py migrate --no-input -v 0 )
# The staff pages name their static files by the manifest (one directory shared by the app hosts here).
( cd "$ROOT" && "$PY" manage.py collectstatic --no-input -v 0 )
if [ -z "$REDIS_URL" ]; then
    ( cd "$ROOT" && DATABASE_URL="$PRIMARY_DIRECT" "$PY" manage.py createcachetable )
fi
as_pg db1 "$PGBIN/psql" -qX -h "$NET.21" -U atbalsts atbalsts -c \
    "CREATE TABLE multihost_probe (id bigserial PRIMARY KEY, token text UNIQUE NOT NULL, host text NOT NULL,
     at timestamptz NOT NULL DEFAULT now());
     CREATE TABLE multihost_task_runs (token text NOT NULL, host text NOT NULL, at timestamptz NOT NULL DEFAULT now())" \
    >/dev/null

export DATABASE_URL="postgres://atbalsts@$NET.21:6432/atbalsts"
export ATBALSTS_REPLICA_DATABASE_URL="postgres://atbalsts@$NET.22:6432/atbalsts"
export ATBALSTS_PGBOUNCER=1
export ATBALSTS_REDIS_URL="$REDIS_URL"
( cd "$ROOT" && "$PY" -c "import django; django.setup(); from django.conf import settings as s; \
print('  databases:', sorted(s.DATABASES), '| routers:', s.DATABASE_ROUTERS, '| cache:', \
s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1], '| sessions:', s.SESSION_ENGINE.rsplit('.', 1)[-1])" )

start_app() {
    local h=$1
    on "$h" env MULTIHOST_NAME="$h" "$VENV/bin/gunicorn" atbalsts.wsgi --chdir "$ROOT" --workers 2 \
        --bind "$NET.${ADDR[$h]}:8000" --daemon --pid "$WORK/gunicorn-$h.pid" \
        --error-logfile "$WORK/gunicorn-$h.log" --graceful-timeout 5
}
say "gunicorn on ${APP_HOSTS[*]}"
for h in "${APP_HOSTS[@]}"; do start_app "$h"; done

cat > "$WORK/haproxy.cfg" <<EOF
global
    maxconn 4000
    stats socket $WORK/haproxy.sock mode 600 level admin
    pidfile $WORK/haproxy.pid
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout http-keep-alive 10s
    timeout check 2s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response junk-response response-timeout 502 503 504
frontend web
    bind $NET.10:80
    # TLS would end here in production; the application trusts this header from the balancer.
    http-request set-header X-Forwarded-Proto https
    # A request that may write is re-sent to another host only if it says it is safe to repeat.
    http-request disable-l7-retry if !METH_GET !METH_HEAD !{ req.hdr(Idempotency-Key) -m found }
    default_backend app
backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /health/ ver HTTP/1.1 hdr Host atbalsts.test hdr X-Forwarded-Proto https
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
$(for h in "${APP_HOSTS[@]}"; do echo "    server $h $NET.${ADDR[$h]}:8000 check"; done)
EOF
say "HAProxy on lb"
on lb haproxy -c -q -f "$WORK/haproxy.cfg"
on lb haproxy -D -f "$WORK/haproxy.cfg"

haproxy_cmd() {
    "$PY" -c 'import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall((sys.argv[2] + "\n").encode())
out = b""
while chunk := s.recv(65536): out += chunk
print(out.decode().strip())' "$WORK/haproxy.sock" "$1"
}
servers_up() { haproxy_cmd "show stat" | awk -F, '$1=="app" && $2!="BACKEND" && $18=="UP"' | wc -l; }
for _ in $(seq 1 90); do [ "$(servers_up)" = "$APPS" ] && break; sleep 1; done
[ "$(servers_up)" = "$APPS" ] || { tail -20 "$WORK"/gunicorn-*.log; die "the app hosts did not pass the health check"; }
echo "  all $APPS app hosts pass the health check"

URL="http://$NET.10"
throughput() {  # prints requests per second and errors for /health/
    local out
    out=$(wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" -H 'Host: atbalsts.test' "$URL/health/")
    echo "$out" | awk '/Requests\/sec/ {rps=$2} /Non-2xx/ {non2xx=$NF} /Socket errors/ {err=$0}
        END {printf "%s req/s, non-2xx: %s, %s\n", rps, (non2xx==""?0:non2xx), (err==""?"socket errors: 0":err)}'
}
writes() {  # $1 requests; further arguments to loadgen
    local n=$1; shift
    "$PY" "$HERE/loadgen.py" writes --url "$URL" --requests "$n" --threads "$THREADS" "$@"
}
SUMMARY_PY=$(cat <<'EOF'
import json, sys
d = json.loads(sys.stdin.read())
print(f"  {d['per_second']} writes/s (each then read back), failed {d['failed']}, p50 {d['p50_ms']} ms, "
      f"p99 {d['p99_ms']} ms, by host {d['served_by']}, counts {d['counts']}")
EOF
)
summary() { "$PY" -c "$SUMMARY_PY"; }

STAFF_CLIENTS="${MH_STAFF_CLIENTS:-2000}"
say "staff pages: $STAFF_CLIENTS synthetic clients of bench_sw, signed-in sessions (bench/generate.py, staff.py)"
( cd "$ROOT" && DATABASE_URL="$PRIMARY_DIRECT" "$PY" bench/generate.py --clients "$STAFF_CLIENTS" --no-casework \
    --force | tail -1 )
( cd "$ROOT" && "$PY" "$HERE/staff.py" prepare "$WORK/staff" )
staff() { "$PY" "$HERE/staff.py" wrk "$WORK/staff" "$URL/" "$SECONDS_PER_RUN" 8; }

say "warm-up"
writes 100 >/dev/null
staff >/dev/null
wrk -t1 -c4 -d2s -H 'Host: atbalsts.test' "$URL/health/" >/dev/null

# 1, 2 and 4 app hosts (or 1, 2, 3), in two rounds, alternating, because other work on the
# machine shifts the figures by itself.
use_hosts() {  # enable the first $1 app hosts in the balancer, disable the others
    local i=0
    for h in "${APP_HOSTS[@]}"; do
        i=$((i + 1))
        if [ "$i" -le "$1" ]; then haproxy_cmd "enable server app/$h" >/dev/null
        else haproxy_cmd "disable server app/$h" >/dev/null; fi
    done
}
STEPS=(1 2)
[ "$APPS" -gt 2 ] && STEPS+=("$APPS")
for round in 1 2; do
    for n in "${STEPS[@]}"; do
        say "throughput, $n app host(s) enabled in the balancer, round $round"
        use_hosts "$n"
        sleep 3
        echo "  GET /health/ for ${SECONDS_PER_RUN}s, 16 connections: $(throughput)"
        writes 300 | summary
        echo "  audited client page for ${SECONDS_PER_RUN}s, 8 connections: $(staff)"
    done
done
use_hosts "$APPS"
sleep 3

TASKS_N="${MH_TASKS:-300}"
say "background work: $TASKS_N tasks queued, task_worker on ${APP_HOSTS[*]} at once"
( cd "$ROOT" && "$PY" -c "import django; django.setup()
from probe_tasks import probe_task
for i in range($TASKS_N): probe_task.enqueue(f'task-{i:05d}')" )
T_TASKS=$(date +%s.%N)
start_worker() {  # task_worker on host $1; its pid in WORKER_PID
    # `ip netns exec` and `env` exec the next program, so $! is the worker's own pid (a shell
    # function run with & would be a subshell, and a signal to it would not reach the worker).
    ip netns exec "mh-$1" env MULTIHOST_NAME="$1" "$PY" "$ROOT/manage.py" task_worker --no-reload \
        --interval 0.2 --no-startup-delay --worker-id "$1" >>"$WORK/worker-$1.log" 2>&1 &
    WORKER_PID=$!
}
WORKER_PIDS=()
for h in "${APP_HOSTS[@]}"; do start_worker "$h"; WORKER_PIDS+=("$WORKER_PID"); done
runs() { as_pg db1 "$PGBIN/psql" -qAtX -h "$NET.21" -U atbalsts atbalsts -c "$1"; }
for _ in $(seq 1 600); do [ "$(runs 'SELECT count(*) FROM multihost_task_runs')" -ge "$TASKS_N" ] && break; sleep 0.2; done
T_DONE=$(date +%s.%N)
sleep 1   # a duplicate run, if any, would land now
kill "${WORKER_PIDS[@]}" 2>/dev/null; wait "${WORKER_PIDS[@]}" 2>/dev/null || true
echo "  workers stopped (SIGTERM); leases left: $(runs 'SELECT count(*) FROM jobs_workerlease')"
echo "  runs: $(runs 'SELECT count(*) FROM multihost_task_runs'), distinct tasks: $(runs 'SELECT count(DISTINCT token) FROM multihost_task_runs')," \
     "run twice: $(runs 'SELECT count(*) FROM (SELECT token FROM multihost_task_runs GROUP BY token HAVING count(*) > 1) d')," \
     "by host: $(runs "SELECT string_agg(host || ' ' || n, ', ') FROM (SELECT host, count(*) n FROM multihost_task_runs GROUP BY host ORDER BY host) h")"
echo "  first to last probe task: $(runs "SELECT round(extract(epoch FROM max(at) - min(at))::numeric, 1) || ' s, ' || round(($TASKS_N / greatest(extract(epoch FROM max(at) - min(at)), 0.001))::numeric) || ' tasks/s' FROM multihost_task_runs");" \
     "other tasks the workers ran first (queued by migrate): $(runs "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path NOT LIKE 'probe_tasks.%'");" \
     "$(awk -v a="$T_TASKS" -v b="$T_DONE" 'BEGIN {printf "%.0f s in all", b - a}')"

say "a worker killed mid-job: task_worker on app1 killed (SIGKILL) while its task runs; app2's worker takes over"
# The probe task commits its row, then stays running (it waits for a file that never comes).
TASK_ID=$( cd "$ROOT" && "$PY" -c "import django; django.setup()
from probe_tasks import probe_task
print(probe_task.enqueue('kill-mid-job', hold='$WORK/never').id)" )
taskq() { runs "SELECT $1 FROM django_tasks_database_dbtaskresult WHERE id = '$TASK_ID'"; }
start_worker app1
KILLED_PID=$WORKER_PID
for _ in $(seq 1 600); do [ "$(runs "SELECT count(*) FROM multihost_task_runs WHERE token = 'kill-mid-job'")" = 1 ] && break; sleep 0.2; done
[ "$(runs "SELECT count(*) FROM multihost_task_runs WHERE token = 'kill-mid-job'")" = 1 ] || die "app1's worker did not run the task"
kill -9 "$KILLED_PID"; wait "$KILLED_PID" 2>/dev/null || true
T_KILL=$(date +%s.%N)
echo "  app1's worker (pid $KILLED_PID) killed with the task's row committed; task status: $(taskq status)," \
     "its row: $(runs "SELECT count(*) FROM multihost_task_runs WHERE token = 'kill-mid-job'")," \
     "app1's lease: $(runs "SELECT count(*) FROM jobs_workerlease WHERE worker_id LIKE 'app1-%'")"
start_worker app2
TAKER_PID=$WORKER_PID
for _ in $(seq 1 900); do [ "$(taskq status)" = SUCCESSFUL ] && break; sleep 0.2; done
T_DONE=$(date +%s.%N)
kill "$TAKER_PID" 2>/dev/null; wait "$TAKER_PID" 2>/dev/null || true
echo "  task status: $(taskq status) ($(taskq return_value)), claimed by: $(taskq worker_ids)," \
     "$(awk -v a="$T_KILL" -v b="$T_DONE" 'BEGIN {printf "%.1f s", b - a}') from the kill to its end (lease $LEASE s)"
echo "  requeues recorded: $(runs "SELECT count(*) || ' (' || coalesce(string_agg(outcome || ' after attempt ' || attempt, ', '), '') || ')' FROM jobs_taskrequeue WHERE task_result_id = '$TASK_ID'")," \
     "ledger rows: $(runs "SELECT count(*) FROM jobs_taskstep WHERE task_result_id = '$TASK_ID'")," \
     "probe rows for the task: $(runs "SELECT count(*) || ' (by ' || string_agg(host, ', ') || ')' FROM multihost_task_runs WHERE token = 'kill-mid-job'")"

say "app2 killed (SIGKILL, every process on the host) after 1/4 of $WRITES writes; replica lag sampled meanwhile"
PRIMARY_CHECK="postgresql://postgres@$NET.21:5432/atbalsts"
REPLICA_CHECK="postgresql://postgres@$NET.22:5432/atbalsts"
# Only this phase's rows are counted.
as_pg db1 "$PGBIN/psql" -qX -h "$NET.21" -U atbalsts atbalsts -c "TRUNCATE multihost_probe" >/dev/null
"$PY" "$HERE/check.py" lag "$PRIMARY_CHECK" "$REPLICA_CHECK" "$WORK/load-done" > "$WORK/lag.json" &
LAG_PID=$!
KILL="pids=\$(ip netns pids mh-app2); kill -9 \$pids"
writes "$WRITES" --kill-after $((WRITES / 4)) --kill-cmd "$KILL" --acked "$WORK/acked.txt" > "$WORK/kill.json"
touch "$WORK/load-done"
wait "$LAG_PID"
"$PY" - "$WORK/kill.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"  requests {d['requests']}, failed as seen by the client: {d['failed']}, app2 killed: {d['killed']}")
print(f"  acknowledged writes {d['acked_writes']}, by host {d['served_by']}, p99 {d['p99_ms']} ms")
print(f"  counts {d['counts']}")
EOF
echo "  balancer's view: $(haproxy_cmd 'show stat' | awk -F, '$1=="app" && $2!="BACKEND" {printf "%s %s (retries %s, redispatches %s)  ", $2, $18, $16, $17}')"

say "writes acknowledged vs rows in the primary; the replica after catching up"
"$PY" "$HERE/check.py" rows "$PRIMARY_CHECK" "$REPLICA_CHECK" "$WORK/acked.txt" | "$PY" -c 'import json, sys
for k, v in json.loads(sys.stdin.read()).items(): print(f"  {k}: {v}")'

say "replica lag while the write load ran (sampled every 0.25 s)"
"$PY" -c 'import json, sys
for k, v in json.load(open(sys.argv[1])).items(): print(f"  {k}: {v}")' "$WORK/lag.json"

if [ -n "${MH_KEEP:-}" ]; then
    echo "MH_KEEP set: press Enter to tear down (WORK=$WORK)"; read -r _
fi
