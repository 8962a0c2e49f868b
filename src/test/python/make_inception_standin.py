"""Writes TorchScript stand-ins for NVIDIA's FID Inception network (inception-2015-12-05.pt).

The real file (a TorchScript translation of TensorFlow's 2015-12-05 Inception-v3, used by StyleGAN2-ADA,
StyleGAN3 and clean-fid) cannot be downloaded on the project's machines. These stand-ins have its calling
convention, so clel's loader (clel.evaluation.InceptionNetwork) is tested against the interface it will meet:

    forward(img: uint8 or float Tensor (N, 3, H, W) in [0, 255],
            return_features: bool = False, use_fp16: bool = False, no_output_bias: bool = False) -> Tensor
    return_features=True  -> (N, 2048) pool features (FID)
    otherwise             -> (N, 1008) softmax probabilities; no_output_bias=True drops the output bias (IS)

Images are resized to 299 x 299 (bilinear) and mapped to [-1, 1] inside, as in the real network.

Run with Debian's PyTorch (apt-get install python3-torch python3-torchvision):
    /usr/bin/python3 src/test/python/make_inception_standin.py small src/test/resources/clel/evaluation
        a tiny random network (about 100 KB) and the outputs it gives on a fixed input (.npy), committed
        as test fixtures: the Java test checks that DJL gives the same numbers.
    /usr/bin/python3 src/test/python/make_inception_standin.py full /tmp/inception-random.pt
        torchvision's full-size Inception-v3 with random weights, for timing only (about 95 MB, not committed).
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F


class StandIn(torch.nn.Module):
    """The real file's layout: the trunk in `layers` (2048 pool features), the classifier in `output`, a Linear(2048,
    1008) whose weight is (1008, 2048) and bias (1008); clel checks these shapes before it loads a file."""

    def __init__(self, layers: torch.nn.Module, output: torch.nn.Linear):
        super().__init__()
        self.layers = layers
        self.output = output

    def forward(self, img: torch.Tensor, return_features: bool = False, use_fp16: bool = False,
                no_output_bias: bool = False) -> torch.Tensor:
        batch_size, channels, height, width = img.shape
        assert channels == 3
        x = img.to(torch.float32)
        if height != 299 or width != 299:
            x = F.interpolate(x, size=[299, 299], mode="bilinear", align_corners=False)
        x = (x - 128.0) / 128.0
        features = self.layers(x).reshape(batch_size, 2048)
        if return_features:
            return features
        if no_output_bias:
            logits = F.linear(features, self.output.weight, None)
        else:
            logits = self.output(features)
        return F.softmax(logits, dim=1)


def toeplitz_output(scale: float) -> torch.nn.Linear:
    """Linear(2048, 1008) whose weight W[i, j] = v[i + j] is a view of 3,055 values (strides (1, 1)): the real file's
    shapes, while the small stand-in stays about 150 KB on disk."""
    output = torch.nn.Linear(2048, 1008)
    values = torch.randn(1008 + 2048 - 1) * scale
    output.weight = torch.nn.Parameter(torch.as_strided(values, (1008, 2048), (1, 1)))
    output.bias = torch.nn.Parameter(torch.randn(1008))
    return output


class SwappedFlags(torch.nn.Module):
    """The stand-in behind another argument order, (img, use_fp16, return_features, no_output_bias): the loader
    must refuse it rather than read probabilities as features."""

    def __init__(self, inner: StandIn):
        super().__init__()
        self.inner = inner

    def forward(self, img: torch.Tensor, use_fp16: bool = False, return_features: bool = False,
                no_output_bias: bool = False) -> torch.Tensor:
        return self.inner(img, return_features, use_fp16, no_output_bias)


class LowRankFeatures(torch.nn.Module):
    """Cheap layers with 2048 outputs: strided convolution, ReLU, a low-rank 1x1 expansion, average pool."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, kernel_size=8, stride=8)
        self.expand = torch.nn.Parameter(torch.randn(2048, 8) * 0.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = F.relu(self.conv(x)).mean(dim=(2, 3))
        return F.relu(h @ self.expand.t())


class TorchvisionFeatures(torch.nn.Module):
    """torchvision's Inception-v3 trunk (random weights) up to the 2048-d average pool."""

    def __init__(self):
        super().__init__()
        import torchvision
        net = torchvision.models.inception_v3(weights=None, aux_logits=False, init_weights=True,
                                              transform_input=False)
        self.trunk = torch.nn.Sequential(
            net.Conv2d_1a_3x3, net.Conv2d_2a_3x3, net.Conv2d_2b_3x3, net.maxpool1,
            net.Conv2d_3b_1x1, net.Conv2d_4a_3x3, net.maxpool2,
            net.Mixed_5b, net.Mixed_5c, net.Mixed_5d, net.Mixed_6a, net.Mixed_6b, net.Mixed_6c,
            net.Mixed_6d, net.Mixed_6e, net.Mixed_7a, net.Mixed_7b, net.Mixed_7c, net.avgpool)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.trunk(x)


def fixed_images() -> torch.Tensor:
    """(2, 3, 32, 32) uint8: value (97 n + 41 c + 7 y + 3 x) mod 256 (the Java test builds the same)."""
    n, c, y, x = torch.meshgrid(torch.arange(2), torch.arange(3), torch.arange(32), torch.arange(32), indexing="ij")
    return ((97 * n + 41 * c + 7 * y + 3 * x) % 256).to(torch.uint8)


def main():
    kind, target = sys.argv[1], sys.argv[2]
    torch.manual_seed(20231)
    if kind == "small":
        module = StandIn(LowRankFeatures(), toeplitz_output(0.05))
    elif kind == "full":
        output = torch.nn.Linear(2048, 1008)
        with torch.no_grad():
            output.weight.normal_(0, 0.01)
            output.bias.normal_(0, 0.1)
        module = StandIn(TorchvisionFeatures(), output)
        # batch-norm statistics from random images, so that activations stay O(1) through the random layers
        for m in module.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.momentum = None
        module.train()
        with torch.no_grad():
            for _ in range(4):
                module.layers(torch.rand(16, 3, 299, 299) * 2 - 1)
    else:
        raise SystemExit("kind must be small or full")
    module.eval()
    scripted = torch.jit.script(module)
    if kind == "small":
        os.makedirs(target, exist_ok=True)
        scripted.save(os.path.join(target, "inception-standin.pt"))
        torch.jit.script(SwappedFlags(module).eval()).save(os.path.join(target, "inception-swapped-flags.pt"))
        img = fixed_images()
        with torch.no_grad():
            np.save(os.path.join(target, "inception-standin-features.npy"), scripted(img, True).numpy())
            np.save(os.path.join(target, "inception-standin-probabilities.npy"),
                    scripted(img, False, False, True).numpy())
    else:
        scripted.save(target)


if __name__ == "__main__":
    main()
