#!/usr/bin/env bash
# Runs every CronLock test, from any directory, on a Debian/Ubuntu machine with the .NET 10 SDK:
#   1. installs with apt-get (as root, or through sudo) what the tests need and is missing:
#      redis-server, redis-tools, redis-sentinel, faketime, prometheus (promtool),
#      prometheus-node-exporter, openssl and clang (native AOT); for
#      the release checks also dpkg, lintian, nodejs and npm, and for the other CPU's binary the
#      cross toolchain (llvm, gcc and libc6-dev for that CPU) and qemu-user-static; then
#      action-validator from npm, into artifacts/tools, to check the GitHub workflow files;
#   2. publishes the native AOT binary to artifacts/bin/cronlock (any publish warning fails the run),
#      and builds the release files for this CPU and, cross-compiled, the other one (artifacts/release);
#   3. runs 'dotnet test' on each test project with CRONLOCK_BINARY pointing at that binary, writing
#      TRX reports to artifacts/test-results, then the reliability suite at reduced size;
#   4. prints, as its last line, 'N passed, N failed' (', N skipped' when some were skipped).
# Nothing else on the machine changes: the .deb is installed into a temporary root, not the system.
# Exits non-zero when a test failed, dotnet test failed, or no test ran at all.
#
#   --fast  only the unit and end-to-end tests: no release files, cross-compile, package or workflow
#           checks (the Packaging tests), no reliability suite, and none of the packages only those
#           need. CI (.ci/run) runs without it.
# Extra arguments go to 'dotnet test' (e.g. --filter-class 'CronLock.Tests.*').
set -euo pipefail

fast=""
if [ "${1:-}" = --fast ]; then
    fast=1
    shift
fi

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

ensure_packages \
    redis-server:redis-server \
    redis-cli:redis-tools \
    redis-sentinel:redis-sentinel \
    faketime:faketime \
    promtool:prometheus \
    prometheus-node-exporter:prometheus-node-exporter \
    openssl:openssl \
    'clang|gcc:clang'

publish_binary
export CRONLOCK_BINARY="$CRONLOCK_BIN"

# What only the release checks (the Packaging tests) need: lintian, action-validator and the release
# files of both CPUs.
prepare_release_checks() {
    # The .deb is checked by lintian too (the package tests skip that check where it is missing).
    ensure_packages dpkg-deb:dpkg lintian:lintian

    # The workflows cannot run here: their files are checked against GitHub's schema instead.
    ensure_packages node:nodejs npm:npm
    local validator="$REPO_ROOT/artifacts/tools/node_modules/.bin/action-validator"
    if [ ! -x "$validator" ]; then
        info "Installing action-validator (npm) to check the GitHub workflow files"
        npm install --silent --no-save --no-audit --no-fund --prefix "$REPO_ROOT/artifacts/tools" @action-validator/cli@0.6.0 >&2 ||
            die "npm install @action-validator/cli failed"
    fi
    export CRONLOCK_WORKFLOW_VALIDATOR="$validator"

    # The release files, as the release workflow builds them on a tag (packaging/build-release.sh):
    # this machine's CPU, from the binary just published, and the other one cross-compiled with clang
    # and Debian's cross sysroot (installed when missing). The tests check both, and run the other
    # CPU's binary under qemu-user against a real Redis.
    local host_rid foreign_rid=linux-arm64
    host_rid="$(runtime_id)"
    [ "$host_rid" = linux-x64 ] || foreign_rid=linux-x64
    info "Building the release files for $host_rid and $foreign_rid (packaging/build-release.sh; a minute or two)"
    bash packaging/build-release.sh --rid "$host_rid" --binary "$CRONLOCK_BIN" >/dev/null
    bash packaging/build-release.sh --rid "$foreign_rid" --install-missing >/dev/null
}

dotnet_filter=()
if [ -n "$fast" ]; then
    info "--fast: no release files, cross-compile, package or workflow checks, no reliability suite"
    dotnet_filter=(--filter-not-class 'CronLock.IntegrationTests.Packaging.*')
else
    prepare_release_checks
fi

results="$REPO_ROOT/artifacts/test-results"
rm -rf "$results"

info "Running the tests (CRONLOCK_BINARY=$CRONLOCK_BINARY)"
test_rc=0
# One run per test project, each with its own results directory: xunit names its TRX file after
# the user, host and start time, so two assemblies started in the same instant overwrite each
# other's report. Exit code 8 ("no test ran", e.g. a filter matching only the other project) is
# not a failure here: the summary below fails the run when no test ran at all.
for project in tests/*/*.csproj; do
    name="$(basename "$project" .csproj)"
    dotnet test --project "$project" --report-xunit-trx --results-directory "$results/$name" --ignore-exit-code 8 \
        "${dotnet_filter[@]}" "$@" || test_rc=$?
done

# The fault-and-load suite at reduced size (the full size: bash reliability/run.sh). It checks
# invariants (one run per round, no overlap, 201 within bounds, no job on bad input) and fails
# the run when one breaks; its report stays in artifacts/.
reliability_rc=0
if [ -z "$fast" ]; then
    info "Running the reliability suite, reduced size (reliability/run.sh --quick)"
    bash "$REPO_ROOT/reliability/run.sh" --quick || reliability_rc=$?
fi

# Prints the value of attribute $1 in the <Counters .../> element $2, or 0 when absent.
counter() {
    local value
    value="$(printf '%s\n' "$2" | sed -n "s/.*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p")"
    echo "${value:-0}"
}

# xunit v3 writes one TRX per test assembly. Its <Counters> has total = executed + notExecuted,
# where notExecuted counts the skipped tests.
passed=0 failed=0 skipped=0 executed=0 reports=0
while IFS= read -r -d '' trx; do
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
    [ -n "$counters" ] || continue
    reports=$((reports + 1))
    passed=$((passed + $(counter passed "$counters")))
    failed=$((failed + $(counter failed "$counters") + $(counter error "$counters") \
        + $(counter timeout "$counters") + $(counter aborted "$counters")))
    skipped=$((skipped + $(counter notExecuted "$counters")))
    executed=$((executed + $(counter executed "$counters")))
done < <(find "$results" -name '*.trx' -print0 2>/dev/null)

status=0
if [ "$test_rc" -ne 0 ]; then
    status=1
    if [ "$failed" -eq 0 ]; then
        echo "dotnet test exited $test_rc with no failed test in $reports TRX report(s): a build error or a crashed test host; see above" >&2
    fi
fi
if [ "$executed" -eq 0 ]; then
    status=1
    echo "no test was executed" >&2
fi
if [ "$reliability_rc" -ne 0 ]; then
    # Counted as one failed test, so the summary line never reads as all green.
    failed=$((failed + 1))
    echo "the reliability suite (reliability/run.sh --quick) failed; see above" >&2
fi
[ "$failed" -eq 0 ] || status=1

summary="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || summary="$summary, $skipped skipped"
echo "$summary"
exit "$status"
