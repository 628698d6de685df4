#!/usr/bin/env bash
# Load benchmark: mentorhub pages under gunicorn, against a Flask hello-world
# baseline (bench/hello.py) served the same way in the same run.
#
#   bash bench/load.sh                          # from any directory
#   DURATION=30s CONNECTIONS=32 bash bench/load.sh
#
# Settings (environment variables):
#   DURATION=10s     wrk run length per page
#   CONNECTIONS=16   wrk open connections
#   THREADS=2        wrk threads
#   WORKERS=2        gunicorn sync workers (always with --preload)
#   WARMUP=2s        short wrk run before each measured run (0 to skip)
#   DATABASE_URL     default: a SQLite file in a temporary directory
#   CONTENT_DIR      default: the repository's content/
#   MODULE_ID        default: the lowest-`order` module without a content_warning
#   ADAPTED_MODULE_ID  default: the next such module; the one the programme adapts
#   LOGGED_IN=1      also measure logged-in pages (0 to skip; see bench/logged_in.py)
#   TIMEOUT=10s      wrk's per-request timeout (the certificate PDF is slow)
#   ANONYMOUS=1      measure the anonymous pages (0 to skip them)
#   APP_SERVERS=0    0: mentorhub on one gunicorn, measured directly. N >= 1: N gunicorn
#                    instances (WORKERS each) behind nginx with Redis for the log-in
#                    throttle (bench/cluster.py), measured through nginx; needs a
#                    PostgreSQL DATABASE_URL. bench/cluster.sh runs it with 1 and 2.
#   EVENT_SLUG       default: the first folder under content/seminar/ with an index.md
#   RESULTS_DIR      default: bench/results/<date-time>/ (raw wrk output, logs, summary)
#   VENV             default: the repository's .venv
#   LABEL            optional text for the report's first line (e.g. what was measured)
#
# It benchmarks the checkout it lives in (PYTHONPATH is set to its site/ and root).
# Prints one row per page: requests/s, latency p50/p90/p99 (ms), the ratio of its
# requests/s to the baseline's, and "other": the share of the machine's CPU that
# other processes took during that wrk run (more than a few % spoils the row).
# Exits 1 if a page did not answer 200 or wrk saw non-2xx/3xx responses or socket
# errors; 2 if a tool is missing or the app would not start. See bench/README.md.
set -euo pipefail

# mentorhub pages to measure, as an anonymous visitor (no cookies): each must
# answer 200 to a plain GET. Add new pages here. `{module}` becomes MODULE_ID,
# `{event}` becomes EVENT_SLUG.
PAGES=(
    "/modules"
    "/modules/{module}"
    "/seminar"
    "/seminar/{event}"
    "/seminar/{event}/all-materials.zip"
)
# Logged-in pages: "WHO PATH", measured with WHO's session cookie (after the
# anonymous pages, on the same gunicorn). WHO is trainee (part-way through),
# certified (every module done), trainer or admin; `{programme}` becomes the id of
# the programme bench/logged_in.py sets up (30 trainees, every library module),
# `{adapted}` the module it adapted.
LOGGED_IN_PAGES=(
    "trainee /training"
    "trainee /training/{module}"
    "trainee /training/{adapted}"
    "trainer /programmes/{programme}"
    "certified /training/certificate.pdf"
)
# The baseline app and its one page.
BASELINE_APP="hello:app"
BASELINE_PAGE="/"

DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
WORKERS="${WORKERS:-2}"
WARMUP="${WARMUP:-2s}"
TIMEOUT="${TIMEOUT:-10s}"
LOGGED_IN="${LOGGED_IN:-1}"
ANONYMOUS="${ANONYMOUS:-1}"
APP_SERVERS="${APP_SERVERS:-0}"
READY_TIMEOUT="${READY_TIMEOUT:-30}" # seconds to wait for gunicorn to answer

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
VENV="${VENV:-$ROOT/.venv}"
PYTHON="$VENV/bin/python"
GUNICORN="$VENV/bin/gunicorn"
FLASK="$VENV/bin/flask"

