#!/usr/bin/env bash
# Proves that the bench's peers do what bench/peers/README.md says, against a throwaway
# redis-server on 127.0.0.1 and a free port:
#
#   bash bench/peers/check.sh [PEERS_DIR]     (default: artifacts/bench/peers, from build.sh)
#
# For each peer: the exact commands it sends (seen with MONITOR), that it exits with the job's
# code, that it exits 200 when the key is held (sending nothing more) and 201 when Redis cannot
# be reached, and that it locks the same key as cronlock for the same arguments. cronlock is
# $CRONLOCK_BINARY, else artifacts/bin/cronlock (published first when missing). A peer that
# build.sh did not build is reported as SKIP. Prints PASS/FAIL lines; exits 1 on any failure.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
PEERS="${1:-$REPO_ROOT/artifacts/bench/peers}"

ensure_packages redis-server:redis-server redis-cli:redis-tools python3:python3 md5sum:coreutils
locate_binary --no-build

# The peers and cronlock must see only the settings given here.
while IFS= read -r name; do
    [ "$name" = CRONLOCK_BINARY ] || unset "$name"
done < <(compgen -e | grep '^CRONLOCK_' || true)

WORK_DIR="$(mktemp -d)"
trap 'redis_stop check; rm -rf "$WORK_DIR"' EXIT
redis_start check
export CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$REDIS_PORT"
rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

# A job whose argv has a multi-byte character and a double space, so that the key derivations
# must agree on bytes and on joining, not only on plain words.
JOB=(sh -c 'exit 7' 'crön  job')
KEY="cronlock.$(printf '%s' "${JOB[*]}" | md5sum | cut -d' ' -f1)"

failures=0 checked=0
pass() { printf 'PASS  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }
expect() { # expect DESCRIPTION ACTUAL WANTED
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi
}

# traced PROGRAM ARGS...: runs it while MONITOR records what Redis receives. Sets RC to its exit
# code and SENT to the commands, one a line, each as its quoted words ("SET" "key" ...); what a
# Lua script calls is left out.
traced() {
    local log="$WORK_DIR/monitor.log" marker="check-$RANDOM-$RANDOM" monitor _
    : >"$log"
    # redis-cli itself, not a subshell running rcli, so that $! is the process to stop.
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" MONITOR >"$log" &
    monitor=$!
    for _ in $(seq 1 100); do grep -q '^OK' "$log" && break; sleep 0.02; done
    RC=0
    "$@" >/dev/null 2>"$WORK_DIR/stderr" || RC=$?
    # MONITOR shows commands in the order the server ran them: once the marker is seen, all of
    # the program's commands are in the log.
    rcli ECHO "$marker" >/dev/null
    for _ in $(seq 1 250); do grep -q "\"$marker\"" "$log" && break; sleep 0.02; done
    kill "$monitor" 2>/dev/null || true
    wait "$monitor" 2>/dev/null || true
    SENT="$(awk -v marker="\"$marker\"" '/^[0-9]/ && !/\[[0-9]+ lua\]/ && index($0, marker) == 0 {
        sub(/^[^]]*\] /, ""); print }' "$log")"
}

# names: the command names of SENT, on one line.
names() { printf '%s\n' "$SENT" | awk 'NF { gsub(/"/, "", $1); printf "%s%s", sep, toupper($1); sep = " " } END { print "" }'; }

# word N LINE: the Nth quoted word of one SENT line (1 = the command name).
word() {
    printf '%s\n' "$2" | python3 -c '
import shlex, sys
words = shlex.split(sys.stdin.read())
n = int(sys.argv[1])
print(words[n - 1] if n <= len(words) else "")' "$1"
}

sent_line() { printf '%s\n' "$SENT" | awk -v name="\"$1\"" 'toupper($1) == name { print; exit }'; }

