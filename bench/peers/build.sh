#!/usr/bin/env bash
# Builds the bench's peers (bench/peers/README.md) into OUT_DIR:
#
#   bash bench/peers/build.sh [OUT_DIR]      (default: artifacts/bench/peers)
#
#   OUT_DIR/golock-peer   golock's Redis sequence in Go (golang-go, golang-github-gomodule-redigo-dev)
#   OUT_DIR/floor-peer    the C floor (libhiredis-dev, a C compiler: $CC, else gcc, else clang)
#
# Installs the Debian packages that are missing. A peer whose packages cannot be installed is not
# built: one line says why, and the script still exits 0, so that the bench runs without it.
# Nothing is downloaded besides those packages: Go builds in GOPATH mode from the sources Debian
# puts under /usr/share/gocode, with the module proxy off.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
PEERS_DIR="$REPO_ROOT/bench/peers"
OUT_DIR="${1:-$REPO_ROOT/artifacts/bench/peers}"
mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"

GOCODE=/usr/share/gocode
REDIGO="$GOCODE/src/github.com/gomodule/redigo/redis/redis.go"

# skip PEER REASON: the one line the brief of the bench asks for; the bench goes on without it.
skip() { printf '==> not building %s: %s\n' "$1" "$2" >&2; }

# Runs ensure_packages in a subshell: its die() must skip a peer, not end the script.
have_packages() { (ensure_packages "$@") >&2; }

build_golock() {
    local out="$OUT_DIR/golock-peer" gopath
    if ! have_packages go:golang-go "$REDIGO:golang-github-gomodule-redigo-dev"; then
        skip golock-peer "golang-go or golang-github-gomodule-redigo-dev cannot be installed"
        return 0
    fi
    # GOPATH's first entry is where go would write; Debian's tree is read-only by convention.
    gopath="$(mktemp -d)"
    info "Building ${out#"$REPO_ROOT"/} (Go $(go env GOVERSION), GOPATH mode)"
    # Stripped and static, as golock's released binaries are built.
    if ! (cd "$PEERS_DIR/golock" &&
        GO111MODULE=off GOPATH="$gopath:$GOCODE" GOPROXY=off GOFLAGS='' CGO_ENABLED=0 \
            GOCACHE="${GOCACHE:-$REPO_ROOT/artifacts/bench/go-cache}" \
            go build -trimpath -ldflags='-s -w' -o "$out" .); then
        rm -rf "$gopath"
        die "go build of bench/peers/golock failed"
    fi
    rm -rf "$gopath"
}

build_floor() {
    local out="$OUT_DIR/floor-peer" cc
    if ! have_packages 'clang|gcc:clang' /usr/include/hiredis/hiredis.h:libhiredis-dev; then
        skip floor-peer "a C compiler or libhiredis-dev cannot be installed"
        return 0
    fi
    cc="${CC:-$(command -v gcc || command -v clang)}"
    info "Building ${out#"$REPO_ROOT"/} ($(basename "$cc"))"
    "$cc" -O2 -Wall -Wextra -Werror -o "$out" "$PEERS_DIR/floor/floor.c" "$PEERS_DIR/floor/md5.c" -lhiredis ||
        die "$cc failed on bench/peers/floor"
}

build_golock
build_floor
