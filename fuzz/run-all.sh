#!/usr/bin/env bash
# Fuzzes every target for SECONDS each, JOBS at a time (default 2): fuzz/run-all.sh SECONDS [JOBS] [TARGET...].
# Builds and instruments once, then runs fuzz/run.sh per target (a rerun resumes each) and prints the table.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:?usage: fuzz/run-all.sh SECONDS [JOBS] [TARGET...]}"
jobs="${2:-2}"
shift $(( $# >= 2 ? 2 : 1 ))
"$root/fuzz/build.sh"
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || mapfile -t targets < <(dotnet "$root/fuzz/out/bin/FrozenLm.Fuzz.dll" --list | awk '{print $1}')
printf '%s\n' "${targets[@]}" | FUZZ_NO_BUILD=1 xargs -P "$jobs" -I{} "$root/fuzz/run.sh" {} "$seconds" >/dev/null || true
"$root/fuzz/stats.sh" "${targets[@]}"
