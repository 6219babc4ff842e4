# shellcheck shell=bash
# Azurite (the Azure Storage emulator, blob endpoint only) for the ADLS integration tests.
#
# Meant to be `source`d by `.ci/run`, which calls `azurite_start` before the tests and
# `azurite_stop` afterwards (from an EXIT trap, so it also runs on failure). Installs the
# pinned npm package into `.ci/.azurite/` (git-ignored), starts `azurite-blob` on a free
# loopback port and exports LAKEFORM_AZURITE_BLOB_URL for `tests/adls_azurite.rs`.
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

azurite_start() {
    local root port bin deadline status
    root="$(azurite__root)"
    bin="$root/node_modules/.bin/azurite-blob"
    if [[ ! -x "$bin" ]] || ! grep -q "\"version\": \"$AZURITE_VERSION\"" "$root/node_modules/azurite/package.json" 2>/dev/null; then
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
    # Ready when the account answers a list call at all: 403 without credentials is an answer.
    deadline=$((SECONDS + AZURITE_READY_TIMEOUT_SECS))
    while :; do
        status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/devstoreaccount1?comp=list" || true)"
        if [[ "$status" != "000" && -n "$status" ]]; then
            break
        fi
        if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
            echo "azurite: exited during start-up; log follows" >&2
            cat "$root/run/azurite.log" >&2
            unset AZURITE_PID
            return 1
        fi
        if ((SECONDS >= deadline)); then
            echo "azurite: no answer on port $port after ${AZURITE_READY_TIMEOUT_SECS}s" >&2
            azurite_stop
            return 1
        fi
        sleep 0.2
    done
    export LAKEFORM_AZURITE_BLOB_URL="http://127.0.0.1:$port/devstoreaccount1"
    echo "azurite: $AZURITE_VERSION listening at $LAKEFORM_AZURITE_BLOB_URL (pid $AZURITE_PID)" >&2
}

azurite_stop() {
    if [[ -n "${AZURITE_PID:-}" ]]; then
        kill "$AZURITE_PID" 2>/dev/null || true
        wait "$AZURITE_PID" 2>/dev/null || true
        unset AZURITE_PID
    fi
    unset LAKEFORM_AZURITE_BLOB_URL
}
