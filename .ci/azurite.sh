# shellcheck shell=bash
# Azurite (the Azure Storage emulator: its blob and queue services) for the ADLS
# integration tests.
#
# Meant to be `source`d by `.ci/run`, which calls `azurite_start` before the tests and
# `azurite_stop` afterwards (from an EXIT trap, so it also runs on failure). Installs the
# pinned npm package into `.ci/.azurite/` (git-ignored), starts `azurite-blob` and
# `azurite-queue` (the same package ships both) each on its own free loopback port, and
# exports LAKEFORM_AZURITE_BLOB_URL for `tests/adls_azurite.rs` and
# LAKEFORM_AZURITE_QUEUE_URL for `tests/adls_azurite_queues.rs`. Both are stopped by PID.
# This file defines functions only; sourcing it starts nothing.

AZURITE_VERSION="3.37.0"
AZURITE_READY_TIMEOUT_SECS=60

azurite__root() {
    local here
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    printf '%s\n' "$here/.azurite"
}

# A free TCP port on 127.0.0.1, chosen by the kernel (bind to port 0, read it back).
azurite__free_port() {
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# Waits until `url` answers at all (403 without credentials is an answer) while `pid`
# lives; `name` is for messages.
azurite__wait() {
    local name="$1" pid="$2" url="$3" log="$4" deadline status
    deadline=$((SECONDS + AZURITE_READY_TIMEOUT_SECS))
    while :; do
        status="$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)"
        if [[ "$status" != "000" && -n "$status" ]]; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "azurite: $name exited during start-up; log follows" >&2
            cat "$log" >&2
            return 1
        fi
        if ((SECONDS >= deadline)); then
            echo "azurite: $name gave no answer at $url after ${AZURITE_READY_TIMEOUT_SECS}s" >&2
            return 1
        fi
        sleep 0.2
    done
}

azurite_start() {
    local root port queue_port bin
    root="$(azurite__root)"
    bin="$root/node_modules/.bin/azurite-blob"
    if [[ ! -x "$bin" ]] || [[ ! -x "$root/node_modules/.bin/azurite-queue" ]] || ! grep -q "\"version\": \"$AZURITE_VERSION\"" "$root/node_modules/azurite/package.json" 2>/dev/null; then
        echo "azurite: installing azurite@$AZURITE_VERSION into $root" >&2
        mkdir -p "$root"
        npm install --no-audit --no-fund --no-save --loglevel=error --prefix "$root" "azurite@$AZURITE_VERSION" >&2 || {
            echo "azurite: npm install failed" >&2
            return 1
        }
    fi
    port="$(azurite__free_port)" || { echo "azurite: could not find a free port" >&2; return 1; }
    mkdir -p "$root/run"
    "$bin" --blobHost 127.0.0.1 --blobPort "$port" --inMemoryPersistence \
        --skipApiVersionCheck --disableTelemetry \
        >"$root/run/azurite.log" 2>&1 &
    AZURITE_PID=$!
    export AZURITE_PID
    if ! azurite__wait azurite-blob "$AZURITE_PID" \
        "http://127.0.0.1:$port/devstoreaccount1?comp=list" "$root/run/azurite.log"; then
        azurite_stop
        return 1
    fi
    export LAKEFORM_AZURITE_BLOB_URL="http://127.0.0.1:$port/devstoreaccount1"
    echo "azurite: $AZURITE_VERSION listening at $LAKEFORM_AZURITE_BLOB_URL (pid $AZURITE_PID)" >&2

    queue_port="$(azurite__free_port)" || { echo "azurite: could not find a free port" >&2; azurite_stop; return 1; }
    "$root/node_modules/.bin/azurite-queue" --queueHost 127.0.0.1 --queuePort "$queue_port" \
        --inMemoryPersistence --skipApiVersionCheck --disableTelemetry \
        >"$root/run/azurite-queue.log" 2>&1 &
    AZURITE_QUEUE_PID=$!
    export AZURITE_QUEUE_PID
    if ! azurite__wait azurite-queue "$AZURITE_QUEUE_PID" \
        "http://127.0.0.1:$queue_port/devstoreaccount1?comp=list" "$root/run/azurite-queue.log"; then
        azurite_stop
        return 1
    fi
    export LAKEFORM_AZURITE_QUEUE_URL="http://127.0.0.1:$queue_port/devstoreaccount1"
    echo "azurite: queue service listening at $LAKEFORM_AZURITE_QUEUE_URL (pid $AZURITE_QUEUE_PID)" >&2
}

azurite_stop() {
    local pid
    for pid in "${AZURITE_PID:-}" "${AZURITE_QUEUE_PID:-}"; do
        if [[ -n "$pid" ]]; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    unset AZURITE_PID AZURITE_QUEUE_PID
    unset LAKEFORM_AZURITE_BLOB_URL LAKEFORM_AZURITE_QUEUE_URL
}