die() {
    echo "load.sh: error: $*" >&2
    exit 2
}

# --- tools ---------------------------------------------------------------------
WRK="$(command -v wrk || true)"
[[ -n "$WRK" ]] || die "wrk is not installed (Debian: apt-get install -y wrk)."
command -v curl >/dev/null || die "curl is not installed (Debian: apt-get install -y curl)."
[[ -x "$PYTHON" ]] || die "no Python at $PYTHON (run 'make install', or set VENV)."
[[ -x "$GUNICORN" ]] || die "gunicorn is not installed at $GUNICORN (run 'make install', or set VENV)."
[[ -x "$FLASK" ]] || die "flask is not installed at $FLASK (run 'make install', or set VENV)."

# --- temporary instance, results folder, cleanup ------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/mentorhub-load.XXXXXX")"
RESULTS_DIR="${RESULTS_DIR:-$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$RESULTS_DIR"
SERVER_PID=""
SERVER_LOG=""

stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    local pid="$SERVER_PID"
    SERVER_PID=""
    kill -TERM "$pid" 2>/dev/null || return 0
    # gunicorn shuts down gracefully on TERM; give it 10 s, then force it.
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "load.sh: gunicorn $pid did not stop on TERM; sending KILL" >&2
        pkill -KILL -P "$pid" 2>/dev/null || true # its workers
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    stop_server
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the app's environment -----------------------------------------------------
export MENTORHUB_ENV=production
SECRET_KEY="$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')"
export SECRET_KEY
export INSTANCE_PATH="$TMP/instance"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$TMP/mentorhub.sqlite3}"
export CONTENT_DIR="${CONTENT_DIR:-$ROOT/content}"
export MIGRATIONS_DIR="${MIGRATIONS_DIR:-$ROOT/migrations}"
# Import mentorhub and config from this checkout even if the venv's (editable)
# install points at another one.
export PYTHONPATH="$ROOT/site:$ROOT${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p "$INSTANCE_PATH"

if ((APP_SERVERS > 0)); then
    [[ "$DATABASE_URL" == postgresql* ]] ||
        die "APP_SERVERS=$APP_SERVERS needs DATABASE_URL to name a (throwaway) PostgreSQL database."
    command -v redis-server >/dev/null || die "redis-server is not installed (apt-get install -y redis-server)."
    command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || die "nginx is not installed (apt-get install -y nginx)."
fi

if ! (cd "$ROOT" && "$FLASK" --app mentorhub db upgrade) >"$RESULTS_DIR/db-upgrade.log" 2>&1; then
    cat "$RESULTS_DIR/db-upgrade.log" >&2
    die "'flask db upgrade' failed (log above, also in $RESULTS_DIR/db-upgrade.log)."
fi

# A module page that is the module itself, not the content-warning page in front
# of it: the lowest-`order` module whose front-matter has no content_warning.
if [[ -z "${MODULE_ID:-}" ]]; then
    MODULE_ID="$(
        "$PYTHON" - "$CONTENT_DIR/modules" <<'PY'
import sys
from pathlib import Path

import yaml

found = []
for path in sorted(Path(sys.argv[1]).glob("*.md")):
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != "---":
        continue
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), None)
    if end is None:
        continue
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        continue
    if isinstance(meta, dict) and not meta.get("content_warning"):
        order = meta.get("order") if isinstance(meta.get("order"), int) else 10**9
        found.append((order, path.name, str(meta.get("id") or path.stem)))
if found:
    print(min(found)[2])
PY
    )"
    [[ -n "$MODULE_ID" ]] ||
        die "no module without a content_warning in $CONTENT_DIR/modules; set MODULE_ID."
fi

