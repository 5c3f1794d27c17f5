#!/usr/bin/python3
"""Builds the bundled fashion-mnist-mini subset from the Debian package dataset-fashion-mnist.

A class-balanced, seeded subset: TRAIN_PER_CLASS images per class from the training file and TEST_PER_CLASS per class
from the test file, kept in their original file order, written as IDX .gz files (gzip mtime 0, so reruns are
byte-identical). Usage: /usr/bin/python3 make_subset.py [SOURCE_DIR] (default /usr/share/datasets/fashion-mnist).
"""
import gzip
import os
import struct
import sys

import numpy as np

SEED = 20240127
TRAIN_PER_CLASS = 800
TEST_PER_CLASS = 200


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def write_idx(path, array):
    header = struct.pack(">I", 0x00000800 | array.ndim) + struct.pack(">" + "I" * array.ndim, *array.shape)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f:
            f.write(header + array.astype(np.uint8).tobytes())


def balanced(labels, per_class, rng):
    chosen = []
    for c in range(10):
        idx = np.flatnonzero(labels == c)
        chosen.extend(rng.choice(idx, size=per_class, replace=False))
    return np.sort(np.array(chosen))


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    out = os.path.dirname(os.path.abspath(__file__))
    rng = np.random.RandomState(SEED)
    for split, prefix, per_class in (("train", "train", TRAIN_PER_CLASS), ("test", "t10k", TEST_PER_CLASS)):
        _, images = read_idx(os.path.join(src, f"{prefix}-images-idx3-ubyte.gz"))
        _, labels = read_idx(os.path.join(src, f"{prefix}-labels-idx1-ubyte.gz"))
        keep = balanced(labels, per_class, rng)
        write_idx(os.path.join(out, f"{prefix}-images-idx3-ubyte.gz"), images[keep])
        write_idx(os.path.join(out, f"{prefix}-labels-idx1-ubyte.gz"), labels[keep])
        print(f"{split}: {len(keep)} images, first source index {keep[0]}, per class {per_class}")


if __name__ == "__main__":
    main()
