#!/usr/bin/python3
"""Python twin of `genlab train dcgan` for bench/run: pytorch/examples dcgan at 32x32 with one
channel (Fashion-MNIST padded 28 -> 32, scaled to [-1, 1]), batch 64, Adam(2e-4, 0.5, 0.999),
BCE with logits (the sigmoid folded into the loss, as genlab does). Prints one JSON line.

usage: dcgan.py --steps N --threads T
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import batches, fashion_mnist, gan_step
NZ, NGF, NDF, NC = 100, 64, 64, 1


def weights_init(m):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--batch", type=int, default=64)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1337)
    data = fashion_mnist((1, 28, 28))
    G = nn.Sequential(
        nn.ConvTranspose2d(NZ, NGF * 4, 4, 1, 0, bias=False), nn.BatchNorm2d(NGF * 4), nn.ReLU(True),
        nn.ConvTranspose2d(NGF * 4, NGF * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(NGF * 2), nn.ReLU(True),
        nn.ConvTranspose2d(NGF * 2, NGF, 4, 2, 1, bias=False), nn.BatchNorm2d(NGF), nn.ReLU(True),
        nn.ConvTranspose2d(NGF, NC, 4, 2, 1, bias=False), nn.Tanh())
    D = nn.Sequential(
        nn.Conv2d(NC, NDF, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True),
        nn.Conv2d(NDF, NDF * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(NDF * 2), nn.LeakyReLU(0.2, inplace=True),
        nn.Conv2d(NDF * 2, NDF * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(NDF * 4), nn.LeakyReLU(0.2, inplace=True),
        nn.Conv2d(NDF * 4, 1, 4, 1, 0, bias=False), nn.Flatten())
    G.apply(weights_init)
    D.apply(weights_init)
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    stream = batches(data, args.batch)
    t0 = time.perf_counter()
    for _ in range(args.steps):
        real = F.pad(next(stream).float().div_(255), (2, 2, 2, 2)).mul_(2).sub_(1)
        d_loss, g_loss = gan_step(G, D, opt_g, opt_d, real, torch.randn(args.batch, NZ, 1, 1))
    elapsed = time.perf_counter() - t0
    print(json.dumps({"steps_per_s": args.steps / elapsed, "d_loss": d_loss.item(), "g_loss": g_loss.item()}))


if __name__ == "__main__":
    main()
