"""The networks of CLEL in plain PyTorch, from the public code (architectures.py) and the paper (Table 8, Appendix B).

EnergyNetwork: the EBM f_theta with its directional projector g_theta (eq. 10, 11). Input normalization by the data
set's mean/std, a 3x3 stem and pre-activation residual blocks (LeakyReLU 0.2, AvgPool(2) before every stage after
the first, 1x1 bias-free shortcut when the width changes), every convolution spectral-normalized with
torch.nn.utils.parametrizations.spectral_norm (one power iteration per training-mode forward, as the public code),
LeakyReLU + global average pooling, head Linear(C, hidden) -> LeakyReLU -> Linear(hidden, d). The projector g is
Linear(d, hidden, no bias) -> LeakyReLU -> Linear(hidden, d, no bias) applied to f(x) itself, as the public code does;
clel applies it to f/||f|| (the same direction: g is bias-free and positively homogeneous).
forward(x (B, C, H, W) in [0, 1]) -> (f (B, d), g(f) (B, d) unnormalized).

Encoder: torchvision's ResNet-18 with zero-initialized residual BatchNorms, a 3x3 stride-1 stem and no max-pool
(32x32 inputs), at base width w, then the MLP Linear(8w, hidden) -> BatchNorm1d -> ReLU -> Linear(hidden, d).
Difference kept on purpose: clel's first MLP Linear has a bias (fc1_bias=True here, to load clel's weights); the
public code's get_mlp(bn=True) drops it. Before a training-mode BatchNorm that bias has no effect and a zero gradient.
forward(x) -> h(x) (B, d), not normalized.

canonical_state(module) lists every parameter and buffer under clel's parameter name with DJL's ordinal prefixes
removed (e.g. f_trunk0_stage0_block0_conv1_weight), in clel's order, so that an export maps onto the twin by name,
order and shape.
"""
import collections

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.parametrizations import spectral_norm

LEAKY = 0.2


class Normalize(nn.Module):
    """(x - mean) / std per channel (public code architectures.Normalize)."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))

    def forward(self, x):
        return (x - self.mean.view(1, -1, 1, 1)) / self.std.view(1, -1, 1, 1)


def _legacy_power_method(self, weight_mat, n_power_iterations):
    """torch.nn.utils.spectral_norm's (pre-parametrization) order: v = normalize(W^T u), then u = normalize(W v)."""
    with torch.no_grad():
        for _ in range(n_power_iterations):
            self._v = F.normalize(torch.mv(weight_mat.t(), self._u), dim=0, eps=self.eps, out=self._v)
            self._u = F.normalize(torch.mv(weight_mat, self._v), dim=0, eps=self.eps, out=self._u)


def use_legacy_power_iteration(module):
    """Diagnosis only: makes every spectral norm of module update v before u, as torch.nn.utils.spectral_norm does
    (the public code uses torch.nn.utils.parametrizations.spectral_norm: u = normalize(W v), then
    v = normalize(W^T u)). Both converge to the top singular pair; one iteration per forward makes them differ."""
    import types
    for m in module.modules():
        if type(m).__name__ == "_SpectralNorm":
            m._power_method = types.MethodType(_legacy_power_method, m)


