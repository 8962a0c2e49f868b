"""Teacher-forced, phase-by-phase comparison of the twin with a clel step export.

Each exported iteration starts from clel's state before it (weights, spectral-norm vectors u, v, BatchNorm
statistics of the live and EMA networks); the twin keeps only its own optimizer state, built from clel's gradients.
Every phase is fed clel's inputs for that phase and its outputs are compared with clel's:
  schedules   the learning rates and EMA decay (from the config) against the ones clel used;
  sgld        per step k, from clel's x_k: E(x_k), grad_x (after the clip) and x_{k+1} with clel's noise_k
              (the EBM in training mode: one power iteration per forward, so u, v evolve as in clel);
              plus clel's own chain: x_0 = chains, x_{k+1} = next_k, x~ = next_{S-1}, next_k = its formula;
  latent      z = h(t(x)) / ||h(t(x))|| from clel's t(x) (training-mode BatchNorm);
  forward     f, g(f)/||g(f)||, E on clel's [x; x~]; h on clel's views; L_EBM (with clel's z), its terms, L_LE, total;
  gradients   every parameter's gradient of L_EBM + L_LE;
  update      torch's Adam and SGD applied to clel's parameters and clel's gradients, against clel's updated
              parameters; buffers (u, v, BatchNorm statistics) as the twin's forwards left them;
  ema         the EMA of clel's previous EMA and the twin's updated weights.
The first quantity beyond tolerance (in that order) is named and the exit status is 1.

Tolerances (float32 everywhere; the two sides run different libtorch versions, 2.7.1 in clel and 1.13 here, whose
convolution kernels sum in different orders):
  forward values: max|twin - clel| <= RTOL_FORWARD * max|clel|. A float32 forward through ~10 layers is accurate to
      a few 1e-7 relative; 1e-4 leaves headroom while any change of formula (a constant, a term, a normalization)
      moves results by far more (>= 1e-3, typically O(1)).
  gradients: the same normwise test with RTOL_GRAD (backward sums are longer); a gradient that is zero up to
      rounding (a bias right before a training-mode BatchNorm) is compared against ZERO_GRAD times the largest
      gradient of its network instead.
  SGLD: E(x_k) as forward values. grad_x per sample: max|twin - clel| <= RTOL_GRAD * max|clel| of that sample, except
      for at most KINK_FRACTION of the batch, which may reach RTOL_KINK: the energy is piecewise smooth (LeakyReLU),
      and a pre-activation within rounding of 0 (rare, but the tiny EBM has ~1e6 per layer and SGLD step at batch
      32) lands on the other side of the kink in one implementation, changing that sample's input gradient near the
      unit by up to 0.8 of its contribution. (Measured on an issue-9 export: one unit at |a| = 4.5e-8 max|a| made
      one sample differ by 1.6e-3 of its scale; flipping that unit's slope in the twin reproduced clel's gradient to
      2e-12.) A change of formula moves every sample. x_{k+1} per sample within step_size * (that sample's allowed grad error) + 2 ulp(1).
  updates: max|twin - clel| <= RTOL_UPDATE * max|clel - before| + ULPS * eps32 * max|clel| (the optimizers' own
      arithmetic differs from torch's only by the rounding of a few operations).
  buffers: u, v and BatchNorm statistics, normwise RTOL_FORWARD (they went through S + 1 forwards).
"""
import sys

import numpy as np
import torch
import torch.nn.functional as F

from . import export as X
from . import networks, objective, optim, sampling

RTOL_SCHEDULE = 1e-12
RTOL_FORWARD = 1e-4
RTOL_GRAD = 1e-4
RTOL_KINK = 1e-1
KINK_FRACTION = 1.0 / 8
ZERO_GRAD = 1e-5
RTOL_UPDATE = 1e-4
ULPS = 4
EPS32 = float(np.finfo(np.float32).eps)


