#!/usr/bin/env bash
# compare.sh measures edgelint on one synthetic estate (bench/estate) against
# the parse-only floor (bench/floor), tflint and trivy, and writes a Markdown
# report: wall time, CPU time (user+sys) and peak RSS of each tool, their
# ratios to edgelint and to the floor, whether edgelint reports every seeded
# fault, the pre-commit case (edgelint --changed-files on one file), the
# machine, the versions and the exact commands. It exits 1 when edgelint
# misses a seeded fault or reports anything else.
#
#	bench/compare.sh [-u UNITS] [-s SEED] [-o OUTDIR] [-r RUNS] [-a ROUNDS] [-l SLOW] [-t TOOLS]
#
#	-u UNITS  estate size in units (default 1000)
#	-s SEED   estate seed (default 1)
#	-o OUTDIR where the binaries, the estate, the raw outputs and
#	          compare-UNITS.md go (default ${TMPDIR:-/tmp}/edgelint-compare)
#	-r RUNS   measured runs after a warm-up run; the run with the lowest wall
#	          time is reported (default 3)
#	-a ROUNDS then, edgelint and the floor are run one after the other
#	          ROUNDS times, timed to the microsecond, and the ratios of
#	          their lowest and median wall times are reported: steadier
#	          than the lowest of a few runs on a machine whose speed
#	          drifts (default 20, or 3 above 1,000 units; 0: not done)
#	-l SLOW   a tool whose first run takes SLOW seconds or more is run only
#	          once, and that run is reported (default 30)
#	-t TOOLS  comma-separated subset of edgelint,floor,tflint,trivy,precommit
#	          (default: all)
#
# tflint v0.64.0 and trivy v0.74.0 are installed with `go install` into
# ${EDGELINT_BENCH_TOOLS:-$HOME/.cache/edgelint-bench} the first time (trivy
# takes several minutes to build) and reused afterwards. Installing them is
# the only step that uses the network: every measured command runs in an
# empty network namespace (`unshare -n`, or `unshare -rn` without root) when
# the system allows it, so a tool that tried to reach the network would fail
# instead of being timed with a download in it. The report says which.
#
# The estate is written back to the disk (sync) and, with each binary, read
# into the page cache first. Each tool
# is then run once more to warm up (that run is not reported) and measured
# RUNS times under `/usr/bin/time -v`; the run with the lowest wall time is
# reported. A tool whose first run takes SLOW seconds or more is run only
# once, and that run is reported.
set -euo pipefail

TFLINT_VERSION=v0.64.0
TRIVY_VERSION=v0.74.0

units=1000
seed=1
outdir="${TMPDIR:-/tmp}/edgelint-compare"
runs=3
rounds=""
slow=30
only="edgelint,floor,tflint,trivy,precommit"
precommit_runs=5

bench_name=compare
# shellcheck source=bench/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