# A seminar event: the first event folder (by name) under the content's seminar/
# that has an index.md. Only needed when a page names `{event}`.
if [[ -z "${EVENT_SLUG:-}" && "${PAGES[*]}" == *"{event}"* ]]; then
    for index in "$CONTENT_DIR"/seminar/*/index.md; do
        [[ -f "$index" ]] || continue
        EVENT_SLUG="$(basename "$(dirname "$index")")"
        break
    done
    [[ -n "${EVENT_SLUG:-}" ]] ||
        die "no event folder with an index.md in $CONTENT_DIR/seminar; set EVENT_SLUG."
fi

# The people, programme and progress the logged-in pages need (bench/logged_in.py).
SCENARIO="$TMP/scenario.json"
if [[ "$LOGGED_IN" == "1" ]]; then
    if ! "$PYTHON" "$BENCH_DIR/logged_in.py" setup "$SCENARIO" --module "$MODULE_ID" \
        ${ADAPTED_MODULE_ID:+--adapted "$ADAPTED_MODULE_ID"} >"$RESULTS_DIR/setup.log" 2>&1; then
        cat "$RESULTS_DIR/setup.log" >&2
        die "setting up the logged-in pages failed (log above, also in $RESULTS_DIR/setup.log)."
    fi
    scenario() { "$PYTHON" "$BENCH_DIR/logged_in.py" get "$SCENARIO" "$1"; }
    ADAPTED_MODULE_ID="$(scenario adapted_id)"
    PROGRAMME_ID="$(scenario programme_id)"
    # the log-in's; Flask-Login rewrites the session of a browser that changes it
    USER_AGENT="$(scenario user_agent)"
fi

# --- helpers -------------------------------------------------------------------
# Recent gunicorn (27 here) opens a control socket at one path shared by every
# gunicorn of the user (~/.gunicorn/gunicorn.ctl); the benchmark does not need it.
GUNICORN_EXTRA=()
if [[ "$("$GUNICORN" --help 2>/dev/null || true)" == *--no-control-socket* ]]; then
    GUNICORN_EXTRA+=(--no-control-socket)
fi

free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server NAME APP_SPEC CHDIR PROBE_PATH: start gunicorn, wait until it answers.
start_server() {
    local name="$1" spec="$2" chdir="$3" probe="$4"
    PORT="$(free_port)"
    local log="$RESULTS_DIR/gunicorn-$name.log"
    SERVER_LOG="$log"
    "$GUNICORN" --workers "$WORKERS" --worker-class sync --preload \
        --bind "127.0.0.1:$PORT" --chdir "$chdir" ${GUNICORN_EXTRA[@]+"${GUNICORN_EXTRA[@]}"} "$spec" >"$log" 2>&1 &
    SERVER_PID=$!
    local deadline=$((SECONDS + READY_TIMEOUT))
    until curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT$probe"; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            SERVER_PID=""
            cat "$log" >&2
            die "gunicorn for $name exited before answering (log above, also in $log)."
        fi
        ((SECONDS < deadline)) || die "gunicorn for $name did not answer within ${READY_TIMEOUT}s (see $log)."
        sleep 0.2
    done
}

# start_cluster: APP_SERVERS gunicorn instances behind nginx, with Redis
# (bench/cluster.py); PORT becomes nginx's. Stopped like a server (TERM).
start_cluster() {
    local log="$RESULTS_DIR/cluster.log"
    SERVER_LOG="$RESULTS_DIR/cluster/ (gunicorn-N.log, nginx/)"
    mkdir -p "$RESULTS_DIR/cluster"
    rm -f "$TMP/cluster-port"
    CLUSTER_DIR="$RESULTS_DIR/cluster" "$PYTHON" "$BENCH_DIR/cluster.py" serve --servers "$APP_SERVERS" \
        --workers "$WORKERS" --port-file "$TMP/cluster-port" >"$log" 2>&1 &
    SERVER_PID=$!
    local deadline=$((SECONDS + READY_TIMEOUT * (APP_SERVERS + 1)))
    until [[ -s "$TMP/cluster-port" ]]; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            SERVER_PID=""
            cat "$log" >&2
            die "the cluster exited before answering (log above, also in $log)."
        fi
        ((SECONDS < deadline)) || die "the cluster did not answer in time (see $log)."
        sleep 0.2
    done
    PORT="$(cat "$TMP/cluster-port")"
}

# wrk latency "628.00us" / "1.23ms" / "1.02s" / "2.00m" -> milliseconds
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v == "" || v !~ /^[0-9.]+/) { print "-"; exit }
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : (u == "h") ? 3600000 : -1
        if (f < 0) { print "-"; exit }
        printf "%.2f", n * f
    }'
}

# Other work on the machine (another test suite, a browser) takes CPU from the
# benchmark and skews its figures. During each wrk run we count the CPU time the
# machine spent busy, minus what gunicorn and wrk used: the rest went elsewhere.
CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)"
machine_cpu() { # "busy total" jiffies over all CPUs
    awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat
}
descendants() { # every process below PID, children first
    local child
    for child in $(pgrep -P "$1" || true); do
        echo "$child"
        descendants "$child"
    done
}
# PostgreSQL's backends for the benchmark's database work for the server, so they
# do not count as "other" ("postgres: 15/main: USER DATABASE HOST(PORT) STATE").
DB_NAME=""
if [[ "$DATABASE_URL" == postgresql* ]]; then
    DB_NAME="$(printf '%s' "$DATABASE_URL" | sed -E 's#^.*/([^/?]+)(\?.*)?$#\1#')"
