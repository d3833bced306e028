#!/usr/bin/env bash
# A live CronLock demo on a Debian/Ubuntu machine with the .NET 10 SDK, from any directory:
# publishes the native AOT binary, starts a throwaway redis-server on a free 127.0.0.1 port,
# fires the same cron job from five "servers" at once and shows that exactly one ran, then shows
# a job's exit code passing through and a timeout kill. Redis is stopped on exit, whatever happens.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

# A CRONLOCK_* variable left in the caller's environment would change what the demo shows.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep '^CRONLOCK_' || true)

ensure_packages redis-server:redis-server redis-cli:redis-tools 'clang|gcc:clang'
publish_binary

work="$(mktemp -d "${TMPDIR:-/tmp}/cronlock-demo.XXXXXX")"
redis_pid=""
declare -a job_pids=()

cleanup() {
    local pid
    # cronlock forwards TERM to its job and exits with the job's code.
    for pid in "${job_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${job_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [ -n "$redis_pid" ]; then
        kill "$redis_pid" 2>/dev/null || true
        wait "$redis_pid" 2>/dev/null || true
        echo "Stopped the demo redis-server."
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# True when something already listens on 127.0.0.1:$1.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Starts redis-server on a free port; sets redis_pid and port. A port can be taken between the
# probe and the bind, so a start that does not answer PING is retried on another port.
start_redis() {
    local try i
    for try in 1 2 3 4 5 6 7 8 9 10; do
        port=$((20000 + RANDOM % 40000))
        port_in_use "$port" && continue
        redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
            --dir "$work" --logfile "$work/redis.log" &
        redis_pid=$!
        for i in $(seq 50); do
            if [ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ]; then
                return 0
            fi
            kill -0 "$redis_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill "$redis_pid" 2>/dev/null || true
        wait "$redis_pid" 2>/dev/null || true
        redis_pid=""
    done
    cat "$work/redis.log" >&2 2>/dev/null || true
    die "could not start redis-server on a free port"
}

# The file's lines joined by spaces.
oneline() { tr '\n' ' ' <"$1" | sed 's/ *$//'; }

rcli() { redis-cli -p "$port" "$@"; }

ok=1
expect() { # expect WHAT GOT WANTED
    if [ "$2" != "$3" ]; then
        printf '   !! expected %s to be %s, got %s\n' "$1" "$3" "$2"
        ok=0
    fi
}

start_redis
export CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$port"
# The demo Redis is local and up: should cronlock fail to reach it anyway, say so in seconds rather
# than after the default five tries with growing waits.
export CRONLOCK_RECONNECT_ATTEMPTS=1 CRONLOCK_REDIS_TIMEOUT=5
echo
echo "CronLock demo: a throwaway Redis on 127.0.0.1:$port; five servers run the same cron job."

job='echo "job ran on $SERVER"; sleep 2'
servers=5
echo
echo "1. At the same second, web-1 … web-$servers all run:"
echo "     cronlock sh -c '$job'"
for i in $(seq "$servers"); do
    # A simple command, not a function, so that $! is cronlock itself and cleanup can stop it.
    SERVER="web-$i" "$CRONLOCK_BIN" sh -c "$job" >"$work/web-$i.out" 2>"$work/web-$i.err" &
    job_pids+=("$!")
done

# Peek at the lock while the job runs: its TTL is RELEASE, the failsafe for a host that dies.
key=""
for i in $(seq 40); do
    key="$(rcli --scan --pattern 'cronlock.*' | head -n 1)"
    [ -z "$key" ] || break
    sleep 0.05
done
running_ttl="?"
[ -z "$key" ] || running_ttl="$(rcli ttl "$key")"

ran=0 held=0
for i in $(seq "$servers"); do
    code=0
    wait "${job_pids[$((i - 1))]}" || code=$?
    case "$code" in
        0)
            ran=$((ran + 1))
            printf '   web-%s  exit 0    ran it: %s\n' "$i" "$(oneline "$work/web-$i.out")"
            ;;
        200)
            held=$((held + 1))
            printf '   web-%s  exit 200  lock held elsewhere, did not run\n' "$i"
            ;;
        *)
            printf '   web-%s  exit %s  unexpected: %s\n' "$i" "$code" "$(tail -n 1 "$work/web-$i.err")"
            ;;
    esac
done
job_pids=()
expect "the number of servers that ran the job" "$ran" 1
expect "the number of servers that exited 200" "$held" $((servers - 1))

echo
if [ -z "$key" ]; then
    echo "   !! no cronlock.* key appeared in Redis"
    ok=0
else
    md5="$(printf '%s' "sh -c $job" | md5sum | cut -d' ' -f1)"
    value="$(rcli get "$key")"
    ttl="$(rcli ttl "$key")"
    echo "2. The lock in Redis:"
    echo "     key    $key   (prefix + md5 of the command, as golock names it)"
    echo "     TTL    $running_ttl s while the job ran (CRONLOCK_RELEASE, the failsafe)"
    echo "     value  $value   (unix time the lock expires at most: $(date -u -d "@$value" '+%H:%M:%S UTC' 2>/dev/null || echo '?'))"
    echo "     TTL    $ttl s now that it finished: kept until start + CRONLOCK_GRACE (40 s), so a"
    echo "            server whose clock or cron is a few seconds late does not run it again"
    expect "the key" "$key" "cronlock.$md5"
    echo
    echo "   cronlock --status tells who holds it (same settings, same command):"
    "$CRONLOCK_BIN" --status sh -c "$job" 2>&1 | sed 's/^/     /' || true
fi

echo
echo "3. A job's own exit code passes through:"
echo "     cronlock sh -c 'exit 3'"
code=0
"$CRONLOCK_BIN" sh -c 'exit 3' 2>"$work/exit.err" || code=$?
[ "$code" = 3 ] || tail -n 1 "$work/exit.err" | sed 's/^/   stderr: /'
echo "   exit $code"
expect "the exit code" "$code" 3

echo
echo "4. CRONLOCK_TIMEOUT=1 kills a job that runs too long (its whole process group):"
echo "     CRONLOCK_TIMEOUT=1 cronlock sleep 30"
code=0
CRONLOCK_TIMEOUT=1 "$CRONLOCK_BIN" sleep 30 2>"$work/timeout.err" || code=$?
{ grep emergency "$work/timeout.err" || tail -n 1 "$work/timeout.err"; } | sed 's/^/   stderr: /'
echo "   exit $code"
expect "the exit code" "$code" 202

echo
if [ "$ok" -eq 1 ]; then
    echo "All as expected. Next: bash scripts/test.sh runs every test."
else
    echo "Something did not go as expected (see !! above)."
fi
[ "$ok" -eq 1 ]
