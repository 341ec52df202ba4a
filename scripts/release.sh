#!/usr/bin/env bash
# Builds edgelint's release archives, reproducibly:
#
#   scripts/release.sh VERSION [OUTDIR]
#
# VERSION is the release tag (v1.2.3); OUTDIR (default dist) receives
# edgelint_VERSION_OS_ARCH.tar.gz (.zip for windows), each holding the
# directory edgelint_VERSION_OS_ARCH with the binary and README.md, and
# SHA256SUMS. The binaries are static (CGO_ENABLED=0), built with
# -trimpath, the version, commit and modified flag stamped (-ldflags -X, and
# go build's own VCS stamp where it makes one). Archive entries are sorted,
# dated SOURCE_DATE_EPOCH (default: the commit's time) and owned by 0:0, so
# the same commit built again gives the same bytes.
#
# EDGELINT_PLATFORMS narrows the platforms ("linux/amd64 windows/arm64").
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: scripts/release.sh VERSION [OUTDIR]" >&2
	exit 2
fi
version=$1
if ! [[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
	echo "release.sh: VERSION must be a semantic version tag such as v1.2.3, not \"$version\"" >&2
	exit 2
fi
out=${2:-dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$(dirname "$0")/.."

platforms=${EDGELINT_PLATFORMS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64}

revision="" modified=""
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	revision=$(git rev-parse HEAD)
	modified=false
	if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
		modified=true
		echo "release.sh: warning: the working tree has uncommitted changes; the binaries say so" >&2
	fi
fi
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	if [ -z "$revision" ]; then
		echo "release.sh: not a git checkout: set SOURCE_DATE_EPOCH for the archives' times" >&2
		exit 2
	fi
	SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)
fi
export SOURCE_DATE_EPOCH

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/archive" ./scripts/archive

ldflags="-s -w -X main.version=$version -X main.revision=$revision -X main.modified=$modified"
archives=()
for platform in $platforms; do
	goos=${platform%/*} goarch=${platform#*/}
	name="edgelint_${version#v}_${goos}_${goarch}"
	exe=edgelint
	[ "$goos" = windows ] && exe=edgelint.exe
	echo "building $name" >&2
	mkdir -p "$work/$name"
	CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch go build -trimpath -buildvcs=auto -ldflags "$ldflags" -o "$work/$name/$exe" ./cmd/edgelint
	cp README.md "$work/$name/README.md"
	ext=tar.gz
	[ "$goos" = windows ] && ext=zip
	"$work/archive" pack -mtime "$SOURCE_DATE_EPOCH" -o "$out/$name.$ext" "$work/$name"
	archives+=("$out/$name.$ext")
done
"$work/archive" sums -o "$out/SHA256SUMS" "${archives[@]}"
cat "$out/SHA256SUMS"
