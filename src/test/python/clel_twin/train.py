"""A free-running twin of Algorithm 1 (one iteration as clel.training.Trainer.step, in plain PyTorch):

  1. x: a data batch (a new permutation every epoch), dequantized x * 255/256 + U(0, 1/256);
  2. x~: distinct replay-buffer chains (restarted from U(0, 1) with reinit_prob), the transition augmentation, S SGLD
     steps on E(x) with the EBM in training mode (a power iteration per forward) when sampler.update_spectral_norm,
     written back;
  3. z = h(t(x)) / ||h(t(x))|| without gradient (training-mode BatchNorm), t the EBM augmentation;
  4. L_EBM on [x; x~] in one forward, L_LE on h(augment([x; x])) with sg(g(f(x~))) as extra negatives, one backward;
  5. Adam (warm-up) on f, g; SGD (cosine) on h; the EMA (an update with a non-finite gradient is skipped).

Its own RNG (torch.Generator seeded with `seed`), its own batched augmentations (augment.py), its own initialization
(the public code's: Kaiming-normal fan_in convolutions and N(0, 0.01) Linear layers in the EBM, torchvision's ResNet
init with zero-initialized residual BatchNorms and torch's default Linear init in the encoder) unless --init-from
loads the initial weights of a clel step export. Writes RUN/metrics.jsonl with clel's field names every log.every
iterations. Supported: model.energy_head=norm, augment kinds strong | none, data mnist | fashion_mnist.
"""
import copy
import json
import math
import os
import time

import torch
import torch.nn.functional as F

from . import augment, config, data, networks, objective, optim, sampling


def _augmenter(kind, gen):
    if kind == "strong":
        return lambda x: augment.strong(x, gen)
    if kind == "none":
        return lambda x: x.clone()
    raise ValueError("the twin implements the strong and none augmentations, not %r" % kind)


class Batches:
    """Batches of distinct indices, a fresh permutation every epoch (incomplete last batch dropped)."""

    def __init__(self, n, batch, gen):
        self.n, self.batch, self.gen = n, batch, gen
        self.perm, self.pos = None, n

    def next(self):
        if self.pos + self.batch > self.n:
            self.perm, self.pos = torch.randperm(self.n, generator=self.gen), 0
        idx = self.perm[self.pos:self.pos + self.batch]
        self.pos += self.batch
        return idx


def _norm(params):
    total = 0.0
    for p in params:
        if p.grad is not None:
            total += float(p.grad.double().pow(2).sum())
    return math.sqrt(total)


def _num(v):
    return v if math.isfinite(v) else None