fi
database_backends() {
    [[ -n "$DB_NAME" ]] || return 0
    pgrep -f "^postgres: [^ ]+ [^ ]+ $DB_NAME " || true
}
server_cpu() { # jiffies used by the server, every process below it (gunicorn's workers;
    # nginx, Redis) and the database's backends
    local pid total=0 t
    for pid in "$SERVER_PID" $(descendants "$SERVER_PID") $(database_backends); do
        t="$(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)"
        total=$((total + ${t:-0}))
    done
    echo "$total"
}
children_cpu() { # sets CHILDREN_CPU: jiffies used by this shell's finished children (wrk, curl, ...)
    # Call it directly, never in $(...): a subshell counts only its own children.
    times >"$TMP/times"
    CHILDREN_CPU="$(awk -v hz="$CLK_TCK" 'NR == 2 {
        for (i = 1; i <= 2; i++) { split($i, a, "m"); s += a[1] * 60 + a[2] }
        printf "%d", s * hz
    }' "$TMP/times")"
}

ROW_PAGE=() ROW_RPS=() ROW_P50=() ROW_P90=() ROW_P99=() ROW_OTHER=() ROW_NOTE=()
PROBLEMS=()
BASELINE_RPS=""

# measure LABEL URL SLUG [HEADER...]: check the page answers 200, warm up, run wrk,
# parse, record a row. Each HEADER ("Name: value") goes with every request.
measure() {
    local label="$1" url="$2" slug="$3"
    shift 3
    local out="$RESULTS_DIR/wrk-$slug.txt"
    local status header
    local args=()
    for header in "$@"; do
        args+=(-H "$header")
    done
    status="$(curl -s -o /dev/null -D "$TMP/headers" -w '%{http_code}' --max-time 30 \
        ${args[@]+"${args[@]}"} "$url" || true)"
    if [[ "$status" == "200" ]] && grep -qi '^set-cookie:' "$TMP/headers" && (($#)); then
        # wrk would send the old cookie every time, and every answer would rewrite it.
        PROBLEMS+=("$label: the answer sets a new session cookie; the figures would not be steady")
    fi
    if [[ "$status" != "200" ]]; then
        PROBLEMS+=("$label: GET $url answered HTTP ${status:-(no response)}, not 200; not measured (see $SERVER_LOG)")
        ROW_PAGE+=("$label") ROW_RPS+=("-") ROW_P50+=("-") ROW_P90+=("-") ROW_P99+=("-")
        ROW_OTHER+=("-") ROW_NOTE+=("HTTP ${status:-none}")
        return 0
    fi
    if [[ "$WARMUP" != "0" && "$WARMUP" != "0s" ]]; then
        "$WRK" -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout "$TIMEOUT" \
            ${args[@]+"${args[@]}"} "$url" >/dev/null 2>&1 || true
    fi
    echo "  wrk $label ($DURATION)" >&2
    local busy0 all0 busy1 all1 srv0 srv1 kids0 kids1 other
    read -r busy0 all0 < <(machine_cpu)
    srv0="$(server_cpu)"
    children_cpu
    kids0="$CHILDREN_CPU"
    if ! "$WRK" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout "$TIMEOUT" --latency \
        ${args[@]+"${args[@]}"} "$url" >"$out" 2>&1; then
        PROBLEMS+=("$label: wrk failed (see $out)")
    fi
    children_cpu
    kids1="$CHILDREN_CPU"
    srv1="$(server_cpu)"
    read -r busy1 all1 < <(machine_cpu)
    other="$(awk -v b=$((busy1 - busy0)) -v s=$((srv1 - srv0)) -v k=$((kids1 - kids0)) -v t=$((all1 - all0)) \
        'BEGIN { o = t > 0 ? 100 * (b - s - k) / t : 0; printf "%d%%", o < 0 ? 0 : o + 0.5 }')"

    local rps p50 p90 p99 requests non2xx sockerr note=""
    rps="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
    p50="$(to_ms "$(awk '/Latency Distribution/ { d = 1 } d && $1 == "50%" { print $2; exit }' "$out")")"
    p90="$(to_ms "$(awk '/Latency Distribution/ { d = 1 } d && $1 == "90%" { print $2; exit }' "$out")")"
    p99="$(to_ms "$(awk '/Latency Distribution/ { d = 1 } d && $1 == "99%" { print $2; exit }' "$out")")"
    requests="$(awk '/ requests in / { print $1; exit }' "$out")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF; exit }' "$out")"
    sockerr="$(awk '/Socket errors:/ { gsub(/,/, ""); print "connect " $4 ", read " $6 ", write " $8 ", timeout " $10; exit }' "$out")"
    if [[ -n "$non2xx" && "$non2xx" != "0" ]]; then
        PROBLEMS+=("$label: $non2xx of ${requests:-?} responses were not 2xx/3xx")
        note="non-2xx/3xx: $non2xx"
    fi
    if [[ -n "$sockerr" ]]; then
        PROBLEMS+=("$label: socket errors ($sockerr) in ${requests:-?} requests")
        note="${note:+$note; }socket errors"
    fi
    if ((${other%\%} > 10)); then
        note="${note:+$note; }machine busy: compare with care"
    fi
    if [[ -z "$rps" ]]; then
        PROBLEMS+=("$label: could not read Requests/sec from wrk (see $out)")
        rps="-"
    fi
    ROW_PAGE+=("$label") ROW_RPS+=("$rps") ROW_P50+=("$p50") ROW_P90+=("$p90") ROW_P99+=("$p99")
    ROW_OTHER+=("$other") ROW_NOTE+=("$note")
    if [[ "$slug" == "baseline" ]]; then
        BASELINE_RPS="$rps"
    fi
}

# --- run -----------------------------------------------------------------------
echo "load.sh: results in $RESULTS_DIR" >&2

echo "baseline: gunicorn $BASELINE_APP" >&2
start_server baseline "$BASELINE_APP" "$BENCH_DIR" "$BASELINE_PAGE"
measure "$BASELINE_PAGE (hello baseline)" "http://127.0.0.1:$PORT$BASELINE_PAGE" baseline
stop_server

if ((APP_SERVERS > 0)); then
    echo "mentorhub: $APP_SERVERS gunicorn instances behind nginx, Redis (bench/cluster.py)" >&2
    start_cluster
else
    echo "mentorhub: gunicorn mentorhub:create_app()" >&2
    start_server mentorhub "mentorhub:create_app()" "$ROOT" "/health"
fi
((ANONYMOUS == 1)) || PAGES=()
for page in ${PAGES[@]+"${PAGES[@]}"}; do
    path="${page//"{module}"/$MODULE_ID}"
    path="${path//"{event}"/${EVENT_SLUG:-}}"
    slug="$(printf '%s' "$path" | tr -c 'A-Za-z0-9' '-' | sed 's/^-*//; s/-*$//')"
    measure "$path" "http://127.0.0.1:$PORT$path" "mentorhub-${slug:-root}"
done
if [[ "$LOGGED_IN" == "1" ]]; then
    declare -A COOKIES=()
    for entry in "${LOGGED_IN_PAGES[@]}"; do
        who="${entry%% *}"
        path="${entry#* }"
        path="${path//"{module}"/$MODULE_ID}"
        path="${path//"{adapted}"/$ADAPTED_MODULE_ID}"
        path="${path//"{programme}"/$PROGRAMME_ID}"
        if [[ -z "${COOKIES[$who]:-}" ]]; then
            # Logs in through the form (CSRF token and all), as a browser would.
            COOKIES[$who]="$("$PYTHON" "$BENCH_DIR/logged_in.py" cookie \
                "http://127.0.0.1:$PORT" "$SCENARIO" "$who")" || die "log-in as $who failed"
        fi
        slug="$(printf '%s-%s' "$who" "$path" | tr -c 'A-Za-z0-9' '-' | sed 's/^-*//; s/-*$//')"
        measure "$path ($who)" "http://127.0.0.1:$PORT$path" "mentorhub-$slug" \
            "Cookie: ${COOKIES[$who]}" "User-Agent: $USER_AGENT"
    done
fi
stop_server

# --- report --------------------------------------------------------------------
ratio() {
    awk -v r="$1" -v b="$BASELINE_RPS" 'BEGIN {
        if (r !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b + 0 == 0) print "-"; else printf "%.2f", r / b
    }'
}

{
    echo
    if commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)"; then
        [[ -z "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]] || commit="$commit + uncommitted changes"
    else
        commit="unknown (not a git checkout)"
    fi
    echo "mentorhub load benchmark${LABEL:+ ($LABEL)}, $(date -u '+%Y-%m-%d %H:%M UTC'), $ROOT, commit $commit"
    echo "$(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $("$PYTHON" -V 2>&1), $("$GUNICORN" --version 2>&1), $("$WRK" -v 2>&1 | awk 'NR == 1 { print $1, $2 }')"
    servers="gunicorn --workers $WORKERS (sync) --preload"
    ((APP_SERVERS == 0)) || servers="nginx in front of $APP_SERVERS x $servers, Redis for the throttle"
    echo "$servers; wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP, timeout $TIMEOUT); database $(printf '%s' "$DATABASE_URL" | sed -E 's#://[^@/]*@#://***@#')"
    echo
    width=40 # the page column: as wide as the longest page, at least 40
    for label in "${ROW_PAGE[@]}"; do
        ((${#label} <= width)) || width=${#label}
    done
    printf '%-*s %10s %9s %9s %9s %7s %7s  %s\n' "$width" "page" "req/s" "p50 ms" "p90 ms" "p99 ms" "ratio" "other" ""
    for i in "${!ROW_PAGE[@]}"; do
        printf '%-*s %10s %9s %9s %9s %7s %7s  %s\n' "$width" "${ROW_PAGE[$i]}" "${ROW_RPS[$i]}" \
            "${ROW_P50[$i]}" "${ROW_P90[$i]}" "${ROW_P99[$i]}" "$(ratio "${ROW_RPS[$i]}")" \
            "${ROW_OTHER[$i]}" "${ROW_NOTE[$i]}"
    done
    echo "ratio = requests/s / baseline requests/s, same run"
    echo "other = share of the machine's CPU used by other processes during the wrk run"
    echo "        (more than a few % and the row is not comparable; run again on a quiet machine)"
    if ((${#PROBLEMS[@]})); then
        echo
        echo "PROBLEMS:"
        printf '  - %s\n' "${PROBLEMS[@]}"
    fi
} | sed 's/[[:space:]]*$//' | tee "$RESULTS_DIR/summary.txt"

((${#PROBLEMS[@]} == 0)) || exit 1
