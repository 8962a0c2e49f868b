"""Converts a pretrained ViT MAE checkpoint into the TorchScript file that clel's mae objective loads
(encoder_objectives.mae.encoder, paper Appendix C: the MAE encoder with its decoder removed, frozen).

The file's contract (clel.encoder.MaeBackbone):
    forward(x: float32 Tensor (N, C, H, W), the images as clel's networks receive them, values in [0, 1])
        -> float32 Tensor (N, D), one feature row per image
Inside: resize to the ViT's resolution (bicubic, clamped to [0, 1]), one channel repeated to three, ImageNet mean/std
normalization, the ViT encoder without masking (patch embedding, CLS token, position embedding, transformer blocks,
final LayerNorm), then the CLS token (--pool cls, as MAE's linear probe) or the mean of the patch tokens (--pool mean).

The ViT is written here in plain PyTorch with timm's parameter names (timm is not needed), so state dicts of
facebookresearch/mae (models_mae.py) and of MAE-Lite (wangsr126/MAE-Lite, a ViT-tiny MAE) load into it. Keys may sit
under "model" or "state_dict" and carry "module." or "model." prefixes; decoder keys and mask_token are dropped; every
other key must match exactly.

    # a real checkpoint (MAE-Lite's ViT-tiny uses 12 heads; a DeiT-style ViT-tiny has 3: the file cannot tell)
    python3 bench/export_mae_torchscript.py --checkpoint mae_tiny_400e.pth.tar --heads 12 --output mae-vit-tiny.pt
    # a random-weight ViT-tiny MAE checkpoint in MAE's layout (encoder + decoder), to test this script without one
    python3 bench/export_mae_torchscript.py --write-random-checkpoint random-mae-tiny.pth --heads 12

Needs PyTorch only (Debian: apt-get install python3-torch). Tested with Debian's PyTorch 1.13 on random weights.
"""
import argparse
import inspect
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


class Attention(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = ((q @ k.transpose(-2, -1)) * self.scale).softmax(dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, n, c))


class Mlp(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class Block(nn.Module):
    """timm's pre-norm transformer block (qkv bias, exact GELU, LayerNorm eps 1e-6 as MAE)."""

    def __init__(self, dim: int, heads: int, mlp_ratio: float = 4.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, int(dim * mlp_ratio))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class PatchEmbed(nn.Module):
    def __init__(self, patch: int, dim: int):
        super().__init__()
        self.proj = nn.Conv2d(3, dim, kernel_size=patch, stride=patch)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x).flatten(2).transpose(1, 2)


class VitEncoder(nn.Module):
    """MAE's encoder (models_mae.MaskedAutoencoderViT.forward_encoder) without masking: all patch tokens."""

    def __init__(self, image_size: int, patch: int, dim: int, depth: int, heads: int):
        super().__init__()
        tokens = (image_size // patch) ** 2
        self.patch_embed = PatchEmbed(patch, dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, tokens + 1, dim))
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.patch_embed(x) + self.pos_embed[:, 1:, :]
        cls = (self.cls_token + self.pos_embed[:, :1, :]).expand(x.shape[0], -1, -1)
        x = torch.cat((cls, x), dim=1)
        for block in self.blocks:
            x = block(x)
        return self.norm(x)


