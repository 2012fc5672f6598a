#!/usr/bin/env python3
"""Writes the embedded Fashion-MNIST subset that `spikebridge demo` falls back to without data.

A seeded, class-balanced sample: 600 training and 100 test images per class, taken from the
official Fashion-MNIST IDX files (Zalando Research, MIT licence), written as gzip IDX files with
the official names into spikebridge-cli/src/main/resources/embedded/fashion-mnist/.

Usage: scripts/make-embedded-subset.py FASHION_MNIST_DIR
"""
import gzip
import os
import random
import struct
import sys

PER_CLASS = {"train": 600, "t10k": 100}
SEED = 20211


def read_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return data[16:], n, (rows, cols)
    return data[8:], n, None


def main(source):
    out = os.path.join(os.path.dirname(__file__), "..", "spikebridge-cli", "src", "main",
                       "resources", "embedded", "fashion-mnist")
    os.makedirs(out, exist_ok=True)
    rng = random.Random(SEED)
    for split, per_class in PER_CLASS.items():
        images, n, (rows, cols) = read_idx(os.path.join(source, split + "-images-idx3-ubyte.gz"))
        labels, _, _ = read_idx(os.path.join(source, split + "-labels-idx1-ubyte.gz"))
        by_class = {c: [i for i in range(n) if labels[i] == c] for c in range(10)}
        chosen = sorted(i for c in range(10) for i in rng.sample(by_class[c], per_class))
        size = rows * cols
        image_bytes = b"".join(images[i * size:(i + 1) * size] for i in chosen)
        label_bytes = bytes(labels[i] for i in chosen)
        header = struct.pack(">IIII", 2051, len(chosen), rows, cols)
        with gzip.GzipFile(os.path.join(out, split + "-images-idx3-ubyte.gz"), "wb", mtime=0) as f:
            f.write(header + image_bytes)
        with gzip.GzipFile(os.path.join(out, split + "-labels-idx1-ubyte.gz"), "wb", mtime=0) as f:
            f.write(struct.pack(">II", 2049, len(chosen)) + label_bytes)


if __name__ == "__main__":
    main(sys.argv[1])
