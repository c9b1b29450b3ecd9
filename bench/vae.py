#!/usr/bin/python3
"""Python twin of `genlab train vae` for bench/run: pytorch/examples/vae (784-400-20, BCE summed +
KL, Adam 1e-3, batch 128) on Fashion-MNIST held in memory as uint8. Prints one JSON line.

usage: vae.py --steps N --threads T
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import batches, fashion_mnist


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
    data = fashion_mnist((784,))
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    stream = batches(data, args.batch)
    t0 = time.perf_counter()
    for _ in range(args.steps):
        x = next(stream).float().div_(255)
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
