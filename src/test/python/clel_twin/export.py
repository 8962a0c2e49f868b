"""Reading a `clel train --export-steps K` folder (layout: clel.diagnostics.StepExport's Javadoc).

Export.params(net, where) loads a state as {clel name without DJL's ordinal prefixes: numpy array};
load_into(module, state) copies such a state into a twin network after checking names, order and shapes.
"""
import json
import os
import re

import numpy as np
import torch

from . import config as C
from . import networks

_ORDINAL = re.compile(r"(^|_)\d{2}(?=[A-Za-z])")


def canonical(djl_name):
    """01f_01trunk0_02stage0_block0_01conv1_weight -> f_trunk0_stage0_block0_conv1_weight."""
    return _ORDINAL.sub(r"\1", djl_name)


class Export:
    def __init__(self, root):
        self.root = root
        with open(os.path.join(root, "index.json"), encoding="utf-8") as f:
            self.index = json.load(f)
        if self.index.get("format") != 1:
            raise ValueError("%s: unsupported export format %r" % (root, self.index.get("format")))
        self.config = C.load_file(os.path.join(root, self.index["config"]))
        self.parameters = {net: [dict(p, canonical=canonical(p["name"])) for p in entries]
                           for net, entries in self.index["parameters"].items()}
        self.iterations = self.index["iterations"]

    def array(self, *parts):
        return np.load(os.path.join(self.root, *parts))

    def has(self, *parts):
        return os.path.exists(os.path.join(self.root, *parts))

    def state(self, where, net, copy):
        """{canonical name: array} of network net ('ebm' | 'encoder'), copy 'live' | 'ema', under where
        ('initial' or 'iter_TTTT/after')."""
        out = {}
        for i, p in enumerate(self.parameters[net]):
            a = np.load(os.path.join(self.root, where, "%s_%s" % (net, copy), "%03d.npy" % i))
            out[p["canonical"]] = a
        return out

    def gradients(self, step, net):
        out = {}
        for i, p in enumerate(self.parameters[net]):
            if p["trainable"]:
                out[p["canonical"]] = np.load(os.path.join(self.root, step["dir"], "grad", net, "%03d.npy" % i))
        return out


def check_mapping(module, entries):
    """Raises unless the twin's canonical state has exactly the exported names, in order, with the same shapes."""
    state = networks.canonical_state(module)
    names = [p["canonical"] for p in entries]
    if list(state.keys()) != names:
        missing = [n for n in names if n not in state]
        extra = [n for n in state if n not in names]
        raise ValueError("parameter mapping: clel has %d entries, the twin %d; only in clel %s; only in the twin %s; "
                         "or the order differs" % (len(names), len(state), missing[:5], extra[:5]))
    for p in entries:
        t = state[p["canonical"]]
        if list(t.shape) != list(p["shape"]):
            raise ValueError("parameter %s: clel shape %s, twin shape %s" % (p["name"], p["shape"], list(t.shape)))
    return state


@torch.no_grad()
def load_into(module, state):
    for name, t in networks.canonical_state(module).items():
        t.copy_(torch.from_numpy(np.ascontiguousarray(state[name])))
