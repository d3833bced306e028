# shellcheck shell=bash
# Helpers shared by bench/run.sh and reliability/run.sh. Source it, don't run it.
# Builds on scripts/lib.sh (REPO_ROOT, info, die, ensure_packages, publish_binary) and adds:
#   locate_binary [--no-build]   sets CRONLOCK to the binary under test
#   free_port                    prints a free TCP port on 127.0.0.1
#   redis_start NAME             starts a throwaway redis-server on 127.0.0.1 and a free port;
#                                sets REDIS_PORT; redis_stop NAME stops it, redis_kill NAME kills it
#   rcli ARGS...                 redis-cli against that server
#   median                       median of the numbers on stdin, one per line

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

# The binary under test: $CRONLOCK_BINARY when set (scripts/test.sh exports it), else the one
# in artifacts/bin, published first unless --no-build is given and it exists.
locate_binary() {
    if [ -n "${CRONLOCK_BINARY:-}" ]; then
        [ -x "$CRONLOCK_BINARY" ] || die "CRONLOCK_BINARY=$CRONLOCK_BINARY is not an executable file"
        CRONLOCK="$(cd "$(dirname "$CRONLOCK_BINARY")" && pwd)/$(basename "$CRONLOCK_BINARY")"
    elif [ "${1:-}" = --no-build ] && [ -x "$CRONLOCK_BIN" ]; then
        CRONLOCK="$CRONLOCK_BIN"
    else
        publish_binary
        CRONLOCK="$CRONLOCK_BIN"
    fi
    export CRONLOCK
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

declare -A REDIS_PORTS=()

# redis_start NAME [extra redis-server args...]
# No persistence (a killed server forgets its keys, as the scenarios want), a high client
# limit for the load tests, and the data directory under $WORK_DIR.
redis_start() {
    local name="$1" port dir _
    shift
    port="${REDIS_PORTS[$name]:-$(free_port)}"
    dir="$WORK_DIR/redis-$name"
    mkdir -p "$dir"
    (
        ulimit -n 20000 2>/dev/null || true
        exec redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
            --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
            --maxclients 10000 --daemonize yes "$@"
    ) || die "redis-server failed to start on port $port (log: $dir/redis.log)"
    for _ in $(seq 1 100); do
        redis-cli -h 127.0.0.1 -p "$port" PING >/dev/null 2>&1 && break
        sleep 0.05
    done
    redis-cli -h 127.0.0.1 -p "$port" PING >/dev/null 2>&1 || die "redis-server on port $port does not answer (log: $dir/redis.log)"
    REDIS_PORTS[$name]="$port"
    REDIS_PORT="$port"
}

# redis_stop NAME: SIGTERM, then SIGKILL after 5 s. Leaves REDIS_PORTS[NAME] so a restart reuses the port.
redis_stop() {
    local name="$1" pid _
    local pidfile="$WORK_DIR/redis-$name/redis.pid"
    [ -f "$pidfile" ] || return 0
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
}

# redis_kill NAME: SIGKILL at once (a crash, not a shutdown).
redis_kill() {
    local name="$1" pid
    local pidfile="$WORK_DIR/redis-$name/redis.pid"
    [ -f "$pidfile" ] || return 0
    pid="$(cat "$pidfile")"
    kill -9 "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
    rm -f "$pidfile"
}

rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