def sn_conv(cin, cout, k=3, bias=True):
    """Conv2d(k, padding k//2) with Kaiming-normal (fan_in, linear) init and spectral normalization."""
    conv = nn.Conv2d(cin, cout, k, stride=1, padding=k // 2, bias=bias)
    nn.init.kaiming_normal_(conv.weight, mode="fan_in", nonlinearity="linear")
    if bias:
        nn.init.zeros_(conv.bias)
    return spectral_norm(conv)


class ResBlock(nn.Module):
    """Pre-activation block: shortcut(x) + conv2(act(conv1(act(x))))."""

    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = sn_conv(cin, cout)
        self.conv2 = sn_conv(cout, cout)
        self.shortcut = sn_conv(cin, cout, k=1, bias=False) if cin != cout else None

    def forward(self, x):
        s = x if self.shortcut is None else self.shortcut(x)
        h = self.conv2(F.leaky_relu(self.conv1(F.leaky_relu(x, LEAKY)), LEAKY))
        return h + s


class Trunk(nn.Module):
    def __init__(self, in_channels, stem, stages, blocks):
        super().__init__()
        self.stem = sn_conv(in_channels, stem)
        self.stages = nn.ModuleList()
        c = stem
        for out in stages:
            self.stages.append(nn.ModuleList([ResBlock(c if b == 0 else out, out) for b in range(blocks)]))
            c = out
        self.out_channels = c

    def forward(self, x):
        h = self.stem(x)
        for i, stage in enumerate(self.stages):
            if i > 0:
                h = F.avg_pool2d(h, 2)
            for block in stage:
                h = block(h)
        return h


def _linear(cin, cout, bias=True):
    lin = nn.Linear(cin, cout, bias=bias)
    nn.init.normal_(lin.weight, 0.0, 0.01)
    if bias:
        nn.init.zeros_(lin.bias)
    return lin


class EnergyNetwork(nn.Module):
    def __init__(self, layout, channels, head_hidden, dim, projector, projector_hidden, mean, std):
        super().__init__()
        stem, stages, blocks, scales = layout
        self.normalize = Normalize(mean, std)
        self.trunks = nn.ModuleList([Trunk(channels, stem, stages, blocks) for _ in range(scales)])
        self.head1 = _linear(self.trunks[0].out_channels * scales, head_hidden)
        self.head2 = _linear(head_hidden, dim)
        self.projector = projector
        if projector == "mlp":
            self.w1 = _linear(dim, projector_hidden, bias=False)
            self.w2 = _linear(projector_hidden, dim, bias=False)
        elif projector == "linear":
            self.w1 = _linear(dim, dim, bias=False)
        elif projector != "identity":
            raise ValueError("unknown projector %r" % projector)

    def features(self, x):
        x = self.normalize(x)
        pooled = []
        for s, trunk in enumerate(self.trunks):
            xs = x if s == 0 else F.avg_pool2d(x, 2 ** s)
            pooled.append(F.adaptive_avg_pool2d(F.leaky_relu(trunk(xs), LEAKY), (1, 1)).flatten(1))
        return self.head2(F.leaky_relu(self.head1(torch.cat(pooled, 1)), LEAKY))

    def project(self, f):
        if self.projector == "mlp":
            return self.w2(F.leaky_relu(self.w1(f), LEAKY))
        if self.projector == "linear":
            return self.w1(f)
        return f

    def forward(self, x):
        f = self.features(x)
        return f, self.project(f)


class BasicBlock(nn.Module):
    """torchvision's BasicBlock: relu(bn2(conv2(relu(bn1(conv1(x))))) + downsample(x))."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = x if self.downsample is None else self.downsample(x)
        return F.relu(out + identity)


class Encoder(nn.Module):
    def __init__(self, width, hidden, dim, channels, mean, std, fc1_bias=True):
        super().__init__()
        self.normalize = Normalize(mean, std)
        self.conv1 = nn.Conv2d(channels, width, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.layers = nn.ModuleList()
        c = width
        for s, stride in enumerate((1, 2, 2, 2)):
            out = width << s
            self.layers.append(nn.ModuleList([BasicBlock(c, out, stride), BasicBlock(out, out, 1)]))
            c = out
        self.fc1 = nn.Linear(c, hidden, bias=fc1_bias)
        self.fc_bn = nn.BatchNorm1d(hidden)
        self.fc2 = nn.Linear(hidden, dim)
        for m in self.modules():  # torchvision's ResNet init, zero_init_residual=True
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        for layer in self.layers:
            for block in layer:
                nn.init.zeros_(block.bn2.weight)

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(self.normalize(x))))
        for layer in self.layers:
            for block in layer:
                h = block(h)
        h = F.adaptive_avg_pool2d(h, (1, 1)).flatten(1)
        return self.fc2(F.relu(self.fc_bn(self.fc1(h))))


def _sn_entries(prefix, conv):
    p = conv.parametrizations.weight
    out = [(prefix + "_weight", p.original)]
    if conv.bias is not None:
        out.append((prefix + "_bias", conv.bias))
    out += [(prefix + "_u", p[0]._u), (prefix + "_v", p[0]._v)]
    return out


def _bn_entries(prefix, bn):
    return [(prefix + "_gamma", bn.weight), (prefix + "_beta", bn.bias),
            (prefix + "_runningMean", bn.running_mean), (prefix + "_runningVar", bn.running_var)]


def canonical_state(module):
    """OrderedDict clel-name -> tensor (parameters and buffers) in clel's parameter order."""
    e = []
    if isinstance(module, EnergyNetwork):
        for s, trunk in enumerate(module.trunks):
            t = "f_trunk%d" % s
            e += _sn_entries(t + "_stem", trunk.stem)
            for i, stage in enumerate(trunk.stages):
                for b, block in enumerate(stage):
                    p = "%s_stage%d_block%d" % (t, i, b)
                    e += _sn_entries(p + "_conv1", block.conv1)
                    e += _sn_entries(p + "_conv2", block.conv2)
                    if block.shortcut is not None:
                        e += _sn_entries(p + "_shortcut", block.shortcut)
        for name in ("head1", "head2"):
            lin = getattr(module, name)
            e += [("f_%s_weight" % name, lin.weight), ("f_%s_bias" % name, lin.bias)]
        if module.projector == "mlp":
            e += [("g_w1_weight", module.w1.weight), ("g_w2_weight", module.w2.weight)]
        elif module.projector == "linear":
            e += [("g_w1_weight", module.w1.weight)]
    elif isinstance(module, Encoder):
        e += [("stem_weight", module.conv1.weight)] + _bn_entries("stem_bn", module.bn1)
        for s, layer in enumerate(module.layers):
            for b, block in enumerate(layer):
                p = "layer%d_%d" % (s + 1, b)
                e += [(p + "_conv1_weight", block.conv1.weight)] + _bn_entries(p + "_bn1", block.bn1)
                e += [(p + "_conv2_weight", block.conv2.weight)] + _bn_entries(p + "_bn2", block.bn2)
                if block.downsample is not None:
                    e += [(p + "_down_conv_weight", block.downsample[0].weight)]
                    e += _bn_entries(p + "_down_bn", block.downsample[1])
        e += [("fc1_weight", module.fc1.weight)]
        if module.fc1.bias is not None:
            e += [("fc1_bias", module.fc1.bias)]
        e += _bn_entries("fc_bn", module.fc_bn)
        e += [("fc2_weight", module.fc2.weight), ("fc2_bias", module.fc2.bias)]
    else:
        raise TypeError("not a twin network: %r" % type(module))
    return collections.OrderedDict(e)


def build(cfg):
    """(EBM, encoder) for a clel configuration tree with model.input_mean/input_std resolved."""
    from . import config as C
    m = cfg["model"]
    if m.get("energy_head", "norm") != "norm":
        raise ValueError("the twin implements model.energy_head=norm only")
    mean, std = [float(v) for v in m["input_mean"]], [float(v) for v in m["input_std"]]
    ebm = EnergyNetwork(C.SIZES[m["size"]], int(m["channels"]), int(m["head_hidden"]), int(m["feature_dim"]),
                        m["projector"], int(m["projector_hidden"]), mean, std)
    enc = Encoder(int(m["encoder_width"]), int(m["encoder_hidden"]), int(m["feature_dim"]), int(m["channels"]),
                  mean, std)
    return ebm, enc
