"""clel's configuration, read the way clel.config.ConfigLoader builds it: defaults.yaml, then a preset or a YAML file
(which may say `extends: PRESET`), then key.path=value overrides. The presets are read from the repository."""
import os

import yaml

PRESETS_DIR = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "main", "resources",
                                            "clel", "presets"))
PRESETS = ("cifar10-base", "cifar10-large", "imagenet32", "small", "tiny")


def _read(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def _merge(into, overlay):
    for k, v in overlay.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = v


def _preset(name):
    return _read(os.path.join(PRESETS_DIR, name + ".yaml"))


def load(source=None, overrides=()):
    """The configuration tree (nested dicts) of a preset name or YAML file plus key.path=value overrides."""
    tree = _preset("defaults")
    source = source or "tiny"
    if source in PRESETS:
        _merge(tree, _preset(source))
    else:
        user = _read(source)
        base = user.pop("extends", None)
        if base is not None:
            if base not in PRESETS:
                raise ValueError("%s: extends: unknown preset %r" % (source, base))
            _merge(tree, _preset(base))
        _merge(tree, user)
    for o in overrides:
        key, _, text = o.partition("=")
        if not key or not _:
            raise ValueError("override %r must look like key.path=value" % o)
        node = tree
        parts = key.strip().split(".")
        for p in parts[:-1]:
            node = node[p]
        node[parts[-1]] = yaml.safe_load(text)
    return tree


def load_file(path):
    """A resolved configuration as clel writes it (run folder or step export config.yaml), over the defaults."""
    tree = _preset("defaults")
    _merge(tree, _read(path))
    return tree


def num(v):
    """A YAML number (PyYAML reads 1e-4 without a dot as a string; clel's SnakeYAML reads it as a number)."""
    return float(v)


# EBM trunk layouts (clel.config.EnergySize): stem width, stage widths, blocks per stage, input scales
SIZES = {
    "small": (64, (64, 64, 128, 128), 1, 1),
    "base": (128, (128, 128, 256, 256), 2, 1),
    "base-multiscale": (128, (128, 128, 256, 256), 2, 3),
    "large": (256, (256, 256, 256, 256), 2, 3),
    "tiny": (32, (32, 32, 64, 64), 1, 1),
}

# published per-channel statistics of the 28x28 gray sets (clel.data.sets.Mnist, clel.data.sets.FashionMnist)
GRAY_STATS = {"mnist": (0.1307, 0.3081), "fashion_mnist": (0.2860, 0.3530)}
