#!/usr/bin/env bash
# The README's throughput table: `frozenlm bench --json` for the quick and standard presets of every task, REPS times
# each (default 3), printed as a markdown table of medians (training samples/s, achieved GFLOP/s, ratio to this
# machine's matmul rate, peak RSS, loader samples/s). Run it on an otherwise idle machine (about 10 min on 2 cores).
# Usage: bench/bench-table.sh [extra bench flags...]
# Environment: TASKS (default: every registered task), PRESETS (default "quick standard"), REPS (default 3),
# WINDOWS / STEPS / WARMUP (default 3 / 3 / 1: per bench), LIMIT (seconds per bench before it counts as failed,
# default 300), KEEP=1 keeps the JSON files.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${REPS:-3}"
presets="${PRESETS:-quick standard}"
windows="${WINDOWS:-3}"
steps="${STEPS:-3}"
warmup="${WARMUP:-1}"
limit="${LIMIT:-300}"
work="$(mktemp -d /tmp/frozenlm-bench-table.XXXXXX)"
cleanup() { [[ "${KEEP:-0}" == 1 ]] && echo "JSON files kept in $work" >&2 || rm -rf "$work"; }
trap cleanup EXIT

echo "building (Release)..." >&2
dotnet build "$here/src/FrozenLm.Cli" -c Release -nologo -clp:ErrorsOnly >/dev/null
# A private copy of the build, so that a rebuild of the checkout cannot change the tool mid-measurement.
cp -r "$here/src/FrozenLm.Cli/bin/Release/net10.0" "$work/tool"
tool=(dotnet "$work/tool/FrozenLm.Cli.dll")
if [[ -z "${TASKS:-}" ]]; then
  # The registered tasks, as `bench --help` lists them: "Task: image | pointcloud | ... (--task T ...".
  TASKS="$("${tool[@]}" bench --help | sed -n 's/.*--task <task>.*Task: \([a-z| ]*\).*/\1/p' | tr -d '|')"
fi
[[ -n "${TASKS// }" ]] || { echo "no tasks found in 'frozenlm bench --help'" >&2; exit 1; }

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "machine: $machine; load at start $(cut -d' ' -f1-3 /proc/loadavg)" >&2
failed=0
for task in $TASKS; do
  for preset in $presets; do
    for rep in $(seq "$reps"); do
      json="$work/$task-$preset-$rep.json"
      echo "bench $task $preset ($rep/$reps)..." >&2
      if ! (cd "$work" && timeout "$limit" "${tool[@]}" bench --task "$task" --preset "$preset" --windows "$windows" \
          --steps "$steps" --warmup "$warmup" --json "$json" "$@" >"$work/$task-$preset-$rep.log" 2>&1); then
        echo "  failed or over ${limit} s; last lines:" >&2
        tail -3 "$work/$task-$preset-$rep.log" | sed 's/^/    /' >&2
        rm -f "$json"
        failed=1
      fi
    done
  done
done
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg)" >&2

/usr/bin/python3 - "$work" "$reps" "$machine" $TASKS -- $presets <<'PY'
import json, os, statistics, sys
work, reps, machine = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rest = sys.argv[4:]
tasks, presets = rest[:rest.index("--")], rest[rest.index("--") + 1:]
def med(rows, key):
    values = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(values) if values else None
def fmt(value, spec, suffix=""):
    return "n/a" if value is None else format(value, spec) + suffix
print(f"Medians of {reps} runs of `frozenlm bench` ({machine}):\n")
print("| task | preset | batch | threads | train samples/s | GFLOPs / training sample | achieved GFLOP/s | matmul GFLOP/s | ratio to matmul | peak RSS | loader samples/s |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for task in tasks:
    for preset in presets:
        rows = []
        for rep in range(1, reps + 1):
            path = os.path.join(work, f"{task}-{preset}-{rep}.json")
            if os.path.exists(path):
                with open(path) as f:
                    rows.append(json.load(f))
        if not rows:
            print(f"| {task} | {preset} | | | failed | | | | | | |")
            continue
        unit = rows[0].get("sample_unit", "samples")
        ratio = med(rows, "ratio_to_matmul")
        note = "" if len(rows) == reps else f" ({len(rows)} of {reps})"
        print(f"| {task} | {preset}{note} | {rows[0]['batch_size']} | {rows[0]['threads']} | {fmt(med(rows, 'samples_per_s'), '.1f')} {unit} "
              f"| {fmt(med(rows, 'train_gflops_per_sample'), '.4g')} | {fmt(med(rows, 'achieved_gflops'), '.1f')} "
              f"| {fmt(med(rows, 'matmul_gflops'), '.1f')} | {fmt(None if ratio is None else 100 * ratio, '.0f', ' %')} "
              f"| {fmt(med(rows, 'peak_rss_mib'), '.0f', ' MiB')} | {fmt(med(rows, 'loader_samples_per_s'), '.0f')} |")
PY
exit "$failed"
