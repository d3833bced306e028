# shellcheck shell=bash
# Helpers of the reliability suite (reliability/run.sh and the scenarios it sources). Source it,
# don't run it. Builds on scripts/lib.sh (REPO_ROOT, info, die, ensure_packages, locate_binary,
# free_port, redis_start / redis_stop / redis_kill) and adds:
#   rcli ARGS...             redis-cli against the server redis_start last started ($REDIS_PORT)
#   median                   median of the numbers on stdin, one per line
#   ms                       the time now, in milliseconds
#   ok COMMAND...            prints 1 when COMMAND succeeds, 0 when it fails (for check)
#   no_trace FILE            true when FILE holds no .NET stack trace
#   lines FILE               the count of non-empty lines in FILE
#   wait_for FILE SECONDS    waits until FILE exists
#   key_gone_by KEY DEADLINE_MS, since START_MS END_MS, ttl_text TTL: see below

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ms() { date +%s%3N; }
ok() { if "$@"; then echo 1; else echo 0; fi; }
# Stack-trace markers: a .NET frame line, the runtime's unhandled-exception banner.
no_trace() { ! grep -qE '^[[:space:]]+at [A-Za-z_]|Unhandled exception|^[[:space:]]*System\.[A-Za-z.]+Exception' "$1"; }
lines() { grep -c . "$1" || true; }

# wait_for FILE SECONDS: until FILE exists; 0 if it did.
wait_for() {
    local deadline=$(( $(ms) + $2 * 1000 ))
    while [ ! -e "$1" ]; do
        [ "$(ms)" -lt "$deadline" ] || return 1
        sleep 0.02
    done
}

# key_gone_by KEY DEADLINE_MS: polls until KEY is absent; prints the time it was seen gone (ms),
# or nothing if it was still there at the deadline.
key_gone_by() {
    local key="$1" deadline="$2"
    while [ "$(ms)" -le "$deadline" ]; do
        if [ "$(rcli EXISTS "$key" 2>/dev/null)" = 0 ]; then ms; return 0; fi
        sleep 0.1
    done
    return 1
}

# since START_MS END_MS: "2.4 s" (one decimal), or "-" when END_MS is empty.
since() { if [ -n "${2:-}" ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", (b - a) / 1000 }'; else echo "-"; fi; }
# ttl_text TTL: what a TTL reply means.
ttl_text() { case "$1" in -2) echo "gone" ;; -1) echo "no TTL" ;; *) echo "$1 s" ;; esac; }
