#!/usr/bin/python3
"""Python twin of `genlab train vae` for bench/run: pytorch/examples/vae (784-400-20, BCE summed +
KL, Adam 1e-3, batch 128) on Fashion-MNIST held in memory as uint8. Prints one JSON line.

usage: vae.py --steps N --threads T
"""
import argparse
import gzip
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

IMAGES = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z)))), mu, logvar


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--batch", type=int, default=128)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1337)
    with gzip.open(IMAGES) as f:
        data = torch.from_numpy(np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784).copy())
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    perm, pos = torch.randperm(data.shape[0]), 0
    t0 = time.perf_counter()
    for _ in range(args.steps):
        if pos + args.batch > data.shape[0]:
            perm, pos = torch.randperm(data.shape[0]), 0
        x = data[perm[pos:pos + args.batch]].float().div_(255)
        pos += args.batch
        recon, mu, logvar = model(x)
        bce = F.binary_cross_entropy(recon, x, reduction="sum")
        kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        loss = (bce + kld) / args.batch
        opt.zero_grad()
        loss.backward()
        opt.step()
    elapsed = time.perf_counter() - t0
    print(json.dumps({"steps_per_s": args.steps / elapsed, "loss": loss.item()}))


if __name__ == "__main__":
    main()
