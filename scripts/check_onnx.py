#!/usr/bin/env python3
"""Runs ONNX's own checker (full_check: structure + strict shape inference) on every .onnx file in the given folders.

Offline helper for `frozenlm export` output; CI does not need it. Usage:
    FROZENLM_ONNX_DUMP=/tmp/onnx-dump dotnet test tests/FrozenLm.Tests --filter FullyQualifiedName~OnnxExportTests
    /usr/bin/python3 scripts/check_onnx.py /tmp/onnx-dump model.onnx ...
"""
import glob
import os
import sys

import onnx


def main(paths):
    files = []
    for p in paths:
        files += sorted(glob.glob(os.path.join(p, "*.onnx"))) if os.path.isdir(p) else [p]
    failed = 0
    for f in files:
        model = onnx.load(f)
        try:
            onnx.checker.check_model(model, full_check=True)
            opset = {o.domain: o.version for o in model.opset_import}.get("", 0)
            print(f"ok   {f}: ir {model.ir_version}, opset {opset}, {len(model.graph.node)} nodes, "
                  f"{len(model.graph.initializer)} initializers")
        except Exception as e:  # the checker raises its own ValidationError and shape-inference errors
            failed += 1
            print(f"FAIL {f}: {e}")
    print(f"onnx {onnx.__version__}: {len(files) - failed} of {len(files)} files pass check_model(full_check=True)")
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
