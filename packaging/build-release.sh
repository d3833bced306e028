#!/usr/bin/env bash
# Builds what a release ships for one runtime identifier: the release workflow runs it on a tag
# (.github/workflows/release.yml), and scripts/test.sh runs it here so that the tests check its output.
#
#   packaging/build-release.sh --rid RID [--output DIR] [--binary PATH] [--install-missing]
#
#   --rid              linux-x64, linux-arm64 or linux-musl-x64
#   --output           the directory to fill (default: artifacts/release/RID); emptied first
#   --binary           ship this already-published binary for RID instead of publishing one
#   --install-missing  apt-get install the cross toolchain when it is missing, instead of stopping
#
# It publishes the native AOT binary for RID, checks that `cronlock --version` prints the <Version>
# of Directory.Build.props and a commit, and writes:
#   cronlock-RID                  the binary
#   cronlock_VERSION_ARCH.deb     glibc RIDs only (packaging/build-deb.sh)
#   SHA256SUMS                    the sums of the files above, for `sha256sum -c`
#
# A glibc RID for another CPU than this machine's is cross-compiled with clang and Debian's cross
# sysroot, and its --version runs under qemu-user; the error names the packages when one is missing.
# A musl binary is built on a musl system (Alpine): the compiler's musl runtime package is not
# meant for glibc hosts.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

die() {
    echo "build-release.sh: $*" >&2
    exit 1
}

rid=""
output=""
binary=""
install_missing=""
while [ $# -gt 0 ]; do
    case "$1" in
        --rid) rid="${2:?--rid needs a runtime identifier}"; shift 2 ;;
        --output) output="${2:?--output needs a directory}"; shift 2 ;;
        --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
        --install-missing) install_missing=1; shift ;;
        -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
[ -n "$rid" ] || die "--rid is required (linux-x64, linux-arm64 or linux-musl-x64)"
output="${output:-$REPO_ROOT/artifacts/release/$rid}"

host_cpu="$(runtime_id)"
host_cpu="${host_cpu#linux-}"
host_musl=""
if ldd --version 2>&1 | grep -qi musl; then host_musl=1; fi

# For each target: its CPU, the GNU triple of Debian's cross sysroot, and qemu-user's name for it.
case "$rid" in
    linux-x64) cpu=x64 triple=x86_64-linux-gnu qemu=qemu-x86_64-static debian_cpu=amd64 libc=glibc ;;
    linux-arm64) cpu=arm64 triple=aarch64-linux-gnu qemu=qemu-aarch64-static debian_cpu=arm64 libc=glibc ;;
    linux-musl-x64) cpu=x64 libc=musl ;;
    *) die "--rid $rid: not a release target (linux-x64, linux-arm64, linux-musl-x64)" ;;
esac

runner=()
publish_args=()
if [ "$libc" = musl ]; then
    if [ -z "$host_musl" ] || [ "$cpu" != "$host_cpu" ]; then
        die "--rid $rid is built on a musl system with the same CPU (e.g. in the mcr.microsoft.com/dotnet/sdk:10.0-alpine image), not here"
    fi
elif [ -n "$host_musl" ]; then
    die "--rid $rid (glibc) is built on a glibc system"
elif [ "$cpu" != "$host_cpu" ]; then
    # Cross-compiling: clang targets the triple and finds the cross sysroot and libgcc that Debian's
    # cross packages install; llvm-objcopy strips a foreign ELF. qemu-user runs the result.
    cross=(
        clang:clang
        llvm-objcopy:llvm
        "$triple-gcc:gcc-${triple//_/-}"
        "/usr/$triple/lib/crt1.o:libc6-dev-$debian_cpu-cross"
        "$qemu:qemu-user-static"
    )
    if [ -n "$install_missing" ]; then
        ensure_packages "${cross[@]}"
    else
        mapfile -t missing < <(missing_packages "${cross[@]}")
        [ "${#missing[@]}" -eq 0 ] ||
            die "cross-building $rid needs: apt-get install ${missing[*]} (or pass --install-missing)"
    fi
    publish_args=(-p:CppCompilerAndLinker=clang)
    runner=("$qemu" -L "/usr/$triple")
fi

version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$REPO_ROOT/Directory.Build.props" | head -n 1)"
[ -n "$version" ] || die "no <Version> in $REPO_ROOT/Directory.Build.props"

if [ -z "$binary" ]; then
    # A separate output directory per RID; the intermediate files are per RID already (obj/.../RID).
    echo "build-release.sh: publishing $rid" >&2
    publish "$REPO_ROOT/src/CronLock" "$rid" "$REPO_ROOT/artifacts/release-bin/$rid" \
        "$REPO_ROOT/artifacts/release-bin/$rid.log" "${publish_args[@]}"
    binary="$REPO_ROOT/artifacts/release-bin/$rid/cronlock"
fi
[ -x "$binary" ] || die "no executable binary at $binary"

printed="$("${runner[@]}" "$binary" --version)" || die "$rid: cronlock --version failed"
[[ "$printed" =~ ^cronlock\ ${version//./\\.}\ \(commit\ [0-9a-f]{7,}\)$ ]] ||
    die "$rid: cronlock --version printed '$printed', expected 'cronlock $version (commit <hash>)'"
echo "build-release.sh: $rid: $printed" >&2

rm -rf "$output"
mkdir -p "$output"
install -m 0755 "$binary" "$output/cronlock-$rid"
if [ "$libc" = glibc ]; then
    bash "$REPO_ROOT/packaging/build-deb.sh" --binary "$binary" --rid "$rid" --output "$output" >/dev/null
fi
(
    cd "$output"
    files=()
    for file in *; do [ -f "$file" ] && files+=("$file"); done
    sha256sum -- "${files[@]}" > SHA256SUMS
)
echo "$output"
