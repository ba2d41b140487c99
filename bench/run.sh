#!/usr/bin/env bash
# Fresh PostgreSQL database, migrate, load N synthetic clients, measure.
#
#   bench/run.sh                 # 1,000 clients, 50 requests of each kind
#   N=100000 R=50 bench/run.sh   # 100,000 clients
#   EXPLAIN=1 N=100000 bench/run.sh   # also EXPLAIN ANALYZE the slowest query of each kind
#
# PG_URL names the server (default postgres://postgres@127.0.0.1:5432, trust auth);
# BENCH_DB the database, which is DROPPED and recreated (default atbalsts_bench).
#
# The public portal's load test is separate (gunicorn, production settings, its own SQLite):
#   .venv/bin/python bench/portal.py          # or PORTAL=1 bench/run.sh to run it after this one
set -euo pipefail
cd "$(dirname "$0")/.."

N="${N:-1000}"
R="${R:-50}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
BENCH_DB="${BENCH_DB:-atbalsts_bench}"
PY="${PYTHON:-.venv/bin/python}"

case "$BENCH_DB" in
  *bench*) ;;
  *) echo "BENCH_DB must contain 'bench' (it is dropped): $BENCH_DB" >&2; exit 2 ;;
esac

export ATBALSTS_DEBUG=1
export DATABASE_URL="$PG_URL/$BENCH_DB"

echo "== fresh database $BENCH_DB"
psql "$PG_URL/postgres" -v ON_ERROR_STOP=1 -q \
  -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" \
  -c "CREATE DATABASE $BENCH_DB"

echo "== migrate"
"$PY" manage.py migrate --verbosity 0

echo "== generate $N clients"
/usr/bin/time -f "generate: %e s wall, %M KB max RSS" "$PY" bench/generate.py --clients "$N"

echo "== measure ($R requests of each kind)"
"$PY" bench/measure.py --repeat "$R" ${EXPLAIN:+--explain}

if [ "${PORTAL:-0}" = "1" ]; then
  echo "== portal load test (bench/portal.py)"
  env -u DATABASE_URL -u ATBALSTS_DEBUG "$PY" bench/portal.py
fi
