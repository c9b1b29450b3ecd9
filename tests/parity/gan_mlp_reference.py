#!/usr/bin/python3
"""Reference run of the classic MLP GAN in plain PyTorch, for genlab's parity test (llm.c's
train_gpt2.py idea). Writes, as raw little-endian float32 files plus manifest.json:
initial weights, every step's real batch and noise, the weights at the start of the first
`resync` steps, and the D/G losses of every step.

usage: gan_mlp_reference.py OUT_DIR [--steps 50] [--resync 10] [--batch 64] [--threads 1]
"""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F

from reference_io import Recorder


class Generator(nn.Module):
    def __init__(self, z_dim=100, hidden=128, out=784):
        super().__init__()
        self.fc1 = nn.Linear(z_dim, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.fc3 = nn.Linear(hidden, out)

    def forward(self, z):
        h = F.relu(self.fc1(z))
        h = F.relu(self.fc2(h))
        return torch.sigmoid(self.fc3(h))


class Discriminator(nn.Module):
    def __init__(self, inp=784, hidden=128, slope=0.2):
        super().__init__()
        self.fc1 = nn.Linear(inp, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.fc3 = nn.Linear(hidden, 1)
        self.slope = slope

    def forward(self, x):
        h = F.leaky_relu(self.fc1(x), self.slope)
        h = F.leaky_relu(self.fc2(h), self.slope)
        return self.fc3(h)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--resync", type=int, default=10)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    rec = Recorder(args.out, steps=args.steps, resync=args.resync, batch=args.batch)

    torch.manual_seed(1234)
    G, D = Generator(), Discriminator()
    # Fashion-MNIST-like data: pixel values in [0, 1] with structure (a bright block + noise).
    real = torch.rand(args.steps, args.batch, 784) * 0.3
    real[:, :, 300:500] += 0.6
    noise = torch.randn(args.steps, args.batch, 100)
    rec.save_weights("init", {"generator": G, "discriminator": D})
    rec.save("real", real)
    rec.save("noise", noise)

    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    ones = torch.ones(args.batch, 1)
    zeros = torch.zeros(args.batch, 1)
    d_losses, g_losses = [], []
    for step in range(args.steps):
        if step < args.resync:
            rec.save_weights(f"step{step}", {"generator": G, "discriminator": D})
        fake = G(noise[step])
        d_loss = F.binary_cross_entropy_with_logits(D(real[step]), ones) + \
            F.binary_cross_entropy_with_logits(D(fake.detach()), zeros)
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        g_loss = F.binary_cross_entropy_with_logits(D(fake), ones)
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        d_losses.append(d_loss.item())
        g_losses.append(g_loss.item())
    rec.close(d_loss=d_losses, g_loss=g_losses)


if __name__ == "__main__":
    main()