class MaeFeatures(nn.Module):
    """clel's contract around the frozen encoder: [0, 1] images of any size in, (N, D) features out."""

    def __init__(self, vit: VitEncoder, image_size: int, pool: str):
        super().__init__()
        self.vit = vit
        self.image_size = image_size
        self.use_cls = pool == "cls"
        self.register_buffer("mean", torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(IMAGENET_STD).view(1, 3, 1, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.shape[1] == 1:
            x = x.expand(-1, 3, -1, -1)
        if x.shape[2] != self.image_size or x.shape[3] != self.image_size:
            x = F.interpolate(x, size=[self.image_size, self.image_size], mode="bicubic", align_corners=False)
            x = x.clamp(0.0, 1.0)
        tokens = self.vit((x - self.mean) / self.std)
        if self.use_cls:
            return tokens[:, 0]
        return tokens[:, 1:].mean(dim=1)


def build(args) -> VitEncoder:
    return VitEncoder(args.image_size, args.patch, args.embed_dim, args.depth, args.heads)


def encoder_state_dict(path: str, trust: bool) -> dict:
    """The encoder's tensors of an MAE checkpoint, under timm's names."""
    kwargs = {"map_location": "cpu"}
    if "weights_only" in inspect.signature(torch.load).parameters:
        kwargs["weights_only"] = not trust
    try:
        ckpt = torch.load(path, **kwargs)
    except Exception as e:  # noqa: BLE001 - reported in one line
        hint = "" if trust else " (if the file pickles more than tensors and you trust it: --trust-checkpoint)"
        raise SystemExit(f"{path}: cannot be read as a PyTorch checkpoint: {str(e).splitlines()[0]}{hint}")
    for key in ("model", "state_dict"):
        if isinstance(ckpt, dict) and isinstance(ckpt.get(key), dict):
            ckpt = ckpt[key]
            break
    state = {}
    for name, value in ckpt.items():
        for prefix in ("module.", "model."):
            if name.startswith(prefix):
                name = name[len(prefix):]
        if name.startswith("decoder") or name == "mask_token":
            continue
        state[name] = value
    return state


def fixed_images() -> torch.Tensor:
    """(2, 3, 32, 32): ((97 i + 41 c + 7 y + 3 x) mod 256) / 255, as clel's tests build them."""
    i, c, y, x = torch.meshgrid(torch.arange(2), torch.arange(3), torch.arange(32), torch.arange(32), indexing="ij")
    return ((97 * i + 41 * c + 7 * y + 3 * x) % 256).to(torch.float32) / 255.0


def write_random_checkpoint(args):
    """A ViT MAE checkpoint with random weights in facebookresearch/mae's layout ({"model": state dict}), its encoder
    keys prefixed "model." as MAE-Lite's fine-tuning code expects, plus a one-block decoder that the export drops."""
    torch.manual_seed(args.seed)
    vit = build(args)
    for p in vit.parameters():
        nn.init.normal_(p, std=0.02 if p.dim() > 1 else 0.1)
    tokens = (args.image_size // args.patch) ** 2
    decoder = {"decoder_embed.weight": torch.randn(96, args.embed_dim) * 0.02, "decoder_embed.bias": torch.zeros(96),
               "mask_token": torch.randn(1, 1, 96) * 0.02, "decoder_pos_embed": torch.randn(1, tokens + 1, 96),
               "decoder_norm.weight": torch.ones(96), "decoder_norm.bias": torch.zeros(96),
               "decoder_pred.weight": torch.randn(args.patch ** 2 * 3, 96) * 0.02,
               "decoder_pred.bias": torch.zeros(args.patch ** 2 * 3)}
    decoder.update({"decoder_blocks.0." + k: v for k, v in Block(96, 3).state_dict().items()})
    state = {"model." + k: v for k, v in vit.state_dict().items()}
    state.update(decoder)
    torch.save({"model": state, "epoch": 0}, args.write_random_checkpoint)
    print(f"wrote {args.write_random_checkpoint}: random ViT MAE weights (depth {args.depth}, width {args.embed_dim}, "
          f"{args.heads} heads) and a decoder, {sum(v.numel() for v in state.values()):,} values")


def export(args):
    vit = build(args)
    state = encoder_state_dict(args.checkpoint, args.trust_checkpoint)
    expected = vit.state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    wrong = sorted(k for k in set(state) & set(expected) if state[k].shape != expected[k].shape)
    if missing or unexpected or wrong:
        details = "; ".join(f"{what}: {', '.join(keys[:6])}{' ...' if len(keys) > 6 else ''}"
                            for what, keys in (("missing", missing), ("unexpected", unexpected),
                                               ("other shape", [f"{k} {tuple(state[k].shape)} != "
                                                                f"{tuple(expected[k].shape)}" for k in wrong]))
                            if keys)
        raise SystemExit(f"{args.checkpoint}: not a ViT MAE encoder of depth {args.depth}, width {args.embed_dim}, "
                         f"patch {args.patch} at {args.image_size} px ({details})")
    vit.load_state_dict(state)
    module = MaeFeatures(vit, args.image_size, args.pool).eval()
    for p in module.parameters():
        p.requires_grad_(False)
    scripted = torch.jit.script(module)
    scripted.save(args.output)

    reloaded = torch.jit.load(args.output)
    probe = torch.rand(3, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        eager = module(probe)
        diff = (reloaded(probe) - eager).abs().max().item()
        if args.probe_output:
            np.save(args.probe_output, reloaded(fixed_images()).numpy())
    if not math.isfinite(diff) or diff > 1e-5:
        raise SystemExit(f"{args.output}: the saved module differs from the eager one by {diff}")
    params = sum(p.numel() for p in module.parameters())
    print(f"wrote {args.output}: ViT (depth {args.depth}, width {args.embed_dim}, {args.heads} heads, patch "
          f"{args.patch}) at {args.image_size} x {args.image_size}, {args.pool} features {tuple(eager.shape)} for "
          f"(3, 3, 32, 32) images in [0, 1], {params:,} frozen parameters; saved vs eager max |diff| {diff:.1e}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--checkpoint", help="the MAE checkpoint (.pth / .pth.tar) to convert")
    what.add_argument("--write-random-checkpoint", metavar="FILE", help="write random ViT MAE weights instead")
    p.add_argument("--output", help="the TorchScript file to write (with --checkpoint)")
    p.add_argument("--heads", type=int, required=True, help="attention heads (MAE-Lite ViT-tiny: 12; DeiT-tiny: 3)")
    p.add_argument("--embed-dim", type=int, default=192, help="token width D (ViT-tiny: 192)")
    p.add_argument("--depth", type=int, default=12, help="transformer blocks (ViT-tiny: 12)")
    p.add_argument("--patch", type=int, default=16, help="patch size in pixels (default 16)")
    p.add_argument("--image-size", type=int, default=224, help="the resolution the ViT was pretrained at (224)")
    p.add_argument("--pool", choices=("cls", "mean"), default="cls",
                   help="features: the CLS token after the final LayerNorm (MAE's linear probe) or the patch tokens' mean")
    p.add_argument("--probe-output", metavar="NPY", help="also write the features of 2 fixed 32x32 images (tests)")
    p.add_argument("--trust-checkpoint", action="store_true",
                   help="unpickle the whole checkpoint (needed when it stores more than tensors; only for trusted files)")
    p.add_argument("--seed", type=int, default=0, help="seed of --write-random-checkpoint")
    args = p.parse_args(argv)
    if args.embed_dim % args.heads != 0:
        p.error(f"--embed-dim {args.embed_dim} is not divisible by --heads {args.heads}")
    if args.checkpoint and not args.output:
        p.error("--checkpoint needs --output")
    torch.set_grad_enabled(False)
    if args.write_random_checkpoint:
        write_random_checkpoint(args)
    else:
        export(args)


if __name__ == "__main__":
    sys.exit(main())
