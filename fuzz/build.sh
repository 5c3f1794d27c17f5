#!/usr/bin/env bash
# Builds FrozenLm.Fuzz into fuzz/out/bin and instruments FrozenLm.dll and PureHDF.dll there (once per build).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sharpfuzz="${1:-${SHARPFUZZ:-$(command -v sharpfuzz || echo /work/fuzz-tools/sharpfuzz)}}"
bin="$root/fuzz/out/bin"
exec 9>"$root/fuzz/out.lock"
flock 9
if [[ ! -f "$bin/.instrumented" ]] || [[ -n "$(find "$root/src/FrozenLm" "$root/fuzz/FrozenLm.Fuzz" \( -name bin -o -name obj \) -prune \
     -o -newer "$bin/.instrumented" -type f -name '*.cs' -print -quit)" ]]; then
  rm -rf "$bin"
  nice -n "${FUZZ_NICE:-19}" dotnet build "$root/fuzz/FrozenLm.Fuzz" -c Release -nologo -clp:ErrorsOnly -o "$bin" >&2
  for dll in FrozenLm.dll PureHDF.dll; do
    "$sharpfuzz" "$bin/$dll" >&2
  done
  touch "$bin/.instrumented"
fi
