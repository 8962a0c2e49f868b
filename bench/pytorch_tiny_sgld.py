"""Times the tiny EBM's SGLD step and EBM update in plain PyTorch, to compare with `./clel bench` on the same machine.

This is the project's own re-implementation of the networks clel builds (not the paper's public code, which
cannot be fetched here): the tiny layout (stem 32, stages 32-32-64-64 with one pre-activation block each,
AvgPool(2) before every stage after the first, LeakyReLU 0.2, spectral norm on every convolution, head
64-2048-128), input normalization inside the network, marginal energy 0.5 ||f(x)||^2 (eq. 11).

Run with Debian's PyTorch (apt-get install python3-torch) and the launcher's malloc tuning:
    MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=1073741824 \
        /usr/bin/python3 bench/pytorch_tiny_sgld.py [--batch 32] [--steps 200] [--threads 2]
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.parametrizations import spectral_norm


def sn_conv(cin, cout, k=3, bias=True):
    conv = nn.Conv2d(cin, cout, k, padding=k // 2, bias=bias)
    nn.init.kaiming_normal_(conv.weight, nonlinearity="linear")
    return spectral_norm(conv)


class PreActBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = sn_conv(cin, cout)
        self.conv2 = sn_conv(cout, cout)
        self.shortcut = sn_conv(cin, cout, k=1, bias=False) if cin != cout else None

    def forward(self, x):
        h = self.conv1(F.leaky_relu(x, 0.2))
        h = self.conv2(F.leaky_relu(h, 0.2))
        return (x if self.shortcut is None else self.shortcut(x)) + h


class TinyEbm(nn.Module):
    def __init__(self, stem=32, stages=(32, 32, 64, 64), hidden=2048, dz=128):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.4914, 0.4822, 0.4465]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor([0.2470, 0.2435, 0.2616]).view(1, 3, 1, 1))
        self.stem = sn_conv(3, stem)
        blocks, cin = [], stem
        for i, c in enumerate(stages):
            if i > 0:
                blocks.append(nn.AvgPool2d(2))
            blocks.append(PreActBlock(cin, c))
            cin = c
        self.blocks = nn.Sequential(*blocks)
        self.head1 = nn.Linear(cin, hidden)
        self.head2 = nn.Linear(hidden, dz)
        for lin in (self.head1, self.head2):
            nn.init.normal_(lin.weight, 0, 0.01)
            nn.init.zeros_(lin.bias)

    def forward(self, x):
        h = self.blocks(self.stem((x - self.mean) / self.std))
        h = F.leaky_relu(h, 0.2).mean(dim=(2, 3))
        return self.head2(F.leaky_relu(self.head1(h), 0.2))


def energy(net, x):
    return 0.5 * net(x).pow(2).sum(dim=1)


def sgld_step(net, x, step_size=100.0, noise=1e-3, clip=None):
    x = x.detach().requires_grad_(True)
    g, = torch.autograd.grad(energy(net, x).sum(), x)
    if clip is not None:
        g = g.clamp(-clip, clip)
    return (x - step_size * g + noise * torch.randn_like(x)).clamp(0, 1).detach()


def timed(fn, n):
    for _ in range(3):
        fn()
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) / n * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = TinyEbm()
    print(f"PyTorch {torch.__version__}, threads {torch.get_num_threads()}, batch {a.batch}, "
          f"parameters {sum(p.numel() for p in net.parameters()):,}")

    net.eval()  # as clel's sampler: no power iteration during SGLD
    for p in net.parameters():
        p.requires_grad_(False)
    state = {"x": torch.rand(a.batch, 3, 32, 32)}

    def step():
        state["x"] = sgld_step(net, state["x"])

    ms = timed(step, a.steps)
    print(f"SGLD step (forward + input gradient, batch {a.batch}): {ms:.1f} ms")

    for p in net.parameters():
        p.requires_grad_(True)
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-4, betas=(0.0, 0.999))
    real = torch.rand(a.batch, 3, 32, 32)

    def update():
        loss = energy(net, real).mean() - energy(net, state["x"]).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    ms = timed(update, max(10, a.steps // 10))
    print(f"EBM update (forward on {a.batch} real + {a.batch} sampled, backward, Adam): {ms:.1f} ms")


if __name__ == "__main__":
    main()
