#!/usr/bin/env bash
# `npm start`: installs what is missing, then runs Temporal (embedded dev server), one worker, the API and the console,
# each in its own process group with prefixed logs; Ctrl-C, or any service dying, stops all of them.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

export DISTILLERY_DATA_DIR=$(realpath -m "${DISTILLERY_DATA_DIR:-.data}")
export TEMPORAL_PORT=${TEMPORAL_PORT:-7233}
export API_PORT=${API_PORT:-4000}
export CONSOLE_PORT=${CONSOLE_PORT:-3000}
export NEXT_TELEMETRY_DISABLED=1
# The console hands this URL to the browser at request time; CORS on the API must allow the console's origin.
export DISTILLERY_API_URL=${DISTILLERY_API_URL:-http://localhost:$API_PORT}
export CONSOLE_ORIGIN=${CONSOLE_ORIGIN:-http://localhost:$CONSOLE_PORT}
embedded_temporal=1
if [ -n "${TEMPORAL_ADDRESS:-}" ]; then embedded_temporal=0; else export TEMPORAL_ADDRESS="localhost:$TEMPORAL_PORT"; fi
# How long to wait for a service to answer before giving up (seconds).
ready_timeout=${START_READY_TIMEOUT:-120}

log() { printf '[start] %s\n' "$*"; }

# --- install what is missing -------------------------------------------------------------------------------------
# npm packages only when node_modules is missing or older than package-lock.json (plus the native backend's needs);
# shared with `npm test`, so both install the same way.
bash scripts/ensure-deps.sh
temporal_bin=""
if [ "$embedded_temporal" = 1 ]; then temporal_bin=$(bash scripts/ensure-temporal.sh); fi
mkdir -p "$DISTILLERY_DATA_DIR/logs"

# --- process groups ----------------------------------------------------------------------------------------------
pgids=()
names=()
stopping=0

stop_all() {
  [ "$stopping" = 1 ] && return
  stopping=1
  trap '' INT TERM
  log "stopping ${names[*]} ..."
  # Reverse start order: clients of Temporal go before Temporal itself.
  for ((i = ${#pgids[@]} - 1; i >= 0; i--)); do kill -TERM -- "-${pgids[i]}" 2>/dev/null || true; done
  local deadline=$((SECONDS + 15))
  for pgid in "${pgids[@]}"; do
    while kill -0 -- "-$pgid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    kill -KILL -- "-$pgid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  log "all services stopped"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

# Starts `name` running a shell command line in a new session (so a new process group whose id is its pid);
# every output line gets a "[name] " prefix (unless the service already prints it) and is kept in logs/<name>.log.
start_service() {
  local name=$1 command=$2
  local logfile="$DISTILLERY_DATA_DIR/logs/$name.log"
  # sed -u: unbuffered, so lines appear as they are written (Debian's awk, mawk, would hold them back).
  setsid bash -c "exec > >(sed -u -e '/^\\[$name\\] /!s/^/[$name] /' | tee -a '$logfile') 2>&1; exec $command" &
  pgids+=("$!")
  names+=("$name")
}

# Waits until `check` succeeds, or fails the start if the service died or took too long.
wait_until() {
  local name=$1 check=$2 pgid=$3
  local deadline=$((SECONDS + ready_timeout))
  until eval "$check" >/dev/null 2>&1; do
    if ! kill -0 -- "-$pgid" 2>/dev/null; then log "$name exited during start-up; see $DISTILLERY_DATA_DIR/logs/$name.log"; exit 1; fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "$name was not ready within ${ready_timeout}s (START_READY_TIMEOUT); see $DISTILLERY_DATA_DIR/logs/$name.log"
      exit 1
    fi
    sleep 0.5
  done
}

# --- services ----------------------------------------------------------------------------------------------------
if [ "$embedded_temporal" = 1 ]; then
  start_service temporal "'$temporal_bin' server start-dev --headless --port $TEMPORAL_PORT --db-filename '$DISTILLERY_DATA_DIR/temporal.db' --log-level warn"
  wait_until temporal "'$temporal_bin' operator namespace describe default --address '$TEMPORAL_ADDRESS'" "${pgids[-1]}"
  log "Temporal answers at $TEMPORAL_ADDRESS"
else
  log "using the Temporal server at $TEMPORAL_ADDRESS (TEMPORAL_ADDRESS is set; none started)"
fi

# Node with tsx's loader directly (no tsx CLI in between), so signals reach the worker itself.
# logs/worker.log keeps earlier runs: only what this run appends (past worker_log_start bytes) counts as ready.
worker_log="$DISTILLERY_DATA_DIR/logs/worker.log"
worker_log_start=$(stat -c %s "$worker_log" 2>/dev/null || echo 0)
start_service worker "node --import tsx apps/worker/src/main.ts"
worker_pgid=${pgids[-1]}
start_service api "npm -w @distillery/api-server run start --silent"

console_state="not started"
if [ "${DISTILLERY_SKIP_CONSOLE:-0}" = 1 ]; then
  log "DISTILLERY_SKIP_CONSOLE=1: not starting the console"
elif [ -f apps/console/package.json ] && [ -d apps/console/src ]; then
  build_id=apps/console/.next/BUILD_ID
  newer_source=""
  if [ -f "$build_id" ]; then
    newer_source=$(find apps/console/src apps/console/package.json apps/console/next.config.* packages/client/src packages/schemas/src \
      -newer "$build_id" -type f -print -quit 2>/dev/null || true)
  fi
  if [ ! -f "$build_id" ] || [ -n "$newer_source" ]; then
    log "building the console (next build) ..."
    npm -w @distillery/console run build --silent 2>&1 | sed -u 's/^/[console-build] /'
  fi
  start_service console "npm -w @distillery/console run start --silent"
  console_state="http://localhost:$CONSOLE_PORT"
else
  log "apps/console is not there yet: skipping the console"
fi

wait_until api "curl -fsS 'http://localhost:$API_PORT/health'" "${pgids[1 + embedded_temporal]}"
if [ "$console_state" != "not started" ]; then
  wait_until console "curl -fsS -o /dev/null 'http://localhost:$CONSOLE_PORT'" "${pgids[-1]}"
fi
# The worker prints this line only once the Temporal server lists it as a poller of its task queue (the check the API
# makes before an estimate), i.e. after it bundled the workflows; "up" before that would answer SERVICE_UNAVAILABLE.
wait_until worker "tail -c +$((worker_log_start + 1)) '$worker_log' | grep '^\[worker\] worker polling task queue '" "$worker_pgid"

# The API logs JSON lines (pino); on a first run one of them carries the new secret as "adminToken".
admin_token=$(grep -o 'dst_[A-Za-z0-9_-]*' "$DISTILLERY_DATA_DIR/logs/api.log" 2>/dev/null | tail -n 1 || true)
echo
log "Distillery is up (Ctrl-C stops everything):"
log "  console   $console_state"
log "  API       http://localhost:$API_PORT"
log "  Temporal  $TEMPORAL_ADDRESS"
log "  data      $DISTILLERY_DATA_DIR"
if [ -n "$admin_token" ]; then log "  admin token (first run; shown once): $admin_token"; fi
echo

# Any service ending ends the stack: a half-running platform would only confuse.
set +e
exited_pid=""
wait -n -p exited_pid
status=$?
set -e
if [ "$stopping" = 0 ]; then
  for i in "${!pgids[@]}"; do
    if [ "${pgids[i]}" = "$exited_pid" ]; then log "${names[i]} stopped (exit $status): stopping the rest"; fi
  done
fi
stop_all
exit "$status"
