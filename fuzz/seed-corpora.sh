#!/usr/bin/env bash
# Rebuilds the seed inputs of fuzz/corpus/<target>/seed-*: synthesized ones (FrozenLm.Fuzz --seeds) plus small test
# fixtures. Inputs afl-fuzz found (fuzz/corpus/<target>/id-*) are kept.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$root/fuzz/corpus"
fx="$root/tests/fixtures"
dotnet build "$root/fuzz/FrozenLm.Fuzz" -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet "$root/fuzz/FrozenLm.Fuzz/bin/Release/net10.0/FrozenLm.Fuzz.dll" --seeds "$corpus"
seed() { mkdir -p "$corpus/$1"; cp "$2" "$corpus/$1/seed-$3"; }
seed safetensors "$fx/gguf/llama/io.safetensors" llama-io
seed hf-config "$fx/lm/gpt2/config.json" gpt2
seed hf-config "$fx/lm/llama/config.json" llama
seed hf-config "$fx/lm/phi3small/config.json" phi3small
seed hf-config "$fx/lm/bert/config.json" bert
seed pth "$fx/lm-formats/strided.pth" strided
seed pth "$fx/lm-formats/evil-eval.pth" evil-eval
seed pth "$fx/lm-formats/evil-system.pth" evil-system
mkdir -p "$corpus/pickle"
for f in strided evil-eval evil-system; do
  python3 - "$fx/lm-formats/$f.pth" "$corpus/pickle/seed-$f.pkl" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
name = next(n for n in z.namelist() if n.endswith("data.pkl"))
open(sys.argv[2], "wb").write(z.read(name))
PY
done
seed meta-params "$fx/lm-formats/meta-1shard/params.json" meta-1shard
seed gguf "$fx/gguf/types/Q4_0.gguf" q4_0
seed gguf "$fx/gguf/types/Q8_0.gguf" q8_0
seed gguf "$fx/gguf/types/Q4_K.gguf" q4_k
seed gguf "$fx/gguf/types/BF16.gguf" bf16
seed gguf "$fx/gguf/metadata-v2.gguf" metadata-v2
seed gguf "$fx/gguf/llama/llama-q.gguf" llama-q
seed off "$fx/pointcloud/cube.off" cube
seed argoverse-csv "$fx/motion/scene_test.csv" scene-test
head -c 4096 "$fx/motion/scene_1.csv" | sed '$d' > "$corpus/argoverse-csv/seed-scene-1-head"
seed argoverse-map "$fx/motion/map/pruned_argoverse_PIT_10314_vector_map.xml" pit
seed ply "$fx/sqa3d/scenes/scene0000_00.ply" ascii
seed ply "$fx/sqa3d/scenes/scene0001_00.ply" binary-faces-first
seed npy "$fx/sqa3d/scenes/scene0002_00.npy" f8-rgb
seed npy "$fx/sqa3d/xyz_float32.npy" f4-xyz
mkdir -p "$corpus/sqa3d-json"
{ cat "$fx/sqa3d/balanced/v1_balanced_questions_train_scannetv2.json"; printf '\0'; cat "$fx/sqa3d/balanced/v1_balanced_sqa_annotations_train_scannetv2.json"; } > "$corpus/sqa3d-json/seed-fixture-train"
ls "$corpus" | while read -r t; do echo "$t: $(ls "$corpus/$t" | wc -l) inputs, $(du -sh "$corpus/$t" | cut -f1)"; done
