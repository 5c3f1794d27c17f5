#!/usr/bin/env bash
# Fuzzes one reader: fuzz/run.sh TARGET SECONDS. Builds FrozenLm.Fuzz into fuzz/out/bin, instruments FrozenLm.dll and
# PureHDF.dll there with sharpfuzz (never the normal build), runs afl-fuzz (AFL++) in persistent mode on
# fuzz/corpus/TARGET for SECONDS (a rerun resumes the same fuzz/out/findings/TARGET), then prints executions, paths,
# edges, crashes and hangs. Crashing inputs are fuzz/out/findings/TARGET/default/crashes/id:*; replay one with
#   dotnet fuzz/out/bin/FrozenLm.Fuzz.dll --replay TARGET FILE
# Needs afl-fuzz (Debian package afl++) and sharpfuzz (dotnet tool install --tool-path /work/fuzz-tools
# SharpFuzz.CommandLine, or SHARPFUZZ=/path/to/sharpfuzz). Runs under nice 19 unless FUZZ_NICE says otherwise.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${1:?usage: fuzz/run.sh TARGET SECONDS}"
seconds="${2:?usage: fuzz/run.sh TARGET SECONDS}"
out="$root/fuzz/out"
bin="$out/bin"
sharpfuzz="${SHARPFUZZ:-$(command -v sharpfuzz || echo /work/fuzz-tools/sharpfuzz)}"
[[ -d "$root/fuzz/corpus/$target" ]] || { echo "run.sh: no corpus fuzz/corpus/$target" >&2; exit 2; }

[[ "${FUZZ_NO_BUILD:-0}" == 1 ]] || "$root/fuzz/build.sh" "$sharpfuzz"

findings="$out/findings/$target"
mkdir -p "$findings"
dict=()
execs=()
# FUZZ_EXECS=N stops a target after about N executions in this round (afl-fuzz -E), or at SECONDS, whichever is first.
[[ -n "${FUZZ_EXECS:-}" ]] && execs=(-E "$FUZZ_EXECS")
[[ -f "$root/fuzz/dict/$target.dict" ]] && dict=(-x "$root/fuzz/dict/$target.dict")
# AFL_SKIP_BIN_CHECK: the binary is dotnet, SharpFuzz speaks the fork-server protocol itself.
# DOTNET_GCHeapHardLimit: an allocation sized by a corrupt header fails as OutOfMemoryException (a finding) instead
# of swapping the shared machine. -t: a hang is an input that takes longer than 20 s (the machine is shared); -m none: dotnet reserves a lot
# of address space.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_AUTORESUME=1 \
       AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=120000 AFL_QUIET=1 \
       DOTNET_GCHeapHardLimit=0x40000000 DOTNET_TieredCompilation=0 DOTNET_gcServer=0
# SharpFuzz runs every input in one process, so an input that kills it (a timeout, a stack overflow, a fatal
# out-of-memory) ends afl-fuzz with "Unable to communicate with fork server": that input (.cur_input) is kept in
# default/premature/ as a finding, and fuzzing resumes for the rest of the time.
deadline=$(( $(date +%s) + seconds ))
while (( deadline - $(date +%s) > 5 )); do
  left=$(( deadline - $(date +%s) ))
  if nice -n "${FUZZ_NICE:-19}" afl-fuzz -i "$root/fuzz/corpus/$target" -o "$findings" -t "${FUZZ_TIMEOUT_MS:-20000}" -m none \
       -V "$left" "${execs[@]}" "${dict[@]}" -- dotnet "$bin/FrozenLm.Fuzz.dll" "$target" >> "$findings/afl.log" 2>&1; then
    break
  fi
  if grep -q "Unable to communicate with fork server\|Fork server crashed" <(tail -40 "$findings/afl.log") \
     && [[ -f "$findings/default/.cur_input" ]]; then
    mkdir -p "$findings/default/premature"
    cp "$findings/default/.cur_input" "$findings/default/premature/input-$(date +%s)"
    echo "run.sh: $target: the target process died on an input (kept in $findings/default/premature/); resuming" >&2
    echo "--- resumed after a premature exit ---" >> "$findings/afl.log"
    continue
  fi
  echo "run.sh: afl-fuzz failed for $target; the end of $findings/afl.log:" >&2
  tail -20 "$findings/afl.log" >&2
  exit 1
done
"$root/fuzz/stats.sh" "$target"
