# shellcheck shell=bash
# Helpers shared by scripts/demo.sh and scripts/test.sh. Source it, don't run it.
#
# Sets REPO_ROOT, BIN_DIR and CRONLOCK_BIN, and defines:
#   info / die             one-line messages on stderr
#   ensure_packages SPEC…  apt-get installs whatever is missing
#   publish_binary         dotnet publish of the native AOT binary into artifacts/bin

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN_DIR="$REPO_ROOT/artifacts/bin"
CRONLOCK_BIN="$BIN_DIR/cronlock"

# Keep the SDK's first-run banner and telemetry notice out of the output.
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

info() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo when it exists.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root to run '$*', and sudo is not installed; run it as root, then re-run this script"
    fi
}

# ensure_packages SPEC...
# Each SPEC is COMMANDS:PACKAGE, where COMMANDS is one command or several separated by '|' (an
# absolute path stands for a file the package installs). PACKAGE is installed when none of COMMANDS
# is on PATH (or exists). All missing packages are installed
# by a single 'apt-get update' + 'apt-get install -y'.
#   ensure_packages redis-server:redis-server 'clang|gcc:clang'
ensure_packages() {
    local spec cmds pkg cmd found
    local -a missing=()
    for spec in "$@"; do
        cmds="${spec%%:*}"
        pkg="${spec#*:}"
        found=""
        for cmd in ${cmds//|/ }; do
            if { [[ "$cmd" == /* ]] && [ -e "$cmd" ]; } || { [[ "$cmd" != /* ]] && command -v "$cmd" >/dev/null 2>&1; }; then
                found=1
                break
            fi
        done
        [ -n "$found" ] || missing+=("$pkg")
    done
    [ "${#missing[@]}" -gt 0 ] || return 0

    command -v apt-get >/dev/null 2>&1 ||
        die "missing packages: ${missing[*]}; install them with your package manager (this script only knows apt-get)"
    info "Installing ${missing[*]} (apt-get)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
        die "apt-get update failed"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
        die "apt-get install ${missing[*]} failed"
}

# Prints the .NET runtime identifier of this machine.
runtime_id() {
    case "$(uname -m)" in
        x86_64 | amd64) echo linux-x64 ;;
        aarch64 | arm64) echo linux-arm64 ;;
        *) die "unsupported CPU '$(uname -m)': CronLock publishes for x86_64 and aarch64 only" ;;
    esac
}

# Publishes the native AOT binary to artifacts/bin/cronlock. The full log goes to
# artifacts/publish.log; it is shown, and the script stops, when the publish fails or prints
# any warning (trim and AOT warnings must never ship, even if someone relaxes the build's
# warnings-as-errors).
publish_binary() {
    local rid log rc=0
    command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK first"
    rid="$(runtime_id)"
    log="$REPO_ROOT/artifacts/publish.log"
    mkdir -p "$REPO_ROOT/artifacts"
    info "Publishing the native AOT binary for $rid (takes a minute the first time)"
    dotnet publish "$REPO_ROOT/src/CronLock" -c Release -r "$rid" -o "$BIN_DIR" -tl:off -nologo \
        >"$log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
        cat "$log" >&2
        die "dotnet publish failed (exit $rc); log above and in artifacts/publish.log"
    fi
    if grep -E '\bwarning [A-Z]+[0-9]+' "$log" >&2; then
        die "dotnet publish printed the warnings above; they must be fixed (full log: artifacts/publish.log)"
    fi
    [ -x "$CRONLOCK_BIN" ] || die "dotnet publish succeeded but $CRONLOCK_BIN is missing"
    info "Published ${CRONLOCK_BIN#"$REPO_ROOT"/} ($(du -k "$CRONLOCK_BIN" | cut -f1) KiB)"
}
