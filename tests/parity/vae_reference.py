#!/usr/bin/python3
"""Reference run of the MLP VAE (pytorch/examples/vae) in plain PyTorch, for genlab's parity test.
Writes raw little-endian float32 files plus manifest.json: initial weights, every step's batch and
reparameterisation noise, the weights at the start of the first `resync` steps, and each step's
-ELBO per image (BCE summed over pixels + KL, divided by the batch size).

usage: vae_reference.py OUT_DIR [--steps 30] [--resync 10] [--batch 128] [--threads 1]
"""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F

from reference_io import Recorder


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def loss(self, x, eps):
        h = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + eps * torch.exp(0.5 * logvar)
        recon = torch.sigmoid(self.fc4(F.relu(self.fc3(z))))
        bce = F.binary_cross_entropy(recon, x, reduction="sum")
        kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        return (bce + kld) / x.shape[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--resync", type=int, default=10)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    rec = Recorder(args.out, steps=args.steps, resync=args.resync)

    torch.manual_seed(4321)
    model = VAE()
    # Grey-level images in [0, 1] with structure: a bright band on a dim, noisy field.
    x = torch.rand(args.steps, args.batch, 784) * 0.3
    x[:, :, 200:400] += 0.6
    eps = torch.randn(args.steps, args.batch, 20)
    rec.save_weights("init", {"vae": model})
    rec.save("x", x)
    rec.save("eps", eps)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    losses = []
    for step in range(args.steps):
        if step < args.resync:
            rec.save_weights(f"step{step}", {"vae": model})
        loss = model.loss(x[step], eps[step])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    rec.close(loss=losses)


if __name__ == "__main__":
    main()