check_golock() {
    local peer="$PEERS/golock-peer" line now value
    if [ ! -x "$peer" ]; then
        printf 'SKIP  golock-peer: %s is not built (bench/peers/build.sh says why)\n' "$peer"
        return 0
    fi
    checked=$((checked + 1))
    rcli DEL "$KEY" >/dev/null

    now="$(date +%s)"
    traced "$peer" "${JOB[@]}"
    expect "golock-peer: exit code is the job's" "$RC" 7
    expect "golock-peer: sends PING, SET, GETSET, EXPIREAT" "$(names)" "PING SET GETSET EXPIREAT"
    line="$(sent_line SET)"
    expect "golock-peer: SET locks cronlock's key" "$(word 2 "$line")" "$KEY"
    expect "golock-peer: SET ... EX 86400 NX" "$(word 4 "$line") $(word 5 "$line") $(word 6 "$line")" "EX 86400 NX"
    value="$(word 3 "$line")"
    if [ "$value" -ge $((now + 86401)) ] && [ "$value" -le $((now + 86403)) ]; then
        pass "golock-peer: SET value is now+RELEASE+1 ($value)"
    else
        fail "golock-peer: SET value $value is not now+RELEASE+1 (now $now)"
    fi
    expect "golock-peer: GETSET writes start+GRACE+1 (GRACE 40)" "$(word 3 "$(sent_line GETSET)")" "$((value - 86400 + 40))"
    expect "golock-peer: EXPIREAT start+GRACE+1" "$(word 3 "$(sent_line EXPIREAT)")" "$((value - 86400 + 40))"
    expect "golock-peer: key kept for GRACE after the job" "$(rcli GET "$KEY")" "$((value - 86400 + 40))"

    rcli DEL "$KEY" >/dev/null
    CRONLOCK_GRACE=0 traced "$peer" "${JOB[@]}"
    # start+GRACE+1 is at most a second away with GRACE 0: TTL 1 or 0, or the key already gone.
    case "$RC $(rcli TTL "$KEY")" in
        "7 1" | "7 0" | "7 -2") pass "golock-peer: with GRACE 0 the key lives at most until start+1" ;;
        *) fail "golock-peer: with GRACE 0: exit and TTL '$RC $(rcli TTL "$KEY")', want 7 and at most 1" ;;
    esac

    check_held_and_unreachable golock-peer "$peer" "PING SET GET" "PING, SET, GET"
}

# check_held_and_unreachable NAME PEER COMMANDS WORDS: with the key held the peer exits 200, sends
# only COMMANDS (said as WORDS) and leaves the key alone; with Redis unreachable it exits 201.
check_held_and_unreachable() {
    local name="$1" peer="$2" commands="$3" words="$4"
    rcli SET "$KEY" held EX 60 >/dev/null
    traced "$peer" "${JOB[@]}"
    expect "$name: key held -> exit 200" "$RC" 200
    expect "$name: key held -> sends $words" "$(names)" "$commands"
    expect "$name: key held -> key untouched" "$(rcli GET "$KEY")" held
    rcli DEL "$KEY" >/dev/null

    CRONLOCK_PORT="$(free_port)" traced "$peer" "${JOB[@]}"
    expect "$name: Redis unreachable -> exit 201" "$RC" 201
}

check_floor() {
    local peer="$PEERS/floor-peer" line value
    if [ ! -x "$peer" ]; then
        printf 'SKIP  floor-peer: %s is not built (bench/peers/build.sh says why)\n' "$peer"
        return 0
    fi
    checked=$((checked + 1))
    rcli DEL "$KEY" >/dev/null

    traced "$peer" "${JOB[@]}"
    expect "floor-peer: exit code is the job's" "$RC" 7
    expect "floor-peer: sends SET, EVAL" "$(names)" "SET EVAL"
    line="$(sent_line SET)"
    value="$(word 3 "$line")"
    expect "floor-peer: SET locks cronlock's key" "$(word 2 "$line")" "$KEY"
    expect "floor-peer: SET ... NX EX 86400" "$(word 4 "$line") $(word 5 "$line") $(word 6 "$line")" "NX EX 86400"
    line="$(sent_line EVAL)"
    expect "floor-peer: EVAL releases its own key and value" "$(word 3 "$line") $(word 4 "$line") $(word 5 "$line")" "1 $KEY $value"
    expect "floor-peer: key deleted after the job" "$(rcli EXISTS "$KEY")" 0

    check_held_and_unreachable floor-peer "$peer" "SET" "SET only"
}

check_cronlock() {
    rcli DEL "$KEY" >/dev/null
    # cronlock keeps the key for GRACE (40 s by default) after the job: it is there to be found.
    RC=0
    "$CRONLOCK" "${JOB[@]}" >/dev/null 2>&1 || RC=$?
    expect "cronlock: exit code is the job's" "$RC" 7
    expect "cronlock: locks $KEY, the key the peers lock" "$(rcli EXISTS "$KEY")" 1
    rcli DEL "$KEY" >/dev/null
}

check_cronlock
check_golock
check_floor
[ "$checked" -gt 0 ] || fail "no peer is built in $PEERS: run bench/peers/build.sh"

if [ "$failures" -gt 0 ]; then
    printf '%d check(s) failed\n' "$failures"
    exit 1
fi
echo "all checks passed"
