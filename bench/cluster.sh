#!/usr/bin/env bash
# Several app servers: the logged-in pages through nginx, with one and then with two
# gunicorn instances behind it (Redis as the log-in throttle's store, one PostgreSQL
# database), each run against the Flask hello-world measured in the same run.
#
#   DATABASE_URL=postgresql+psycopg://user:pass@127.0.0.1:5432/mentorhub_bench_cluster \
#       bash bench/cluster.sh
#
# DATABASE_URL must name a throwaway PostgreSQL database: load.sh migrates it and adds
# a programme, its trainer and 30 trainees to it on each run. Every other setting of
# bench/load.sh applies (DURATION, CONNECTIONS, WORKERS, ...); SERVERS="1 2" by
# default. What the servers must do together (sessions, throttle, ETags, content
# changes) is checked by tests/cluster/test_app_servers.py, not here.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SERVERS="${SERVERS:-1 2}"
RESULTS="${RESULTS_DIR:-$BENCH_DIR/results/cluster-$(date +%Y%m%d-%H%M%S)}"

[[ "${DATABASE_URL:-}" == postgresql* ]] || {
    echo "cluster.sh: error: set DATABASE_URL to a throwaway PostgreSQL database." >&2
    exit 2
}

status=0
for n in $SERVERS; do
    echo "cluster.sh: $n app server(s) behind nginx" >&2
    APP_SERVERS="$n" ANONYMOUS="${ANONYMOUS:-0}" LABEL="${LABEL:+$LABEL, }$n app server(s)" \
        RESULTS_DIR="$RESULTS/servers-$n" bash "$BENCH_DIR/load.sh" >/dev/null || status=$?
done
for n in $SERVERS; do
    cat "$RESULTS/servers-$n/summary.txt"
done
exit "$status"
