#!/usr/bin/env bash
# Builds the cronlock .deb from a published native AOT binary, with dpkg-deb alone: no network, no
# debhelper, no root (--root-owner-group makes every file root's inside the archive).
#
#   packaging/build-deb.sh [--binary PATH] [--rid RID] [--output DIR]
#
#   --binary  the published binary (default: artifacts/bin/cronlock)
#   --rid     the runtime identifier it was published for; it names the Debian architecture:
#             linux-x64 -> amd64, linux-arm64 -> arm64, linux-arm -> armhf (default: linux-x64)
#   --output  the directory the .deb is written to (default: artifacts/deb)
#
# The version is <Version> in Directory.Build.props (a SemVer pre-release "1.1.0-rc.1" becomes
# "1.1.0~rc.1", which dpkg sorts before 1.1.0). The package installs:
#   /usr/bin/cronlock                                 the binary
#   /usr/bin/golock -> cronlock                       drop-in for crontabs that call golock
#   /usr/share/man/man1/cronlock.1.gz, golock.1.gz    the man page (golock's is a link)
#   /usr/share/doc/cronlock/                          README.md, docs/, copyright, changelog.gz
#   /usr/share/bash-completion/completions/cronlock   completion (golock: a link)
#   /usr/share/lintian/overrides/cronlock             the two lintian tags left on purpose (no PIE; .NET's static zlib)
# As Debian policy asks, every documentation file over 4 KB is gzipped (README.md.gz, docs/*.md.gz;
# read them with zless); copyright never is.
# Environment:
#   DEB_MAINTAINER     the Maintainer field; default: "$DEBFULLNAME <$DEBEMAIL>" when DEBEMAIL is
#                      set (Debian's convention), else the author of the last commit
#   DEB_HOMEPAGE       the Homepage field; default: the https address of the 'origin' remote when it
#                      is one (the release workflow passes the GitHub repository's), else no field
#   SOURCE_DATE_EPOCH  every timestamp in the package; default: the last commit's time, so a
#                      rebuild of one commit gives the same bytes
# The path of the .deb is the last line printed.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="$repo_root/artifacts/bin/cronlock"
rid="linux-x64"
output="$repo_root/artifacts/deb"

die() {
    echo "build-deb.sh: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
        --rid) rid="${2:?--rid needs a runtime identifier}"; shift 2 ;;
        --output) output="${2:?--output needs a directory}"; shift 2 ;;
        -h | --help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done

command -v dpkg-deb >/dev/null || die "dpkg-deb is missing (apt-get install dpkg)"

# The ELF machine (bytes 18-19 of the header) must match the architecture the package claims;
# a musl binary needs a musl system, which no .deb architecture here describes.
case "$rid" in
    linux-x64) arch=amd64 machine=3e00 ;;
    linux-arm64) arch=arm64 machine=b700 ;;
    linux-arm) arch=armhf machine=2800 ;;
    linux-musl-*) die "--rid $rid: a .deb is for glibc systems; ship the musl binary as a tarball" ;;
    *) die "--rid $rid: no Debian architecture known for it (linux-x64, linux-arm64, linux-arm)" ;;
esac

[ -f "$binary" ] || die "no binary at $binary: publish it first with
  dotnet publish src/CronLock -c Release -r $rid -o artifacts/bin"