def main(a):
    overrides = list(a.overrides)
    if a.iterations is not None:
        overrides.append("iterations=%d" % a.iterations)
    if a.seed is not None:
        overrides.append("seed=%d" % a.seed)
    cfg = config.load(a.config, overrides)
    out_dir = a.output or (cfg["output_dir"] + "-twin")
    os.makedirs(out_dir, exist_ok=True)
    images = data.load(cfg)
    m = cfg["model"]
    if not m.get("input_mean"):
        m["input_mean"], m["input_std"] = images.mean, images.std
    seed = int(cfg["seed"])
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    ebm, enc = networks.build(cfg)
    if a.init_from:
        from . import export
        ex = export.Export(a.init_from)
        for net, mod in (("ebm", ebm), ("encoder", enc)):
            export.check_mapping(mod, ex.parameters[net])
            export.load_into(mod, ex.state("initial", net, "live"))
    ema_ebm, ema_enc = copy.deepcopy(ebm), copy.deepcopy(enc)
    adam, sgd = optim.make(ebm, enc, cfg["optim"])
    s, o, l = cfg["sampler"], cfg["optim"], cfg["loss"]
    iterations, batch, enc_batch = int(cfg["iterations"]), int(o["batch_size"]), int(o["encoder_batch_size"])
    steps, step_size, noise = int(s["steps"]), float(s["step_size"]), float(s["noise"])
    clip = None if s.get("grad_clip") is None else float(s["grad_clip"])
    alpha, beta, tau = float(l["alpha"]), float(l["beta"]), float(l["temperature"])
    transition = _augmenter(s["transition"], gen)
    ebm_aug = _augmenter(cfg["augment"]["ebm"], gen)
    enc_aug = _augmenter(cfg["augment"]["encoder"], gen)
    buffer = sampling.ReplayBuffer(int(s["buffer_size"]), (3, 32, 32), gen)
    batches = Batches(len(images), batch, gen)
    enc_batches = None if enc_batch == batch else Batches(len(images), enc_batch, gen)
    max_energy = float(cfg["guard"]["max_energy"])
    every = int(cfg["log"]["every"])
    timings = []

    def dequantize(x):
        return x * (255.0 / 256.0) + torch.rand(x.shape, generator=gen) / 256.0

    def energy_fn(x):
        return objective.marginal_energy(ebm(x)[0])

    with open(os.path.join(out_dir, "metrics.jsonl"), "a", encoding="utf-8") as log:
        for t in range(iterations):
            t0 = time.perf_counter()
            lr_ebm = optim.warmup_lr(float(o["ebm_lr"]), int(o["warmup_iterations"]), t)
            lr_enc = optim.cosine_lr(float(o["encoder_lr"]), iterations, t)
            decay = optim.ema_decay(float(cfg["ema"]["halflife"]), batch, t)
            x = dequantize(images.batch(batches.next()))
            x_enc = x if enc_batches is None else dequantize(images.batch(enc_batches.next()))
            idx, chains = buffer.draw(batch, float(s["reinit_prob"]))
            xs = transition(chains)
            ebm.train(bool(s.get("update_spectral_norm", True)))
            for _ in range(steps):
                _, _, xs = sampling.sgld_step(energy_fn, xs, step_size, clip, noise_std=noise, generator=gen)
            buffer.write(idx, xs)
            ebm.train()
            t1 = time.perf_counter()
            with torch.no_grad():
                z = F.normalize(enc(ebm_aug(x)))
            views = enc_aug(torch.cat([x_enc, x_enc]))
            f, graw = ebm(torch.cat([x, xs]))
            e = objective.marginal_energy(f)
            loss_ebm, cos = objective.ebm_loss(e[:batch], e[batch:], graw[:batch], z, alpha, beta)
            h = enc(views)
            le = objective.nt_xent(h, tau, graw[batch:].detach() if l["use_negatives"] else None)
            total = loss_ebm + le
            adam.zero_grad(set_to_none=True)
            sgd.zero_grad(set_to_none=True)
            total.backward()
            t2 = time.perf_counter()
            g_ebm, g_enc = _norm(ebm.parameters()), _norm(enc.parameters())
            skipped = not (math.isfinite(g_ebm) and math.isfinite(g_enc))
            if not skipped:
                optim.set_lr(adam, lr_ebm)
                optim.set_lr(sgd, lr_enc)
                adam.step()
                sgd.step()
                optim.ema_update(ema_ebm, ebm, decay)
                optim.ema_update(ema_enc, enc, decay)
            t3 = time.perf_counter()
            seconds = t3 - t0
            timings.append((t1 - t0, t2 - t1, t3 - t2, seconds))
            e_data, e_sample = float(e[:batch].mean()), float(e[batch:].mean())
            if t + 1 == iterations or (t + 1) % every == 0:
                rec = dict(iteration=t + 1, loss=_num(float(total)), loss_ebm=_num(float(loss_ebm)),
                           loss_le=_num(float(le)), energy_data=_num(e_data), energy_sample=_num(e_sample),
                           latent_cosine=_num(float(cos)), lr_ebm=lr_ebm, lr_encoder=lr_enc, seconds=seconds,
                           it_per_s=1 / seconds, grad_norm_ebm=_num(g_ebm), grad_norm_encoder=_num(g_enc),
                           min_f_norm=float(f.detach().norm(dim=1).min()), max_energy=float(e.detach().max()),
                           skipped=skipped, implementation="pytorch-twin")
                log.write(json.dumps(rec) + "\n")
                log.flush()
                line = "it %d/%d  loss %.4f  L_EBM %.4f  L_LE %.4f  E(x) %.4g  E(x~) %.4g  cos %.3f  %.0f ms" % (
                    t + 1, iterations, float(total), float(loss_ebm), float(le), e_data, e_sample, float(cos),
                    1000 * seconds)
                if a.time:
                    recent = timings[-every:]
                    line += "  (sgld %.0f, loss+backward %.0f, update %.0f ms)" % tuple(
                        1000 * sum(r[i] for r in recent) / len(recent) for i in range(3))
                print(line, flush=True)
            if not math.isfinite(float(total)) or abs(e_data) > max_energy or abs(e_sample) > max_energy:
                print("stopped: EBM diverged at iteration %d (E(x) %g, E(x~) %g)" % (t + 1, e_data, e_sample))
                return 3
    if a.time and len(timings) > 2:
        steady = timings[2:]
        print("ms per iteration (after 2 warm-up iterations, %d timed, %d threads): %.1f (sgld %.1f, loss+backward %.1f,"
              " update %.1f)" % (len(steady), torch.get_num_threads(), 1000 * sum(r[3] for r in steady) / len(steady),
                                 *(1000 * sum(r[i] for r in steady) / len(steady) for i in range(3))))
    return 0
