"""A PyTorch twin of clel's training iteration (Lee et al., ICLR 2023, "CLEL", Algorithm 1), for differential tests.

Written from the paper and the authors' public code (github.com/hankook/CLEL), in plain PyTorch 1.13 (Debian's
python3-torch): the networks (spectral-normalized pre-activation ResNet EBM f with projector g, CIFAR ResNet-18
encoder h), the losses (eq. 12, eq. 13), SGLD with a replay buffer, Adam/SGD and the EMA. Where clel deliberately
departs from the public code, the twin follows clel and says so (see the module docstrings).

Modes (python3 -m clel_twin, or bench/pytorch_twin.py):
  compare EXPORT_DIR   teacher-forced, phase-by-phase comparison with a `clel train --export-steps K` export
  train CONFIG [k=v]   a free-running twin of the whole algorithm, writing metrics.jsonl like clel's
"""
