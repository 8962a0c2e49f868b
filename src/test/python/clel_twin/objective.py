"""The losses of CLEL in the public code's form (models/ebm.py).

marginal_energy: E(x) = ||f(x)||^2 / 2 (eq. 11), f (B, d) -> (B).
ebm_loss: L_EBM of eq. (12) with the joint energy of eq. (10):
    mean(E(x) - E(x~)) + alpha * mean(E(x)^2 + E(x~)^2) - beta * mean(cos(g(f(x)), z)), z without gradient.
nt_xent: L_LE of eq. (13), SimCLR's NT-Xent over stacked views y (2n, d) whose rows i and i+n are positives, with
    extra negatives k (m, d) (the EBM's sg(g(f(x~)))) in every row's softmax; temperature tau.
"""
import torch
import torch.nn.functional as F


def marginal_energy(f):
    return f.pow(2).sum(dim=1).div(2)


def ebm_loss(e_pos, e_neg, g_pos, z, alpha, beta):
    """(L_EBM, mean cos(g(f(x)), z)) as scalars."""
    loss = (e_pos - e_neg).mean() + alpha * (e_pos ** 2 + e_neg ** 2).mean()
    s_pos = F.cosine_similarity(g_pos, z)
    return loss - beta * s_pos.mean(), s_pos.mean()


def nt_xent(y, temperature, k=None):
    n = y.shape[0] // 2
    y = F.normalize(y)
    keys = y if k is None else torch.cat([y, F.normalize(k)])
    logits = torch.mm(y, keys.T).div(temperature)
    logits.fill_diagonal_(float("-inf"))
    labels = torch.tensor(list(range(n, 2 * n)) + list(range(n)), device=y.device)
    return F.cross_entropy(logits, labels)
