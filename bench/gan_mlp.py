#!/usr/bin/python3
"""Python twin of `genlab train gan-mlp` for bench/run: the classic MLP GAN on Fashion-MNIST written
the way pytorch/examples writes a GAN loop. Same architecture, loss, optimizer, batch size, data
(uint8 in memory, converted per batch), seed handling and threads. Prints one JSON line.

usage: gan_mlp.py --steps N --threads T [--batch 64] [--save G.pt]
       gan_mlp.py --sample G.pt OUT.pgm --threads T     (start-up to first image: load + sample + write)
"""
import argparse
import json
import time

import torch
import torch.nn as nn

from twin import batches, fashion_mnist, gan_step


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(100, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
                                 nn.Linear(128, 784), nn.Sigmoid())

    def forward(self, z):
        return self.net(z)


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(784, 128), nn.LeakyReLU(0.2), nn.Linear(128, 128), nn.LeakyReLU(0.2),
                                 nn.Linear(128, 1))

    def forward(self, x):
        return self.net(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=0)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--save", help="write the generator's state_dict here after training")
    ap.add_argument("--sample", nargs=2, metavar=("G_PT", "OUT_PGM"), help="load a generator, write one sample")
    args = ap.parse_args()
    t_start = time.perf_counter()
    torch.set_num_threads(args.threads)
    if args.sample:
        G = Generator()
        G.load_state_dict(torch.load(args.sample[0]))
        with torch.no_grad():
            img = G(torch.randn(1, 100)).mul(255).round().to(torch.uint8).reshape(28, 28)
        with open(args.sample[1], "wb") as f:
            f.write(b"P5\n28 28\n255\n" + img.numpy().tobytes())
        return
    torch.manual_seed(1337)
    data = fashion_mnist((784,))
    G, D = Generator(), Discriminator()
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    stream = batches(data, args.batch)
    t0 = time.perf_counter()
    for _ in range(args.steps):
        real = next(stream).float().div_(255)
        d_loss, g_loss = gan_step(G, D, opt_g, opt_d, real, torch.randn(args.batch, 100))
    elapsed = time.perf_counter() - t0
    if args.save:
        torch.save(G.state_dict(), args.save)
    print(json.dumps({"steps_per_s": args.steps / elapsed, "d_loss": d_loss.item(), "g_loss": g_loss.item(),
                      "startup_s": t0 - t_start}))


if __name__ == "__main__":
    main()
