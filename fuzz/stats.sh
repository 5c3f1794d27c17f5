#!/usr/bin/env bash
# Prints one line per fuzzed target (all, or those named) from afl-fuzz's fuzzer_stats under fuzz/out/findings.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || mapfile -t targets < <(ls "$root/fuzz/out/findings" 2>/dev/null)
printf '%-18s %12s %9s %8s %7s %11s %8s %6s %10s\n' target executions exec/s run_s paths edges crashes hangs premature
for t in "${targets[@]}"; do
  s="$root/fuzz/out/findings/$t/default/fuzzer_stats"
  [[ -f "$s" ]] || { printf '%-18s (no fuzzer_stats)\n' "$t"; continue; }
  v() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$s"; }
  premature=$(find "$root/fuzz/out/findings/$t/default" -path "*/premature/*" -type f 2>/dev/null | wc -l)
  printf '%-18s %12s %9s %8s %7s %11s %8s %6s %10s\n' "$t" "$(v execs_done)" "$(v execs_per_sec)" "$(v run_time)" \
    "$(v corpus_count)" "$(v edges_found)/$(v total_edges)" "$(v saved_crashes)" "$(v saved_hangs)" "$premature"
done
