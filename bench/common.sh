# shellcheck shell=bash
# common.sh is what the benchmark scripts share. A script sets bench_name
# (its name without .sh: the prefix of its log lines and the key of its
# usage block) and sources this file.

bench_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf '%s: %s\n' "$bench_name" "$*" >&2; }

die() {
	log "$*"
	exit 1
}

# usage prints the usage block of the script's header comment (from the
# line "#<tab>bench/NAME.sh" to the comment's next paragraph of prose) and
# exits 2.
usage() {
	awk -v s="#	bench/$bench_name.sh" '
		index($0, s) == 1 { on = 1 }
		on && !/^#(\t|$)/ { exit }
		on { sub(/^#\t?/, ""); print }' "$0" >&2
	exit 2
}

# build_bench BIN builds edgelint, the parse-only floor and the estate
# generator of the working tree into BIN.
build_bench() {
	log "building edgelint, the floor and the estate generator into $1"
	mkdir -p "$1"
	(cd "$bench_repo" && go build -o "$1/edgelint" ./cmd/edgelint &&
		go build -o "$1/floor" ./bench/floor &&
		go build -o "$1/edgelint-estate" ./cmd/edgelint-estate)
}
