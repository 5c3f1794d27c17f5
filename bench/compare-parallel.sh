#!/usr/bin/env bash
# Wall time of the default main job (`frozenlm compare`, default flags) at --parallel 1, 2 and auto: REPS fresh runs
# of each (default 3), printed per run and as the median. Run it on an otherwise idle machine; extra arguments go to
# every compare (e.g. --seeds 1 for a shorter check). Usage: bench/compare-parallel.sh [compare flags...]
# Environment: REPS (default 3), MODES (default "1 2 auto"), KEEP=1 keeps the comparison directories.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${REPS:-3}"
modes="${MODES:-1 2 auto}"
work="$(mktemp -d /tmp/frozenlm-bench-parallel.XXXXXX)"
cleanup() { [[ "${KEEP:-0}" == 1 ]] || rm -rf "$work"; }
trap cleanup EXIT

echo "building (Release)..." >&2
dotnet build "$here/src/FrozenLm.Cli" -c Release -nologo -clp:ErrorsOnly >/dev/null
# A private copy of the build, so that a rebuild of the checkout cannot change the tool mid-measurement.
cp -r "$here/src/FrozenLm.Cli/bin/Release/net10.0" "$work/tool"
tool=(dotnet "$work/tool/FrozenLm.Cli.dll")

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-8s %s\n" "parallel" "wall seconds per run -> median"
for mode in $modes; do
  times=()
  for rep in $(seq "$reps"); do
    out="$work/compare-$mode-$rep"
    start=$(date +%s.%N)
    (cd "$work" && "${tool[@]}" compare --parallel "$mode" --out "$out" "$@" >"$out.log" 2>&1) \
      || { echo "compare --parallel $mode failed; see $out.log" >&2; tail -5 "$out.log" >&2; KEEP=1; exit 1; }
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  median=$(printf "%s\n" "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
  plan=$(grep -m1 '^compare:' "$work/compare-$mode-1.log" | sed -E 's/.*preset [a-z]+, (.*) -> .*/\1/')
  printf "%-8s %s -> %.1f s  (%s)\n" "$mode" "$(printf "%.1f " "${times[@]}")" "$median" "$plan"
done
