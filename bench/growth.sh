#!/usr/bin/env bash
# growth.sh measures how edgelint's and the parse-only floor's wall times
# grow from one estate size to a larger one. The two sizes are measured in
# alternation, round after round (edgelint small, edgelint large, floor
# small, floor large), so that a machine whose speed drifts over minutes
# weighs on both sizes alike; separate bench/compare.sh runs, minutes
# apart, can differ by more than the growth being measured.
#
#	bench/growth.sh [-a UNITS] [-b UNITS] [-r ROUNDS] [-s SEED] [-o OUTDIR]
#
#	-a UNITS  the smaller estate (default 1000)
#	-b UNITS  the larger estate (default 10000)
#	-r ROUNDS rounds of the four runs, after one warm-up round (default 3)
#	-s SEED   estate seed (default 1)
#	-o OUTDIR where the binaries and the estates go
#	          (default ${TMPDIR:-/tmp}/edgelint-growth)
#
# It prints each round's wall times and growths, then the growth of the
# lowest wall times: large / small, for edgelint and for the floor.
set -euo pipefail

a=1000
b=10000
rounds=3
seed=1
outdir="${TMPDIR:-/tmp}/edgelint-growth"

bench_name=growth
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

while getopts "a:b:r:s:o:h" opt; do
	case $opt in
	a) a=$OPTARG ;;
	b) b=$OPTARG ;;
	r) rounds=$OPTARG ;;
	s) seed=$OPTARG ;;
	o) outdir=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[[ $# -eq 0 ]] || usage
[[ $a =~ ^[1-9][0-9]*$ && $b =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ && $seed =~ ^[0-9]+$ ]] || usage

mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
bin="$outdir/bin"
build_bench "$bin"

for u in "$a" "$b"; do
	dir="$outdir/estate-$u-s$seed"
	if [[ ! -f $dir/estate-manifest.json ]]; then
		log "generating $dir"
		rm -rf "$dir"
		"$bin/edgelint-estate" -out "$dir" -units "$u" -seed "$seed" >&2
	fi
done
sync

# wall runs a command and prints its wall time in seconds, to the
# millisecond (bash's microsecond clock, EPOCHREALTIME).
wall() {
	local s=$EPOCHREALTIME
	"$@" >/dev/null 2>&1 || true
	awk -v s="$s" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.3f", e - s }'
}

declare -A best
for r in $(seq 0 "$rounds"); do
	line=""
	declare -A now=()
	for tool in edgelint floor; do
		for u in "$a" "$b"; do
			dir="$outdir/estate-$u-s$seed"
			if [[ $tool == edgelint ]]; then
				t=$(wall "$bin/edgelint" --format json --no-config "$dir")
			else
				t=$(wall "$bin/floor" "$dir")
			fi
			now[$tool.$u]=$t
			line+=" $tool $u: ${t}s"
			if ((r > 0)); then
				k=$tool.$u
				if [[ -z ${best[$k]:-} ]] || awk -v x="$t" -v y="${best[$k]}" 'BEGIN { exit !(x < y) }'; then
					best[$k]=$t
				fi
			fi
		done
	done
	if ((r == 0)); then
		log "warm-up round:$line"
		continue
	fi
	log "round $r:$line; growth edgelint $(awk -v x="${now[edgelint.$b]}" -v y="${now[edgelint.$a]}" 'BEGIN { printf "%.2f", x / y }'), floor $(awk -v x="${now[floor.$b]}" -v y="${now[floor.$a]}" 'BEGIN { printf "%.2f", x / y }')"
done
printf 'lowest wall times: edgelint %s s (%s units), %s s (%s units); floor %s s, %s s\n' \
	"${best[edgelint.$a]}" "$a" "${best[edgelint.$b]}" "$b" "${best[floor.$a]}" "${best[floor.$b]}"
printf 'growth %s -> %s units: edgelint %s, floor %s\n' "$a" "$b" \
	"$(awk -v x="${best[edgelint.$b]}" -v y="${best[edgelint.$a]}" 'BEGIN { printf "%.2f", x / y }')" \
	"$(awk -v x="${best[floor.$b]}" -v y="${best[floor.$a]}" 'BEGIN { printf "%.2f", x / y }')"
