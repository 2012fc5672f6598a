#!/usr/bin/env python3
"""Writes Fashion-MNIST zero-padded from 28x28 to 32x32 as an npy: dataset folder.

Usage: scripts/fashion-mnist-32.py IDX_FOLDER OUT_FOLDER
IDX_FOLDER holds the four published train-/t10k- *-ubyte.gz files. OUT_FOLDER receives
x_train.npy (60000x32x32 uint8), y_train.npy, x_test.npy (10000x32x32) and y_test.npy: each
image gets 2 rows of black (0) pixels above and below and 2 columns left and right, the
background Fashion-MNIST already has, so the padding adds no new value. Files are written to a
temporary name and renamed into place.
"""
import gzip
import os
import sys

import numpy as np


def read_idx(path, header):
    with gzip.open(path, "rb") as f:
        data = f.read()
    return np.frombuffer(data, dtype=np.uint8, offset=header)


def save(folder, name, array):
    tmp = os.path.join(folder, "." + name + ".tmp")
    with open(tmp, "wb") as f:
        np.save(f, array)
    os.replace(tmp, os.path.join(folder, name))


def main(idx_folder, out_folder):
    os.makedirs(out_folder, exist_ok=True)
    for split, prefix in (("train", "train"), ("test", "t10k")):
        images = read_idx(os.path.join(idx_folder, prefix + "-images-idx3-ubyte.gz"), 16)
        labels = read_idx(os.path.join(idx_folder, prefix + "-labels-idx1-ubyte.gz"), 8)
        images = images.reshape(len(labels), 28, 28)
        save(out_folder, "x_" + split + ".npy", np.pad(images, ((0, 0), (2, 2), (2, 2))))
        save(out_folder, "y_" + split + ".npy", labels.astype(np.int64))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    main(sys.argv[1], sys.argv[2])
