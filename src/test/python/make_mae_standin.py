"""Writes a TorchScript stand-in for a frozen MAE encoder (loss.encoder_objective=mae, paper Appendix C) and the numbers
PyTorch computes with it, as test fixtures for clel.encoder.MaeBackbone / MaeEncoder.

A real MAE checkpoint (ViT-tiny) cannot be downloaded on the project's machines, and a ViT at 224 x 224 is too slow for
unit tests on a CPU. The stand-in keeps to the same contract as bench/export_mae_torchscript.py's files:

    forward(x: float32 Tensor (N, 3, H, W), values in [0, 1]) -> float32 Tensor (N, 24)

with the preprocessing inside (resize, here to 64 x 64 instead of 224, and ImageNet mean/std normalization), two strided
convolutions standing in for the patch embedding and the transformer, mean pooling and a final LayerNorm.

Run with Debian's PyTorch (apt-get install python3-torch):
    /usr/bin/python3 src/test/python/make_mae_standin.py src/test/resources/clel/encoder
writes
    mae-standin.pt               the stand-in (about 30 KB)
    mae-standin-feature-map.pt   the same network without pooling, returning (N, 24, 1, 1): breaks the contract
    mae-standin-features.npy     the stand-in's features of fixed_images() (2, 24)
    mae-objective-*.npy          an MLP, EBM latents, L_LE of eq. (13) with and without them and the gradient of the
                                 first with respect to the MLP's first weight, computed here, for MaeObjectiveTest
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
WIDTH = 24          # D, the stand-in's feature width
HIDDEN = 32         # the MLP's hidden width (model.encoder_hidden of the Java test)
LATENT = 16         # d_z (model.feature_dim of the Java test)
TEMPERATURE = 0.2   # loss.temperature


class StandIn(torch.nn.Module):
    def __init__(self, pool: bool):
        super().__init__()
        self.pool = pool
        self.register_buffer("mean", torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(IMAGENET_STD).view(1, 3, 1, 1))
        self.patch = torch.nn.Conv2d(3, 12, kernel_size=4, stride=4)
        self.mix = torch.nn.Conv2d(12, WIDTH, kernel_size=4, stride=4)
        self.norm = torch.nn.LayerNorm(WIDTH, eps=1e-6)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(x, size=[64, 64], mode="bilinear", align_corners=False)
        x = (x - self.mean) / self.std
        h = self.mix(F.gelu(self.patch(x)))            # (N, 24, 4, 4)
        if not self.pool:
            return h.mean(dim=(2, 3), keepdim=True)    # (N, 24, 1, 1): not (N, D)
        return self.norm(h.mean(dim=(2, 3)))           # (N, 24)


def fixed_images(n: int) -> torch.Tensor:
    """(n, 3, 32, 32) float32: ((97 i + 41 c + 7 y + 3 x) mod 256) / 255 (the Java tests build the same)."""
    i, c, y, x = torch.meshgrid(torch.arange(n), torch.arange(3), torch.arange(32), torch.arange(32), indexing="ij")
    return ((97 * i + 41 * c + 7 * y + 3 * x) % 256).to(torch.float32) / 255.0


def nt_xent(h: torch.Tensor, negatives, tau: float) -> torch.Tensor:
    """Eq. (13) written from the paper: rows i and i + n of h are image i's two views; each of the 2n anchors has its
    other view as positive and the other 2n - 2 views (and the EBM latents, if given) as negatives."""
    z = F.normalize(h, dim=1)
    two_n = z.shape[0]
    n = two_n // 2
    sim = z @ z.t() / tau
    positives = torch.cat([torch.diagonal(sim, n), torch.diagonal(sim, -n)])
    others = sim[~torch.eye(two_n, dtype=torch.bool)].view(two_n, two_n - 1)   # every column but the anchor itself
    if negatives is not None:
        others = torch.cat([others, z @ F.normalize(negatives, dim=1).t() / tau], dim=1)
    return -(positives - torch.logsumexp(others, dim=1)).mean()


def save(target: str, name: str, t: torch.Tensor):
    np.save(os.path.join(target, name), t.detach().numpy().astype(np.float32))


def main():
    target = sys.argv[1]
    os.makedirs(target, exist_ok=True)
    torch.manual_seed(20230)
    standin = StandIn(pool=True).eval()
    torch.jit.script(standin).save(os.path.join(target, "mae-standin.pt"))
    feature_map = StandIn(pool=False).eval()
    feature_map.load_state_dict(standin.state_dict())
    torch.jit.script(feature_map).save(os.path.join(target, "mae-standin-feature-map.pt"))
    with torch.no_grad():
        save(target, "mae-standin-features.npy", standin(fixed_images(2)))

    # L_LE of the mae objective: h = MLP(frozen features), views without augmentation = two copies of the batch
    fc1 = torch.nn.Linear(WIDTH, HIDDEN)
    bn = torch.nn.BatchNorm1d(HIDDEN, eps=1e-5)
    fc2 = torch.nn.Linear(HIDDEN, LATENT)
    with torch.no_grad():
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.uniform_(-0.2, 0.2)
    mlp = torch.nn.Sequential(fc1, bn, torch.nn.ReLU(), fc2).train()
    x = fixed_images(3)
    views = torch.cat([x, x])
    negatives = torch.randn(4, LATENT)
    with torch.no_grad():
        features = standin(views)
    projections = mlp(features)
    with_negatives = nt_xent(projections, negatives, TEMPERATURE)
    with_negatives.backward()
    losses = torch.stack([with_negatives, nt_xent(projections, None, TEMPERATURE)])
    for name, t in [("fc1-weight", fc1.weight), ("fc1-bias", fc1.bias), ("bn-gamma", bn.weight), ("bn-beta", bn.bias),
                    ("fc2-weight", fc2.weight), ("fc2-bias", fc2.bias), ("negatives", negatives),
                    ("projections", projections), ("losses", losses), ("fc1-weight-grad", fc1.weight.grad)]:
        save(target, "mae-objective-" + name + ".npy", t)


if __name__ == "__main__":
    main()
