#!/usr/bin/env bash
# Regenerates src/CronLock/cronlock.order, the order in which the native AOT compiler lays out
# cronlock's managed methods (IlcOrderFile, CronLock.csproj):
#
#   bash bench/order/make.sh
#
# It publishes cronlock with its symbols from a copy of the sources, runs one uncontended
# `cronlock true` against a throwaway redis-server under valgrind's callgrind, and writes the
# managed methods that run executed, in the order it first reached them (method_order.py). The
# methods a run needs then sit together at the start of the code instead of across all 6 MB of
# it: a run maps (and faults in) far fewer of the binary's pages. A method missing from the file
# (new code) is only laid out after the listed ones, and a name that no longer exists is ignored,
# so a stale file costs speed, never correctness; re-run this after large changes to the run's
# path. docs/performance.md measures the layout ("How the binary is built").
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
cd "$REPO_ROOT"
ensure_packages valgrind:valgrind redis-server:redis-server redis-cli:redis-tools python3:python3 nm:binutils

WORK_DIR="$(mktemp -d)"
trap 'redis_stop order; rm -rf "$WORK_DIR"' EXIT
info "Publishing cronlock with its symbols (a copy of the sources, in $WORK_DIR/build)"
publish_copy "$WORK_DIR/build" "$WORK_DIR/publish.log" -p:StripSymbols=false
# valgrind cannot read the compiler's DWARF; the symbol table is all it needs.
strip --strip-debug -o "$WORK_DIR/cronlock" "$WORK_DIR/build/bin/cronlock"

redis_start order
info "One run of cronlock true under callgrind"
CRONLOCK_HOST=127.0.0.1 CRONLOCK_PORT="$REDIS_PORT" CRONLOCK_GRACE=0 \
    valgrind --tool=callgrind --callgrind-out-file="$WORK_DIR/callgrind.out" "$WORK_DIR/cronlock" true \
    >"$WORK_DIR/valgrind.log" 2>&1 || { cat "$WORK_DIR/valgrind.log" >&2; die "the run under callgrind failed"; }
python3 "$REPO_ROOT/bench/order/method_order.py" "$WORK_DIR/callgrind.out" "$WORK_DIR/cronlock" \
    >"$REPO_ROOT/src/CronLock/cronlock.order"
info "Wrote src/CronLock/cronlock.order ($(wc -l <"$REPO_ROOT/src/CronLock/cronlock.order") methods)"