class Checker:
    def __init__(self, verbose=False, out=sys.stdout):
        self.rows = []
        self.verbose = verbose
        self.out = out

    def _add(self, it, phase, name, err, mag, allowed, note="", ok=None, rel=None):
        ok = bool(err <= allowed) if ok is None else bool(ok)
        if rel is None:
            rel = err / mag if mag > 0 else (0.0 if err == 0 else float("inf"))
        self.rows.append(dict(iteration=it, phase=phase, name=name, err=err, mag=mag, rel=rel, allowed=allowed, ok=ok,
                              note=note))
        return ok

    @staticmethod
    def _arrays(twin, clel, name):
        a = np.asarray(twin.detach().numpy() if torch.is_tensor(twin) else twin, dtype=np.float64)
        b = np.asarray(clel.detach().numpy() if torch.is_tensor(clel) else clel, dtype=np.float64)
        if a.shape != b.shape:
            raise ValueError("%s: twin shape %s, clel shape %s" % (name, a.shape, b.shape))
        return a, b

    def close(self, it, phase, name, twin, clel, rtol, atol=0.0, scale=None):
        """max|twin - clel| <= atol + rtol * (scale or max|clel|)."""
        a, b = self._arrays(twin, clel, name)
        if not (np.isfinite(a).all() and np.isfinite(b).all()):
            same = np.array_equal(a, b, equal_nan=True)
            return self._add(it, phase, name, 0.0 if same else float("inf"), float("nan"), 0.0, "non-finite")
        err = float(np.max(np.abs(a - b))) if a.size else 0.0
        mag = float(np.max(np.abs(b))) if b.size else 0.0
        return self._add(it, phase, name, err, mag, atol + rtol * (mag if scale is None else scale))

    def input_gradient(self, it, phase, name, twin, clel):
        """Per-sample test of SGLD's input gradient (B, ...); returns each sample's allowed max error (B)."""
        a, b = self._arrays(twin, clel, name)
        n = a.shape[0]
        if not (np.isfinite(a).all() and np.isfinite(b).all()):
            same = np.array_equal(a, b, equal_nan=True)
            self._add(it, phase, name, 0.0 if same else float("inf"), float("nan"), 0.0, "non-finite")
            return np.zeros(n)
        err = np.abs(a - b).reshape(n, -1).max(axis=1)
        scale = np.abs(b).reshape(n, -1).max(axis=1)
        tight = err <= RTOL_GRAD * scale
        allowed = np.where(tight, RTOL_GRAD, RTOL_KINK) * scale
        kinks = int((~tight).sum())
        ok = kinks <= max(1, int(KINK_FRACTION * n)) and bool((err <= allowed).all())
        worst = int(np.argmax(err / np.maximum(allowed, 1e-300)))
        rels = np.where(scale > 0, err / np.maximum(scale, 1e-300), np.where(err > 0, np.inf, 0.0))
        rel = float(np.max(rels[tight])) if tight.any() else 0.0
        note = "%d kink sample(s), rel %.1e" % (kinks, float(np.max(rels[~tight]))) if kinks else ""
        self._add(it, phase, name, float(err[worst]), float(scale[worst]), float(allowed[worst]), note, ok=ok, rel=rel)
        return allowed

    def per_sample(self, it, phase, name, twin, clel, allowed):
        """max|twin - clel| of every sample b within allowed[b]."""
        a, b = self._arrays(twin, clel, name)
        n = a.shape[0]
        err = np.abs(a - b).reshape(n, -1).max(axis=1)
        worst = int(np.argmax(err - allowed))
        scale = float(np.max(np.abs(b)))
        return self._add(it, phase, name, float(err[worst]), scale, float(allowed[worst]),
                         ok=bool((err <= allowed).all()))

    def update(self, it, phase, name, twin, clel, before, rtol=RTOL_UPDATE):
        """An optimizer/EMA result, judged against the size of clel's change."""
        a, b = self._arrays(twin, clel, name)
        p = np.asarray(before, dtype=np.float64)
        err = float(np.max(np.abs(a - b))) if a.size else 0.0
        change = float(np.max(np.abs(b - p))) if b.size else 0.0
        mag = float(np.max(np.abs(b))) if b.size else 0.0
        return self._add(it, phase, name, err, change, rtol * change + ULPS * EPS32 * mag, "vs change")

    def first_failure(self):
        return next((r for r in self.rows if not r["ok"]), None)

    def table(self):
        w = self.out.write
        w("%-4s %-10s %-44s %11s %11s %10s %11s  %s\n" % ("iter", "phase", "quantity (worst of the phase)",
                                                          "max|d|", "scale", "rel", "allowed", "ok"))
        groups = {}
        for r in self.rows:
            groups.setdefault((r["iteration"], r["phase"]), []).append(r)
        for (it, phase), rows in groups.items():
            shown = rows if self.verbose else [max(rows, key=_badness)]
            for r in shown:
                label = r["name"] if self.verbose else "%s (%d)" % (r["name"], len(rows))
                w("%-4s %-10s %-44s %11.3e %11.3e %10.2e %11.3e  %s%s\n" % (
                    it, phase, label[:44], r["err"], r["mag"], r["rel"], r["allowed"],
                    "ok" if r["ok"] else "FAIL", "  " + r["note"] if r["note"] else ""))


    def summary(self):
        """Largest relative difference per kind of quantity (rel = max|twin - clel| / scale), and kink samples."""
        kinds = {}
        kinks = 0
        for r in self.rows:
            if r["phase"] in ("initial", "clel-sgld", "schedules"):
                continue
            kind = r["phase"]
            if kind == "sgld":
                kind = {"E": "sgld E(x_k)", "g": "sgld grad_x E(x_k)", "x": "sgld x_{k+1}"}[r["name"][0]]
            elif kind == "forward":
                kind = "forward " + r["name"]
            elif r["name"].endswith("(~0)"):
                kind += " (zero up to rounding)"
            if "kink sample" in r["note"]:
                kinks += int(r["note"].split()[0])
            best = kinds.get(kind)
            if best is None or r["rel"] > best["rel"]:
                kinds[kind] = r
        w = self.out.write
        w("largest relative difference per quantity (SGLD gradients: per sample, kink samples apart; update/ema: "
          "relative to clel's change):\n")
        for kind, r in kinds.items():
            w("  %-26s %9.2e  (%s, iteration %s)\n" % (kind, r["rel"], r["name"], r["iteration"]))
        sgld = [r for r in self.rows if r["phase"] == "sgld" and r["name"].startswith("grad")]
        if sgld:
            worst = max((float(r["note"].split("rel ")[1]) for r in sgld if r["note"]), default=0.0)
            w("  SGLD input gradients: %d of %d steps had kink samples, %d samples in all (largest rel %.1e)\n" % (
                sum(1 for r in sgld if r["note"]), len(sgld), kinks, worst))