[ "$(head -c 4 "$binary" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] || die "$binary is not an ELF executable"
actual_machine="$(od -An -tx1 -j18 -N2 "$binary" | tr -d ' \n')"
[ "$actual_machine" = "$machine" ] || die "$binary is not a $rid binary (ELF machine $actual_machine, expected $machine)"
if LC_ALL=C grep -q -a 'ld-musl-' "$binary"; then
    die "$binary is linked against musl; a .deb needs the glibc ($rid) build"
fi

version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo_root/Directory.Build.props" | head -n 1)"
[ -n "$version" ] || die "no <Version> in $repo_root/Directory.Build.props"
deb_version="${version/-/\~}"
[[ "$deb_version" =~ ^[0-9][A-Za-z0-9.+~]*$ ]] || die "<Version> '$version' is not a usable package version"

# The newest glibc symbol version the binary links against is the libc6 it needs.
glibc="$(LC_ALL=C grep -a -o 'GLIBC_2\.[0-9]*' "$binary" | sort -u -V | tail -n 1 | sed 's/GLIBC_//')"
depends="libc6${glibc:+ (>= $glibc)}, libssl3 | libssl3t64"

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    SOURCE_DATE_EPOCH="$(git -C "$repo_root" log -1 --format=%ct 2>/dev/null || date +%s)"
fi
export SOURCE_DATE_EPOCH

# Never a made-up address: one on localhost bounces, and lintian rejects it (bogus-mail-host).
maintainer="${DEB_MAINTAINER:-}"
if [ -z "$maintainer" ] && [ -n "${DEBEMAIL:-}" ]; then
    maintainer="${DEBFULLNAME:-CronLock contributors} <$DEBEMAIL>"
fi
if [ -z "$maintainer" ]; then
    maintainer="$(git -C "$repo_root" log -1 --format='%an <%ae>' 2>/dev/null || true)"
fi
address='^[^<>]+ <[^@<> ]+@[^@<> ]+>$'
[[ "$maintainer" =~ $address ]] ||
    die "no usable Maintainer ('$maintainer'): set DEB_MAINTAINER='Name <address>'"
[[ "$maintainer" != *@localhost\>* && "$maintainer" != *@localhost.localdomain\>* ]] || die "Maintainer '$maintainer' is on localhost: set DEB_MAINTAINER='Name <address>'"

homepage="${DEB_HOMEPAGE:-}"
if [ -z "$homepage" ]; then
    origin="$(git -C "$repo_root" remote get-url origin 2>/dev/null || true)"
    case "$origin" in
        https://*) homepage="${origin%.git}" ;;
        git@*:*)
            origin="${origin#git@}"
            homepage="https://${origin/://}"
            homepage="${homepage%.git}"
            ;;
    esac
    # A token in an https remote (https://user:token@host/...) must not end up in the package.
    [[ "$homepage" != https://*@* ]] || homepage=""
fi
[ -z "$homepage" ] || [[ "$homepage" =~ ^https?://[^[:space:]]+$ ]] || die "DEB_HOMEPAGE '$homepage' is not an http(s) address"

staging="$(mktemp -d "${TMPDIR:-/tmp}/cronlock-deb.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
root="$staging/cronlock_${deb_version}_${arch}"
umask 022

install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" \
    "$root/usr/share/doc/cronlock/docs" "$root/usr/share/bash-completion/completions"

install -m 0755 "$binary" "$root/usr/bin/cronlock"
ln -s cronlock "$root/usr/bin/golock"

gzip -9 -n -c "$repo_root/docs/man/cronlock.1" > "$root/usr/share/man/man1/cronlock.1.gz"
chmod 0644 "$root/usr/share/man/man1/cronlock.1.gz"
ln -s cronlock.1.gz "$root/usr/share/man/man1/golock.1.gz"

install -m 0644 "$repo_root/contrib/cronlock.bash-completion" "$root/usr/share/bash-completion/completions/cronlock"
ln -s cronlock "$root/usr/share/bash-completion/completions/golock"

# README.md links to docs/*.md: keep that layout, so the installed copy reads as the repository does
# (a link to a gzipped page names it without its .gz).
doc="$root/usr/share/doc/cronlock"
install -m 0644 "$repo_root/README.md" "$doc/README.md"
install -m 0644 "$repo_root/packaging/copyright" "$doc/copyright"
(
    cd "$repo_root/docs"
    find . -path ./man -prune -o -type f -print | LC_ALL=C sort | while IFS= read -r file; do
        install -D -m 0644 "$file" "$doc/docs/${file#./}"
    done
)
find "$doc" -type f ! -name copyright -size +4k -print0 | LC_ALL=C sort -z | xargs -0 -r gzip -9 -n

# A native package's changelog: one entry, for the version this build is, from this commit.
commit="$(git -C "$repo_root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
{
    printf 'cronlock (%s) unstable; urgency=medium\n\n' "$deb_version"
    printf '  * CronLock %s, built from commit %s.\n' "$version" "$commit"
    printf '    The changes are in the git history of the repository.\n\n'
    printf ' -- %s  %s\n' "$maintainer" "$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9 -n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

install -d "$root/usr/share/lintian/overrides"
cat > "$root/usr/share/lintian/overrides/cronlock" <<'EOF'
# Built without PIE on purpose: its type data is then used in place, without relocation, so a run
# touches only the pages it reads (docs/performance.md). Libraries, heap and stacks are still
# address-randomised.
cronlock: hardening-no-pie [usr/bin/cronlock]
# Native AOT links .NET's own zlib-ng (System.IO.Compression.Native, reached through the HTTP client
# of CRONLOCK_PING_URL / CRONLOCK_WEBHOOK_URL) statically into the one binary; there is no shared
# library of it to depend on, and cronlock decompresses nothing (no Accept-Encoding is sent).
cronlock: embedded-library zlib [usr/bin/cronlock]
EOF
chmod 0644 "$root/usr/share/lintian/overrides/cronlock"

installed_size="$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)"
cat > "$root/DEBIAN/control" <<EOF
Package: cronlock
Version: $deb_version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Recommends: ca-certificates
Suggests: redis-server, redis-tools
Provides: golock
Conflicts: golock
Replaces: golock
Section: utils
Priority: optional
${homepage:+Homepage: $homepage
}Description: run a cron job on one host at a time, under a lock in Redis
 cronlock runs a command only if it can first take a lock in a central Redis
 server, so a job scheduled on several hosts for redundancy runs on exactly
 one of them, and a job scheduled often never overlaps itself.
 .
 It is a drop-in replacement for golock (installed as /usr/bin/golock too)
 and the bash cronlock: same CRONLOCK_* variables, Redis keys and values,
 and exit codes. It adds owner-checked release, fencing tokens, lease
 renewal, signal forwarding and lock inspection (--status, --list).
EOF
chmod 0644 "$root/DEBIAN/control"

(cd "$root" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"

find "$root" -depth -exec touch --no-dereference --date="@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$output"
deb="$(cd "$output" && pwd)/cronlock_${deb_version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >&2
echo "$deb"
