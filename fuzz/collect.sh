#!/usr/bin/env bash
# Copies what afl-fuzz kept for new coverage (fuzz/out/findings/TARGET/default/queue) into fuzz/corpus/TARGET as
# id-NNNNNN files (names without ':' so every checkout and CI can carry them); the seeds themselves are skipped.
# fuzz/collect.sh [TARGET...] (default: every fuzzed target).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || mapfile -t targets < <(ls "$root/fuzz/out/findings" 2>/dev/null)
for t in "${targets[@]}"; do
  queue="$root/fuzz/out/findings/$t/default/queue"
  [[ -d "$queue" && -d "$root/fuzz/corpus/$t" ]] || continue
  n=0
  for f in "$queue"/id:*; do
    name="$(basename "$f")"
    [[ "$name" == *",orig:"* ]] && continue
    dest="$root/fuzz/corpus/$t/id-${name:3:6}"
    # A resumed round numbers its queue afresh: a name an earlier round used gets the input's hash appended.
    [[ -e "$dest" ]] && ! cmp -s "$f" "$dest" && dest="$dest-$(sha1sum "$f" | cut -c1-8)"
    cp "$f" "$dest"
    n=$((n + 1))
  done
  echo "$t: $n inputs from the queue"
done