def _badness(r):
    return r["err"] / r["allowed"] if r["allowed"] > 0 else (0.0 if r["err"] == 0 else float("inf"))


def _trainable(entries):
    return [p["canonical"] for p in entries if p["trainable"]]


def _t(a):
    return torch.from_numpy(np.ascontiguousarray(a))


def compare(export_dir, verbose=False, out=sys.stdout, legacy_power_iteration=False):
    """Runs the comparison; returns the Checker (its first_failure() is None when everything agrees)."""
    ex = X.Export(export_dir)
    cfg = ex.config
    torch.manual_seed(0)
    ebm, enc = networks.build(cfg)
    ema_ebm, ema_enc = networks.build(cfg)
    if legacy_power_iteration:
        networks.use_legacy_power_iteration(ebm)
    nets = {"ebm": (ebm, ema_ebm), "encoder": (enc, ema_enc)}
    for net, (live, ema) in nets.items():
        X.check_mapping(live, ex.parameters[net])
        X.check_mapping(ema, ex.parameters[net])
    adam, sgd = optim.make(ebm, enc, cfg["optim"])
    s, o, l, m = cfg["sampler"], cfg["optim"], cfg["loss"], cfg["model"]
    step_size = float(s["step_size"])
    clip = None if s.get("grad_clip") is None else float(s["grad_clip"])
    alpha, beta, tau = float(l["alpha"]), float(l["beta"]), float(l["temperature"])
    batch = int(o["batch_size"])
    total_iterations = int(cfg["iterations"])
    training_sgld = bool(s.get("update_spectral_norm", True))
    if m.get("energy_head", "norm") != "norm":
        raise ValueError("the twin compares model.energy_head=norm only")
    chk = Checker(verbose, out)

    before = {(net, c): ex.state("initial", net, c) for net in nets for c in ("live", "ema")}
    for net in nets:
        for name in before[(net, "live")]:
            chk.close(0, "initial", "%s ema=live %s" % (net, name), before[(net, "ema")][name],
                      before[(net, "live")][name], 0.0)
    for step in ex.iterations:
        it = step["iteration"]
        t = it - 1
        d = step["dir"]
        if step.get("skipped"):
            out.write("iteration %d: clel skipped the update (non-finite gradient); comparison stops here\n" % it)
            break
        for net, (live, ema) in nets.items():
            X.load_into(live, before[(net, "live")])
            X.load_into(ema, before[(net, "ema")])
        ebm.train()
        enc.train()

        # schedules
        lr_ebm = optim.warmup_lr(float(o["ebm_lr"]), int(o["warmup_iterations"]), t)
        lr_enc = optim.cosine_lr(float(o["encoder_lr"]), total_iterations, t)
        decay = optim.ema_decay(float(cfg["ema"]["halflife"]), batch, t)
        for name, mine in (("lr_ebm", lr_ebm), ("lr_encoder", lr_enc), ("ema_decay", decay)):
            chk.close(it, "schedules", name, mine, step[name], RTOL_SCHEDULE)

        # SGLD, teacher-forced per step
        xs, grads, nexts = ex.array(d, "sgld_x.npy"), ex.array(d, "sgld_grad.npy"), ex.array(d, "sgld_next.npy")
        energies = ex.array(d, "sgld_energy.npy")
        noise = ex.array(d, "sgld_noise.npy") if step["sgld_noise"] else np.zeros_like(xs)
        chains, samples = ex.array(d, "chains.npy"), ex.array(d, "samples.npy")
        steps = step["sgld_steps"]
        chk.close(it, "clel-sgld", "x_0 = chains", xs[0], chains, 0.0)
        for k in range(steps - 1):
            chk.close(it, "clel-sgld", "x_%d = next_%d" % (k + 1, k), xs[k + 1], nexts[k], 0.0)
        chk.close(it, "clel-sgld", "x~ = next_%d" % (steps - 1), samples, nexts[steps - 1], 0.0)
        ebm.train(training_sgld)

        def energy_fn(x):
            return objective.marginal_energy(ebm(x)[0])

        for k in range(steps):
            formula = (_t(xs[k]) - _t(grads[k]) * step_size + _t(noise[k])).clamp(0, 1)
            chk.close(it, "clel-sgld", "next_%d formula" % k, formula, nexts[k], 0.0, atol=2 * EPS32)
            e, g, nxt = sampling.sgld_step(energy_fn, _t(xs[k]), step_size, clip, noise=_t(noise[k]))
            chk.close(it, "sgld", "E(x_%d)" % k, e, energies[k], RTOL_FORWARD)
            allowed = chk.input_gradient(it, "sgld", "grad_%d" % k, g, grads[k])
            chk.per_sample(it, "sgld", "x_%d" % (k + 1), nxt, nexts[k], step_size * allowed + 2 * EPS32)
        ebm.train()

        # latent of the EBM loss
        with torch.no_grad():
            z = F.normalize(enc(_t(ex.array(d, "augmented.npy"))))
        chk.close(it, "latent", "z", z, ex.array(d, "z.npy"), RTOL_FORWARD)

        # training forward: EBM on [x; x~] (one forward, as clel), encoder on the views
        x = ex.array(d, "x.npy")
        adam.zero_grad(set_to_none=True)
        sgd.zero_grad(set_to_none=True)
        f, graw = ebm(_t(np.concatenate([x, samples])))
        e = objective.marginal_energy(f)
        chk.close(it, "forward", "f([x; x~])", f, ex.array(d, "features.npy"), RTOL_FORWARD)
        chk.close(it, "forward", "g direction", F.normalize(graw), ex.array(d, "direction.npy"), RTOL_FORWARD)
        chk.close(it, "forward", "E([x; x~])", e, ex.array(d, "marginal.npy"), RTOL_FORWARD)
        loss_ebm, cos = objective.ebm_loss(e[:batch], e[batch:], graw[:batch], _t(ex.array(d, "z.npy")), alpha, beta)
        h = enc(_t(ex.array(d, "views.npy")))
        chk.close(it, "forward", "h(views)", h, ex.array(d, "h.npy"), RTOL_FORWARD)
        le = objective.nt_xent(h, tau, graw[batch:].detach() if l["use_negatives"] else None)
        total = loss_ebm + le
        sc = step["scalars"]
        e_scale = abs(sc["energy_data"]) + abs(sc["energy_sample"])
        chk.close(it, "forward", "energy_data", e[:batch].mean(), sc["energy_data"], RTOL_FORWARD)
        chk.close(it, "forward", "energy_sample", e[batch:].mean(), sc["energy_sample"], RTOL_FORWARD)
        chk.close(it, "forward", "latent_cosine", cos, sc["latent_cosine"], RTOL_FORWARD, scale=1.0)
        chk.close(it, "forward", "loss_ebm", loss_ebm, sc["loss_ebm"], RTOL_FORWARD,
                  scale=abs(sc["loss_ebm"]) + e_scale + beta)
        chk.close(it, "forward", "loss_le", le, sc["loss_le"], RTOL_FORWARD)
        chk.close(it, "forward", "loss", total, sc["loss"], RTOL_FORWARD)

        # gradients of L_EBM + L_LE
        total.backward()
        clel_grads = {}
        for net, (live, _) in nets.items():
            state = networks.canonical_state(live)
            cg = ex.gradients(step, net)
            clel_grads[net] = cg
            largest = max(float(np.max(np.abs(g))) for g in cg.values())
            for name, g in cg.items():
                mine = state[name].grad
                mine = torch.zeros_like(state[name]) if mine is None else mine
                mag = max(float(np.max(np.abs(g))), float(mine.abs().max()))
                if mag <= ZERO_GRAD * largest:
                    chk.close(it, "gradients", "%s %s (~0)" % (net, name), mine, g, 0.0, atol=ZERO_GRAD * largest)
                else:
                    chk.close(it, "gradients", "%s %s" % (net, name), mine, g, RTOL_GRAD)
        buffers = {net: {k: v.detach().clone() for k, v in networks.canonical_state(live).items()
                         if k not in clel_grads[net]} for net, (live, _) in nets.items()}

        # optimizers on clel's gradients
        with torch.no_grad():
            for net, (live, _) in nets.items():
                state = networks.canonical_state(live)
                for name, g in clel_grads[net].items():
                    state[name].grad = _t(g).clone()
        optim.set_lr(adam, lr_ebm)
        optim.set_lr(sgd, lr_enc)
        adam.step()
        sgd.step()
        after = {(net, c): ex.state(d + "/after", net, c) for net in nets for c in ("live", "ema")}
        for net, (live, _) in nets.items():
            state = networks.canonical_state(live)
            for name in clel_grads[net]:
                chk.update(it, "update", "%s %s" % (net, name), state[name], after[(net, "live")][name],
                           before[(net, "live")][name])
            for name, b in buffers[net].items():
                chk.close(it, "buffers", "%s %s" % (net, name), b, after[(net, "live")][name], RTOL_FORWARD)

        # EMA of the updated weights
        for net, (live, ema) in nets.items():
            optim.ema_update(ema, live, decay)
            state = networks.canonical_state(ema)
            for name in clel_grads[net]:
                chk.update(it, "ema", "%s %s" % (net, name), state[name], after[(net, "ema")][name],
                           before[(net, "ema")][name])
            for name in buffers[net]:
                chk.close(it, "ema", "%s %s" % (net, name), state[name], after[(net, "ema")][name], RTOL_FORWARD)
        before = after
    return chk


def main(export_dir, verbose=False, out=sys.stdout, legacy_power_iteration=False):
    chk = compare(export_dir, verbose, out, legacy_power_iteration)
    chk.table()
    chk.summary()
    bad = chk.first_failure()
    iterations = max((r["iteration"] for r in chk.rows), default=0)
    if bad is None:
        out.write("all phases agree within tolerance over %d iteration(s) (%d comparisons)\n" % (iterations,
                                                                                                 len(chk.rows)))
        return 0
    out.write("FIRST DISAGREEMENT: iteration %d, phase %s, %s: max|twin - clel| = %.3e, allowed %.3e (scale %.3e)\n"
              % (bad["iteration"], bad["phase"], bad["name"], bad["err"], bad["allowed"], bad["mag"]))
    return 1
