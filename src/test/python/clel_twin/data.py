"""MNIST / Fashion-MNIST as clel's reader gives them (clel.data.format.IdxReader, layout RGB_PADDED_32): the 28x28
gray images padded with 2 zero pixels on every side and replicated to 3 channels, values byte / 255; mean/std are
the published statistics converted to the padded image: with f = 784/1024, mean' = f mean and
std' = sqrt(f (std^2 + mean^2) - mean'^2), the same for all channels."""
import gzip
import math
import os
import struct

import numpy as np
import torch

from . import config as C


def _open(path):
    with open(path, "rb") as f:
        gz = f.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gz else open(path, "rb")


def _find(root, kind, dims):
    for sub in ("", "raw", "MNIST/raw", "FashionMNIST/raw"):
        for sep in ("-", "."):
            for ext in ("", ".gz"):
                p = os.path.join(root, sub, "train-%s%sidx%d-ubyte%s" % (kind, sep, dims, ext))
                if os.path.isfile(p):
                    return p
    raise FileNotFoundError("no IDX %s file for the train split under %s" % (kind, root))


def read_idx_images(path):
    with _open(path) as f:
        magic, n, rows, cols = struct.unpack(">iiii", f.read(16))
        if magic != 2051:
            raise ValueError("%s: not an IDX image file (magic %d)" % (path, magic))
        return np.frombuffer(f.read(n * rows * cols), dtype=np.uint8).reshape(n, rows, cols)


class ImageSet:
    """uint8 images (N, 1, 32, 32) served as float (B, 3, 32, 32) in [0, 1]; mean/std per channel."""

    def __init__(self, pixels, channels, mean, std):
        self.pixels = pixels
        self.channels = channels
        self.mean = mean
        self.std = std

    def __len__(self):
        return self.pixels.shape[0]

    def batch(self, idx):
        x = self.pixels[idx].float().div(255.0)
        return x.expand(-1, self.channels, -1, -1).contiguous()


def load(cfg):
    d = cfg["data"]
    name = d["name"]
    if name not in C.GRAY_STATS:
        raise ValueError("the twin reads mnist and fashion_mnist only, not %r" % name)
    raw = read_idx_images(_find(d["root"], "images", 3))
    n, rows, cols = raw.shape
    padded = np.zeros((n, 1, rows + 4, cols + 4), dtype=np.uint8)
    padded[:, 0, 2:rows + 2, 2:cols + 2] = raw
    mean, std = C.GRAY_STATS[name]
    f = rows * cols / ((rows + 4.0) * (cols + 4.0))
    m = f * mean
    s = math.sqrt(f * (std * std + mean * mean) - m * m)
    m, s = float(np.float32(m)), float(np.float32(s))
    return ImageSet(torch.from_numpy(padded), 3, [m] * 3, [s] * 3)
