"""The optimizers, schedules and EMA of the public code (train.py, utils.py, models/base.py).

EBM f, g: torch.optim.Adam(betas (beta1, beta2), eps) with a linear warm-up lr * min(1, (t + 1) / warmup) (LambdaLR).
Encoder h: torch.optim.SGD(momentum, weight_decay on every parameter) with cosine annealing
lr * (1 + cos(pi t / T)) / 2 over the run (CosineAnnealingLR's closed form). t is the 0-based iteration.
EMA: decay 0 (a copy) while t < halflife / batch, then 0.5^(batch / halflife); ema = decay * ema + (1 - decay) * live
for parameters, buffers copied. clel applies it after the optimizer step of iteration t; the public code applies it
at the start of the next iteration (its EMA lags one step), which the twin does not copy.
"""
import math

import torch


def warmup_lr(base, warmup, t):
    return base if warmup <= 0 else base * min(1.0, (t + 1) / warmup)


def cosine_lr(base, total, t):
    frac = min(1.0, max(0.0, t / total))
    return base * 0.5 * (1 + math.cos(math.pi * frac))


def ema_decay(halflife, batch, t):
    return 0.0 if t < halflife / batch else 0.5 ** (batch / halflife)


def make(ebm, encoder, optim_cfg):
    o = {k: v for k, v in optim_cfg.items()}
    adam = torch.optim.Adam(ebm.parameters(), lr=float(o["ebm_lr"]),
                            betas=(float(o["ebm_beta1"]), float(o["ebm_beta2"])), eps=float(o["ebm_eps"]))
    sgd = torch.optim.SGD(encoder.parameters(), lr=float(o["encoder_lr"]), momentum=float(o["encoder_momentum"]),
                          weight_decay=float(o["encoder_weight_decay"]))
    return adam, sgd


def set_lr(optimizer, lr):
    for group in optimizer.param_groups:
        group["lr"] = lr


@torch.no_grad()
def ema_update(ema, live, decay):
    src = dict(live.named_parameters())
    for k, p in ema.named_parameters():
        p.mul_(decay).add_(src[k], alpha=1 - decay)
    src = dict(live.named_buffers())
    for k, b in ema.named_buffers():
        b.copy_(src[k])
