"""SGLD with a replay buffer, as the public code's models/sampler.py.

sgld_step: one step x' = clamp(x - step_size * clip(grad_x sum E(x)) + noise, 0, 1) with the noise given (teacher
forcing) or drawn as N(0, noise_std^2); returns (E(x) (B), the clipped gradient (B, C, H, W), x').
ReplayBuffer: N chains (N, C, H, W) initialized U(0, 1); a batch of distinct chains drawn uniformly without
replacement, each restarted from U(0, 1) with probability reinit_prob; the sampled chains are written back.
"""
import torch


def sgld_step(energy_fn, x, step_size, clip=None, noise=None, noise_std=0.0, generator=None):
    x = x.detach().requires_grad_(True)
    with torch.enable_grad():
        e = energy_fn(x)
        g, = torch.autograd.grad(e.sum(), [x])
    if clip is not None:
        g = g.clamp(-clip, clip)
    if noise is None:
        noise = torch.randn(x.shape, generator=generator) * noise_std
    nxt = (x.detach() - g * step_size + noise).clamp(0, 1)
    return e.detach(), g, nxt


class ReplayBuffer:
    def __init__(self, size, shape, generator):
        self.generator = generator
        self.memory = torch.rand((size,) + tuple(shape), generator=generator)

    def draw(self, n, reinit_prob):
        idx = torch.randperm(self.memory.shape[0], generator=self.generator)[:n]
        x = self.memory[idx].clone()
        restart = torch.rand(n, generator=self.generator) < reinit_prob
        if restart.any():
            x[restart] = torch.rand((int(restart.sum()),) + x.shape[1:], generator=self.generator)
        return idx, x

    def write(self, idx, x):
        self.memory[idx] = x.detach()
