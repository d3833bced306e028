# shellcheck shell=bash
# Helpers shared by the scripts (scripts/, bench/, reliability/, packaging/build-release.sh).
# Source it, don't run it.
#
# Sets REPO_ROOT, BIN_DIR and CRONLOCK_BIN, and defines:
#   info / die               one-line messages on stderr
#   missing_packages SPEC…   which packages are missing
#   ensure_packages SPEC…    apt-get installs whatever is missing
#   publish PROJECT RID …    dotnet publish that stops at any failure or warning
#   publish_binary           dotnet publish of the native AOT binary into artifacts/bin
#   stale BINARY PATH…       true when BINARY is missing or older than a source under the PATHs
#   publish_copy DIR LOG …   publishes cronlock from a copy of the sources into DIR/bin
#   locate_binary [--no-build]   sets CRONLOCK to the binary under test
#   free_port                    prints a free TCP port on 127.0.0.1
#   redis_start NAME             starts a throwaway redis-server on 127.0.0.1 and a free port;
#                                sets REDIS_PORT; redis_stop NAME stops it, redis_kill NAME kills it

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

# missing_packages SPEC...
# Each SPEC is COMMANDS:PACKAGE, where COMMANDS is one command or several separated by '|' (an
# absolute path stands for a file the package installs). Prints, one per line, the PACKAGE of
# every SPEC none of whose COMMANDS is on PATH (or exists).
missing_packages() {
    local spec cmds cmd found
    for spec in "$@"; do
        cmds="${spec%%:*}"
        found=""
        for cmd in ${cmds//|/ }; do
            if { [[ "$cmd" == /* ]] && [ -e "$cmd" ]; } || { [[ "$cmd" != /* ]] && command -v "$cmd" >/dev/null 2>&1; }; then
                found=1
                break
            fi
        done
        [ -n "$found" ] || echo "${spec#*:}"
    done
}

# ensure_packages SPEC...
# Installs the missing_packages of the SPECs with a single 'apt-get update' + 'apt-get install -y'.
#   ensure_packages redis-server:redis-server 'clang|gcc:clang'
ensure_packages() {
    local -a missing
    mapfile -t missing < <(missing_packages "$@")
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

# publish PROJECT RID OUTPUT_DIR LOG [dotnet publish arguments...]
# dotnet publish (Release) of PROJECT for RID into OUTPUT_DIR, its output in LOG. The log is
# shown, and the script stops, when the publish fails or prints any warning (trim and AOT warnings
# must never ship, even if someone relaxes the build's warnings-as-errors).
publish() {
    local project="$1" rid="$2" output="$3" log="$4" rc=0
    shift 4
    command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK first"
    mkdir -p "$(dirname "$log")"
    dotnet publish "$project" -c Release -r "$rid" -o "$output" -tl:off -nologo "$@" >"$log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
        cat "$log" >&2
        die "dotnet publish ${project#"$REPO_ROOT"/} -r $rid failed (exit $rc); log above and in ${log#"$REPO_ROOT"/}"
    fi
    if grep -E '\bwarning [A-Z]+[0-9]+' "$log" >&2; then
        die "dotnet publish ${project#"$REPO_ROOT"/} -r $rid printed the warnings above; they must be fixed (full log: ${log#"$REPO_ROOT"/})"
    fi
}

# Publishes the native AOT binary for this machine to artifacts/bin/cronlock (log:
# artifacts/publish.log).
publish_binary() {
    local rid
    rid="$(runtime_id)"
    info "Publishing the native AOT binary for $rid (takes a minute the first time)"
    publish "$REPO_ROOT/src/CronLock" "$rid" "$BIN_DIR" "$REPO_ROOT/artifacts/publish.log"
    [ -x "$CRONLOCK_BIN" ] || die "dotnet publish succeeded but $CRONLOCK_BIN is missing"
    info "Published ${CRONLOCK_BIN#"$REPO_ROOT"/} ($(du -k "$CRONLOCK_BIN" | cut -f1) KiB)"
}

# stale BINARY PATH...: true when BINARY is missing or older than a source file under the PATHs.
stale() {
    local binary="$1"
    shift
    [ ! -x "$binary" ] ||
        [ -n "$(find "$@" -newer "$binary" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -not -path '*/obj/*' -print -quit)" ]
}

# publish_copy DIR LOG [PUBLISH ARGS...]: publishes cronlock to DIR/bin/cronlock when the sources
# are newer, from a copy of them made in DIR, so that its intermediate files never mix with those
# of the binary under test.
publish_copy() {
    local dir="$1" log="$2"
    shift 2
    stale "$dir/bin/cronlock" "$REPO_ROOT/src" "$REPO_ROOT/Directory.Build.props" || return 0
    rm -rf "$dir"
    mkdir -p "$dir/src"
    cp "$REPO_ROOT/Directory.Build.props" "$dir/"
    tar -C "$REPO_ROOT/src" --exclude=bin --exclude=obj -cf - . | tar -C "$dir/src" -xf -
    publish "$dir/src/CronLock" "$(runtime_id)" "$dir/bin" "$log" "$@"
}

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

# Prints a TCP port on 127.0.0.1 that is free now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

declare -A REDIS_PORTS=()

# redis_start NAME [extra redis-server args...]
# A throwaway redis-server on 127.0.0.1 and a free port (the same port again when NAME ran before);
# sets REDIS_PORT. Its data directory, pidfile and log are $WORK_DIR/redis-NAME: set WORK_DIR first.
# No persistence unless the extra args ask for it (a killed server forgets its keys, as the
# reliability scenarios want), and a high client limit for the load tests.
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
    # shellcheck disable=SC2034 # for the caller
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
