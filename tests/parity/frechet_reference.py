#!/usr/bin/python3
"""Reference values for genlab's image metrics, computed independently with numpy/scipy: the
Fréchet distance with scipy.linalg.sqrtm (as the FID reference implementations do), and
precision/recall/density/coverage by direct loops, on fixed random feature sets.

usage: frechet_reference.py OUT_DIR
"""
import sys

import numpy as np
import scipy.linalg
import torch

from reference_io import Recorder


def frechet(x, y):
    mu1, mu2 = x.mean(0), y.mean(0)
    s1, s2 = np.cov(x, rowvar=False), np.cov(y, rowvar=False)
    covmean, _ = scipy.linalg.sqrtm(s1 @ s2, disp=False)
    covmean = covmean.real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def manifold(real, fake, k=3):
    def radii(a):
        d = np.sqrt(((a[:, None, :] - a[None, :, :]) ** 2).sum(-1))
        return np.sort(d, axis=1)[:, k]

    rr, fr = radii(real), radii(fake)
    d = np.sqrt(((real[:, None, :] - fake[None, :, :]) ** 2).sum(-1))  # (N, M)
    precision = np.mean([(d[:, j] <= rr).any() for j in range(len(fake))])
    recall = np.mean([(d[i, :] <= fr).any() for i in range(len(real))])
    density = (d <= rr[:, None]).sum() / (k * len(fake))
    coverage = np.mean([(d[i, :] <= rr[i]).any() for i in range(len(real))])
    return float(precision), float(recall), float(density), float(coverage)


def main():
    rec = Recorder(sys.argv[1])
    rng = np.random.default_rng(7)
    a = rng.normal(size=(300, 16))
    b = rng.normal(size=(250, 16)) @ rng.normal(scale=0.5, size=(16, 16)) + 0.3
    real = rng.normal(size=(120, 5))
    fake = rng.normal(loc=0.4, scale=1.3, size=(100, 5))
    for name, t in {"a": a, "b": b, "real": real, "fake": fake}.items():
        rec.save(name, torch.from_numpy(t))
    p, r, d, c = manifold(real.astype(np.float32).astype(np.float64), fake.astype(np.float32).astype(np.float64))
    rec.close(fd_ab=frechet(a.astype(np.float32).astype(np.float64), b.astype(np.float32).astype(np.float64)),
              precision=p, recall=r, density=d, coverage=c)


if __name__ == "__main__":
    main()
