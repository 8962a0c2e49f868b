"""The strong (SimCLR) augmentation t ~ T, batched with per-image parameters from a torch.Generator, in
torchvision's semantics: RandomResizedCrop(scale (0.08, 1), ratio (3/4, 4/3)) with PIL's bicubic kernel (A = -0.5,
half-pixel centres; crops are never larger than the image, so this is torch's antialiased bicubic) as two matrix
products per image, horizontal flip p = 0.5, ColorJitter(0.4, 0.4, 0.4, 0.1) with p = 0.8 in a random order per
image (torchvision draws the order per call, i.e. per image in a data loader), RandomGrayscale p = 0.2 (luma
0.299 R + 0.587 G + 0.114 B). Colour operations clamp to [0, 1] as torchvision's tensor functions do.

Differences from clel's Augmenter: the random numbers (a different generator and draw order) and the luma weights of
torchvision's tensor grayscale (0.2989 there, 0.299 here and in clel); the formulas are the same.
"""
import functools
import math

import numpy as np
import torch


def _cubic(x, a=-0.5):
    x = abs(x)
    if x < 1:
        return ((a + 2) * x - (a + 3)) * x * x + 1
    if x < 2:
        return (((x - 5) * x + 8) * x - 4) * a
    return 0.0


@functools.lru_cache(maxsize=None)
def bicubic_matrix(in_size, start, length, out_size):
    """(out_size, in_size) weights resizing [start, start + length) to out_size pixels as PIL's BICUBIC."""
    m = np.zeros((out_size, in_size), dtype=np.float64)
    scale = length / out_size
    fscale = max(scale, 1.0)
    support = 2.0 * fscale
    for o in range(out_size):
        center = (o + 0.5) * scale
        lo = max(0, int(center - support + 0.5))
        hi = min(length, int(center + support + 0.5))
        w = np.array([_cubic((i - center + 0.5) / fscale) for i in range(lo, hi)])
        if w.sum() != 0:
            w = w / w.sum()
        m[o, start + lo:start + hi] = w
    return torch.from_numpy(m.astype(np.float32))


def crop_box(h, w, u):
    """torchvision RandomResizedCrop.get_params from 40 uniforms u (10 attempts of area, log-ratio, top, left)."""
    area = h * w
    lo, hi = math.log(3 / 4), math.log(4 / 3)
    for k in range(10):
        target = area * (0.08 + 0.92 * u[4 * k])
        ratio = math.exp(lo + (hi - lo) * u[4 * k + 1])
        cw = int(round(math.sqrt(target * ratio)))
        ch = int(round(math.sqrt(target / ratio)))
        if 0 < cw <= w and 0 < ch <= h:
            return int(u[4 * k + 2] * (h - ch + 1)), int(u[4 * k + 3] * (w - cw + 1)), ch, cw
    return 0, 0, h, w  # square images: the central fallback is the whole image


def luma(x):
    return (0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3]) if x.shape[1] == 3 else x


def _blend(a, b, f):
    return (f * a + (1 - f) * b).clamp(0, 1)


def _rgb2hsv(img):  # torchvision.transforms.functional_tensor._rgb2hsv
    r, g, b = img.unbind(dim=-3)
    maxc = torch.max(img, dim=-3).values
    minc = torch.min(img, dim=-3).values
    eqc = maxc == minc
    cr = maxc - minc
    ones = torch.ones_like(maxc)
    s = cr / torch.where(eqc, ones, maxc)
    cr_divisor = torch.where(eqc, ones, cr)
    rc = (maxc - r) / cr_divisor
    gc = (maxc - g) / cr_divisor
    bc = (maxc - b) / cr_divisor
    hr = (maxc == r) * (bc - gc)
    hg = ((maxc == g) & (maxc != r)) * (2.0 + rc - bc)
    hb = ((maxc != g) & (maxc != r)) * (4.0 + gc - rc)
    h = (hr + hg + hb)
    h = torch.fmod((h / 6.0 + 1.0), 1.0)
    return torch.stack((h, s, maxc), dim=-3)


def _hsv2rgb(img):  # torchvision.transforms.functional_tensor._hsv2rgb
    h, s, v = img.unbind(dim=-3)
    i = torch.floor(h * 6.0)
    f = (h * 6.0) - i
    i = i.to(dtype=torch.int32)
    p = torch.clamp((v * (1.0 - s)), 0.0, 1.0)
    q = torch.clamp((v * (1.0 - s * f)), 0.0, 1.0)
    t = torch.clamp((v * (1.0 - s * (1.0 - f))), 0.0, 1.0)
    i = i % 6
    mask = i.unsqueeze(dim=-3) == torch.arange(6, device=i.device).view(-1, 1, 1)
    a1 = torch.stack((v, q, p, p, t, v), dim=-3)
    a2 = torch.stack((t, v, v, q, p, p), dim=-3)
    a3 = torch.stack((p, p, t, v, v, q), dim=-3)
    a4 = torch.stack((a1, a2, a3), dim=-4)
    return torch.einsum("...ijk, ...xijk -> ...xjk", mask.to(dtype=img.dtype), a4)


def _hue(x, shift):
    hsv = _rgb2hsv(x)
    h = (hsv[:, 0:1] + shift) % 1.0
    return _hsv2rgb(torch.cat([h, hsv[:, 1:]], 1)).clamp(0, 1)


def strong(x, gen):
    """x (B, C, H, W) in [0, 1] -> a new (B, C, H, W), one independent draw of t per image."""
    b, c, h, w = x.shape
    u = torch.rand(b, 40 + 11, generator=gen, dtype=torch.float64).numpy()
    rows, cols = [], []
    for i in range(b):
        top, left, ch, cw = crop_box(h, w, u[i])
        rows.append(bicubic_matrix(h, top, ch, h))
        m = bicubic_matrix(w, left, cw, w)
        cols.append(m.flip(0) if u[i, 40] < 0.5 else m)
    y = (torch.stack(rows).unsqueeze(1) @ x @ torch.stack(cols).transpose(1, 2).unsqueeze(1)).clamp(0, 1)
    r = torch.from_numpy(u[:, 41:]).float()
    jitter = r[:, 0] < 0.8
    one = torch.ones(b)
    factors = [torch.where(jitter, 0.6 + 0.8 * r[:, 1 + j], one).view(b, 1, 1, 1) for j in range(3)]
    hue = torch.where(jitter, 0.1 * (2 * r[:, 4] - 1), torch.zeros(b)).view(b, 1, 1, 1)
    order = torch.argsort(r[:, 5:9], dim=1)  # op j's rank among the four keys
    for pos in range(4):
        op = order[:, pos]
        for j in range(4):
            sel = (op == j) & jitter
            if not bool(sel.any()):
                continue
            m = sel.view(b, 1, 1, 1)
            if j == 0:
                z = _blend(y, torch.zeros_like(y), factors[0])
            elif j == 1:
                z = _blend(y, luma(y).mean(dim=(1, 2, 3), keepdim=True), factors[1])
            elif j == 2:
                z = _blend(y, luma(y), factors[2]) if c == 3 else y
            else:
                z = _hue(y, hue) if c == 3 else y
            y = torch.where(m, z, y)
    gray = (r[:, 9] < 0.2).view(b, 1, 1, 1)
    if c == 3 and bool(gray.any()):
        y = torch.where(gray, luma(y).expand(-1, 3, -1, -1), y)
    return y