while getopts "u:s:o:r:a:l:t:h" opt; do
	case $opt in
	u) units=$OPTARG ;;
	s) seed=$OPTARG ;;
	o) outdir=$OPTARG ;;
	r) runs=$OPTARG ;;
	a) rounds=$OPTARG ;;
	l) slow=$OPTARG ;;
	t) only=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[[ $# -eq 0 ]] || usage
if [[ -z $rounds ]]; then
	rounds=20
	if [[ $units =~ ^[0-9]+$ ]] && ((units > 1000)); then rounds=3; fi
fi
[[ $units =~ ^[0-9]+$ && $seed =~ ^[0-9]+$ && $runs =~ ^[1-9][0-9]*$ && $rounds =~ ^[0-9]+$ && $slow =~ ^[0-9]+([.][0-9]+)?$ ]] || usage

wanted() { [[ ",$only," == *",$1,"* ]]; }

tools="${EDGELINT_BENCH_TOOLS:-$HOME/.cache/edgelint-bench}"
mkdir -p "$outdir" "$tools"
outdir=$(cd "$outdir" && pwd)
bin="$outdir/bin"
estate="$outdir/estate-$units-s$seed"
raw="$outdir/raw-$units"
report="$outdir/compare-$units.md"
rm -rf "$raw"
mkdir -p "$bin" "$raw"

command -v go >/dev/null || die "go not found"
command -v python3 >/dev/null || die "python3 not found (it checks findings against the manifest)"

# /usr/bin/time is GNU time (Debian package "time"), not the shell keyword.
if [[ ! -x /usr/bin/time ]]; then
	log "installing the Debian package time for /usr/bin/time"
	sudo=()
	[[ $(id -u) -eq 0 ]] || sudo=(sudo)
	"${sudo[@]}" apt-get install -y --no-install-recommends time >&2 ||
		{ "${sudo[@]}" apt-get update >&2 && "${sudo[@]}" apt-get install -y --no-install-recommends time >&2; }
fi

# modversion BIN prints the version of the main module BIN was built from.
modversion() { go version -m "$1" 2>/dev/null | awk '$1 == "mod" && v == "" { v = $3 } END { print v }'; }

# install NAME PACKAGE VERSION [ENV...] go-installs PACKAGE@VERSION into
# $tools unless $tools/NAME was already built from that version.
install_tool() {
	local name=$1 pkg=$2 version=$3
	shift 3
	if [[ -x "$tools/$name" && $(modversion "$tools/$name") == "$version" ]]; then
		return
	fi
	log "installing $pkg@$version into $tools (network: Go module proxy)"
	(cd "$tools" && env "$@" GOBIN="$tools" go install "$pkg@$version") >&2
	[[ $(modversion "$tools/$name") == "$version" ]] || die "$tools/$name is not $version"
}

if wanted tflint; then
	install_tool tflint github.com/terraform-linters/tflint "$TFLINT_VERSION"
fi
if wanted trivy; then
	install_tool trivy github.com/aquasecurity/trivy/cmd/trivy "$TRIVY_VERSION" CGO_ENABLED=0 GOEXPERIMENT=jsonv2
fi

build_bench "$bin"

log "generating $estate"
rm -rf "$estate"
"$bin/edgelint-estate" -out "$estate" -units "$units" -seed "$seed" >"$raw/estate.txt"
cat "$raw/estate.txt" >&2
# The estate's files are written back to the disk now, not while a tool
# is measured.
sync
manifest="$estate/estate-manifest.json"

# Measured commands run without a network when an empty network namespace
# can be made.
offline=()
network="not isolated (unshare -n is not available here): measured commands could reach the network"
if unshare -n true 2>/dev/null; then
	offline=(unshare -n)
	network="every measured command ran in an empty network namespace (unshare -n): no network at all"
elif unshare -rn true 2>/dev/null; then
	offline=(unshare -rn)
	network="every measured command ran in an empty network namespace (unshare -rn): no network at all"
fi

# Per-tool results.
declare -A wall cpu rss nruns cmd note
missed=false

# elapsed converts GNU time's "h:mm:ss" or "m:ss.ss" to seconds.
elapsed() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"; }

# timed_run OUT DIR CMD... runs CMD in DIR under /usr/bin/time -v, with
# standard output in OUT.stdout, standard error in OUT.stderr and the
# measurements in OUT.time; it sets run_wall, run_cpu, run_rss (MB) and
# run_rc. prepare, if set, is run first (outside the measurement).
prepare=""
timed_run() {
	local out=$1 dir=$2 tfile
	shift 2
	tfile="$out.time"
	if [[ -n $prepare ]]; then "$prepare"; fi
	run_rc=0
	(cd "$dir" && "${offline[@]}" /usr/bin/time -v -o "$tfile" "$@" >"$out.stdout" 2>"$out.stderr") || run_rc=$?
	local e u s m
	e=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tfile")
	u=$(sed -n 's/^[[:space:]]*User time (seconds): //p' "$tfile")
	s=$(sed -n 's/^[[:space:]]*System time (seconds): //p' "$tfile")
	m=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$tfile")
	[[ -n $e && -n $u && -n $s && -n $m ]] || die "no measurements in $tfile (see $out.stderr)"
	run_wall=$(elapsed "$e")
	run_cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
	run_rss=$(awk -v m="$m" 'BEGIN { printf "%.0f", m / 1024 }')
}

# measure NAME OKCODES DIR CMD... runs CMD once more than $runs times and
# keeps the run with the lowest wall time but the first, which warms the
# page cache; if that first run took $slow s or more, it is the only run
# and it is kept (the estate and the binary were read into the page cache
# beforehand). An exit code outside the space-separated OKCODES stops the
# comparison.
measure() {
	local name=$1 ok=$2 dir=$3 n i keep
	shift 3
	cat "$1" >/dev/null
	n=$runs
	for ((i = 0; i <= n; i++)); do
		timed_run "$raw/$name.$i" "$dir" "$@"
		[[ " $ok " == *" $run_rc "* ]] || die "$name exited with $run_rc (see $raw/$name.$i.stderr)"
		keep=false
		if [[ $i -eq 0 ]]; then
			if awk -v w="$run_wall" -v l="$slow" 'BEGIN { exit !(w >= l) }'; then
				n=0
				keep=true
				log "$name: run 1/1: wall ${run_wall}s, CPU ${run_cpu}s, peak RSS ${run_rss} MB, exit $run_rc (slow: no further runs)"
			else
				log "$name: warm-up run: wall ${run_wall}s"
			fi
		else
			log "$name: run $i/$n: wall ${run_wall}s, CPU ${run_cpu}s, peak RSS ${run_rss} MB, exit $run_rc"
			if [[ $i -eq 1 ]] || awk -v a="$run_wall" -v b="${wall[$name]}" 'BEGIN { exit !(a < b) }'; then keep=true; fi
		fi
		if $keep; then
			wall[$name]=$run_wall
			cpu[$name]=$run_cpu
			rss[$name]=$run_rss
			cp "$raw/$name.$i.stdout" "$raw/$name.best.stdout"
		fi
	done
	nruns[$name]=$((n > 0 ? n : 1))
}

# show QUOTES a command line for the report, with the estate as ESTATE.
show() {
	local s="" a
	for a in "$@"; do
		a=${a//"$estate"/ESTATE}
		a=${a//"$outdir"/OUTDIR}
		a=${a//"$tools"/TOOLS}
		if [[ $a =~ [^A-Za-z0-9_./=:,@+-] ]]; then a="'${a//\'/\'\\\'\'}'"; fi
		s+="${s:+ }$a"
	done
	printf '%s' "$s"
}

# Read the whole estate once so that no tool pays for the first read.
find "$estate" -type f -exec cat {} + >/dev/null

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# edgelint: the whole estate, JSON output, no configuration file.
if wanted edgelint; then
	c=("$bin/edgelint" --format json --no-config "$estate")
	measure edgelint "0 1" "$estate" "${c[@]}"
	cmd[edgelint]=$(show "${c[@]}")
	# Every seeded fault must be reported at its rule, file and line.
	check=$(python3 - "$manifest" "$raw/edgelint.best.stdout" "$estate" 2>"$raw/edgelint.check.txt" <<'EOF'
import json, os, sys

manifest, result, root = sys.argv[1:4]
with open(manifest) as f:
    want = [(x["rule"], x["file"], x["line"]) for x in json.load(f)["faults"]]
with open(result) as f:
    res = json.load(f)
got = set()
for x in res["findings"]:
    rel = os.path.relpath(x["file"], root).replace(os.sep, "/")
    got.add((x["rule"], rel, x["line"]))
missing = [w for w in want if w not in got]
extra = sorted(got - set(want))
for r, f, l in missing:
    print(f"missing: {f}:{l}: {r}", file=sys.stderr)
for r, f, l in extra:
    print(f"not seeded: {f}:{l}: {r}", file=sys.stderr)
print(len(want) - len(missing), len(want), len(extra), len(res.get("errors") or []))
EOF
)
	read -r found seeded extra inerrs <<<"$check"
	note[edgelint]="found $found/$seeded seeded faults, $extra other findings, $inerrs input errors"
	log "edgelint: ${note[edgelint]}"
	if [[ $found -ne $seeded || $extra -ne 0 ]]; then
		log "edgelint: see $raw/edgelint.check.txt"
		missed=true
	fi
fi

# The parse-only floor: discovery and parsing, nothing else.
if wanted floor; then
	c=("$bin/floor" "$estate")
	measure floor "0" "$estate" "${c[@]}"
	cmd[floor]=$(show "${c[@]}")
	note[floor]=$(sed -n 's/^parsed \([0-9]*\) \.tf + \([0-9]*\) \.tf\.json.*, \([0-9]*\) \.yaml.*/parsed \1 .tf, \2 .tf.json, \3 YAML\/JSON files/p' "$raw/floor.best.stdout")
fi

# Alternation: edgelint and the floor one after the other, $rounds times,
# each run timed with a monotonic clock around fork, exec and wait (wait4
# gives its CPU time), in the same network namespace as the other runs.
alternation=""
if wanted edgelint && wanted floor && ((rounds > 0)); then
	log "alternation: $rounds rounds of edgelint and the floor"
	alternation=$(cd "$estate" && "${offline[@]}" python3 - "$rounds" "$raw/alternation.txt" \
		"$bin/edgelint" --format json --no-config "$estate" -- "$bin/floor" "$estate" <<'EOF'
import os, statistics, sys, time

rounds, out = int(sys.argv[1]), sys.argv[2]
sep = sys.argv.index("--")
cmds = {"edgelint": sys.argv[3:sep], "floor": sys.argv[sep + 1:]}
null = os.open(os.devnull, os.O_WRONLY)

def run(argv):
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execv(argv[0], argv)
    _, status, ru = os.wait4(pid, 0)
    return time.perf_counter() - t, ru.ru_utime + ru.ru_stime

walls = {k: [] for k in cmds}
with open(out, "w") as f:
    for r in range(rounds + 1):
        line = []
        for k, argv in cmds.items():
            w, c = run(argv)
            line.append(f"{k} {w:.4f}s cpu {c:.3f}s")
            if r > 0:  # round 0 warms up
                walls[k].append(w)
        print(f"round {r}: " + ", ".join(line), file=f)
e, fl = walls["edgelint"], walls["floor"]
paired = statistics.median(a / b for a, b in zip(e, fl))
print(f"{min(e):.3f} {statistics.median(e):.3f} {min(fl):.3f} {statistics.median(fl):.3f} "
      f"{min(e) / min(fl):.2f} {statistics.median(e) / statistics.median(fl):.2f} {paired:.2f}")
EOF
)
	log "alternation: $alternation (see $raw/alternation.txt)"
fi

# tflint: every Terraform module directory (--recursive), with the bundled
# terraform ruleset (recommended preset) set in an explicit configuration
# file so that no ~/.tflint.hcl or .tflint.hcl changes what runs and no
# plugin is installed. JSON output, exit code 0 whatever it finds (--force).
if wanted tflint; then
	tflint_hcl="$outdir/tflint.hcl"
	cat >"$tflint_hcl" <<'EOF'
# Only the ruleset bundled in the tflint binary: no source, no download.
plugin "terraform" {
  enabled = true
  preset  = "recommended"
}
EOF
	c=("$tools/tflint" --recursive --config "$tflint_hcl" --format json --no-color --force)
	export TFLINT_PLUGIN_DIR="$outdir/tflint-plugins"
	measure tflint "0" "$estate" "${c[@]}"
	cmd[tflint]="cd ESTATE && TFLINT_PLUGIN_DIR=OUTDIR/tflint-plugins $(show "${c[@]}")"
	note[tflint]="Terraform only; $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d.get("issues") or []), "issues,", len(d.get("errors") or []), "errors")' "$raw/tflint.best.stdout")"
fi

# trivy config: Terraform and CloudFormation misconfigurations with the
# checks embedded in the binary (--skip-check-update), a fresh cache
# directory for every run, JSON output.
if wanted trivy; then
	trivy_cache="$outdir/trivy-cache"
	fresh_trivy_cache() { rm -rf "$trivy_cache"; }
	c=("$tools/trivy" config --skip-check-update --skip-version-check --disable-telemetry --quiet
		--cache-dir "$trivy_cache" --format json "$estate")
	prepare=fresh_trivy_cache measure trivy "0" "$estate" "${c[@]}"
	cmd[trivy]=$(show "${c[@]}")
	note[trivy]="Terraform and CloudFormation; $(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
fail = files = 0
for r in d.get("Results") or []:
    n = sum(1 for m in r.get("Misconfigurations") or [] if m.get("Status") == "FAIL")
    fail += n
    files += n > 0
print(fail, "failed checks in", files, "files")' "$raw/trivy.best.stdout")"
fi

# The pre-commit case: one changed file, run from the estate root as a
# pre-commit hook runs. Wall time only, best of $precommit_runs.
if wanted precommit; then
	changed=$(python3 -c '
import json, sys
faults = json.load(open(sys.argv[1]))["faults"]
print(faults[0]["file"] if faults else "")' "$manifest")
	if [[ -z $changed ]]; then
		changed=$(cd "$estate" && find . -name '*.tf' -print -quit)
		changed=${changed#./}
	fi
	# pre-commit runs in a git checkout: the estate becomes one (after the
	# other tools ran on it), and the module-call cache starts empty.
	if [[ ! -d $estate/.git ]]; then
		git -C "$estate" init -q
		git -C "$estate" add -A
		# No automatic gc or maintenance: git would pack the estate's
		# objects in the background while the hook is measured.
		git -C "$estate" -c user.name=bench -c user.email=bench@example.invalid \
			-c gc.auto=0 -c maintenance.auto=false commit -q -m estate
		sync
	fi
	export EDGELINT_CACHE_DIR="$outdir/edgelint-cache"
	rm -rf "$EDGELINT_CACHE_DIR"
	c=("$bin/edgelint" --format json --no-config --changed-files "$changed")
	saved=$runs
	runs=$precommit_runs
	slow=999999 measure precommit "0 1" "$estate" "${c[@]}"
	runs=$saved
	cmd[precommit]="cd ESTATE && git init && git add -A && git commit; EDGELINT_CACHE_DIR=OUTDIR/edgelint-cache $(show "${c[@]}")"
	note[precommit]="changed file $changed; $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("findings:", len(d["findings"]))' "$raw/precommit.best.stdout")"
fi

# ratio A B prints A/B with two decimals, or "–" without a B.
ratio() {
	if [[ -z ${2:-} ]]; then
		printf -- '–'
	else
		awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "–" }'
	fi
}

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p; T; q' /proc/cpuinfo)
mem_total=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)

{
	printf '# edgelint compared: %s units, seed %s\n\n' "$units" "$seed"
	printf 'Estate: %s\n' "$(sed 's/^[^:]*: //' "$raw/estate.txt")"
	printf '\n'
	printf '| tool | wall s | CPU s (user+sys) | peak RSS MB | wall / edgelint | wall / floor | runs | notes |\n'
	printf '|---|---:|---:|---:|---:|---:|---:|---|\n'
	for t in edgelint floor tflint trivy; do
		[[ -n ${wall[$t]:-} ]] || continue
		printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$t" "${wall[$t]}" "${cpu[$t]}" "${rss[$t]}" \
			"$(ratio "${wall[$t]}" "${wall[edgelint]:-}")" "$(ratio "${wall[$t]}" "${wall[floor]:-}")" \
			"${nruns[$t]}" "${note[$t]:-}"
	done
	if [[ -n $alternation ]]; then
		read -r a_emin a_emed a_fmin a_fmed a_rmin a_rmed a_rpair <<<"$alternation"
		printf '\nAlternation (%s rounds of edgelint then the floor, after one warm-up round; wall to the microsecond): edgelint lowest %s s, median %s s; floor lowest %s s, median %s s. **wall / floor: %s (lowest), %s (medians), %s (median of the rounds)**.\n' \
			"$rounds" "$a_emin" "$a_emed" "$a_fmin" "$a_fmed" "$a_rmin" "$a_rmed" "$a_rpair"
	fi
	if [[ -n ${wall[precommit]:-} ]]; then
		printf '\nPre-commit (`--changed-files`, one file): wall %s s, best of %s (%s).\n' \
			"${wall[precommit]}" "${nruns[precommit]}" "${note[precommit]}"
	fi
	printf '\nThe estate was written back to the disk (sync), and its files and each binary were read into the page cache first. Wall, CPU and peak RSS are those of the measured run with the lowest wall time; "runs" is the number of measured runs, after one unreported warm-up run, except that a tool whose first run took %s s or more was run once and that run is reported. GNU time measures wall time to 0.01 s.\n' "$slow"
	printf 'Network: %s.\n\n' "$network"
	printf '## Machine\n\n'
	printf -- '- CPUs (nproc): %s\n' "$(nproc)"
	printf -- '- CPU: %s\n' "$cpu_model"
	printf -- '- memory: %s\n' "$mem_total"
	printf -- '- kernel: %s\n' "$(uname -sr)"
	printf -- '- load average (1, 5, 15 min) before / after the measurements: %s / %s\n\n' "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
	printf '## Versions\n\n'
	printf -- '- %s\n' "$(go version)"
	printf -- '- edgelint: %s (working tree at %s)\n' "$("$bin/edgelint" version)" \
		"$(cd "$bench_repo" && git describe --always --dirty 2>/dev/null || echo unknown)"
	if [[ -n ${wall[tflint]:-} ]]; then
		printf -- '- tflint: %s (module %s)\n' "$("$tools/tflint" --version | tr '\n' ' ' | sed 's/ *$//')" "$(modversion "$tools/tflint")"
	fi
	if [[ -n ${wall[trivy]:-} ]]; then
		printf -- '- trivy: %s (module %s)\n' "$("$tools/trivy" --version 2>/dev/null | awk 'NR == 1')" "$(modversion "$tools/trivy")"
	fi
	printf '\n## Commands\n\n'
	printf 'ESTATE is %s, OUTDIR %s, TOOLS %s.\n\n```sh\n' "$estate" "$outdir" "$tools"
	printf '%s\n' "$(show "$bin/edgelint-estate" -out "$estate" -units "$units" -seed "$seed")"
	for t in edgelint floor tflint trivy precommit; do
		if [[ -n ${cmd[$t]:-} ]]; then printf '%s\n' "${cmd[$t]}"; fi
	done
	printf '```\n'
	if [[ -n ${wall[tflint]:-} ]]; then
		printf '\nOUTDIR/tflint.hcl:\n\n```hcl\n%s\n```\n' "$(cat "$tflint_hcl")"
	fi
} >"$report"

cat "$report"
log "report written to $report; raw outputs in $raw"
if $missed; then
	die "edgelint did not report exactly the seeded faults (see $raw/edgelint.check.txt)"
fi
