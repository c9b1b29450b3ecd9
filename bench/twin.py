"""What the Python twins in bench/ share: the Fashion-MNIST images held in memory as uint8 (as
genlab holds them), a shuffled batch stream, and the GAN step written as pytorch/examples' DCGAN
writes it (one fake batch: detached for D, attached for G)."""
import gzip

import numpy as np
import torch
import torch.nn.functional as F

IMAGES = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"


def fashion_mnist(shape):
    """All 60000 training images as a uint8 tensor of shape (60000, *shape)."""
    with gzip.open(IMAGES) as f:
        return torch.from_numpy(np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, *shape).copy())


def batches(data, batch):
    """Endless shuffled batches of uint8 rows, a new permutation each epoch."""
    while True:
        perm = torch.randperm(data.shape[0])
        for pos in range(0, data.shape[0] - batch + 1, batch):
            yield data[perm[pos:pos + batch]]


def gan_step(G, D, opt_g, opt_d, real, z):
    """One discriminator and one generator update; returns (d_loss, g_loss) tensors."""
    ones = torch.ones(real.shape[0], 1)
    zeros = torch.zeros(real.shape[0], 1)
    fake = G(z)
    d_loss = F.binary_cross_entropy_with_logits(D(real), ones) + \
        F.binary_cross_entropy_with_logits(D(fake.detach()), zeros)
    opt_d.zero_grad()
    d_loss.backward()
    opt_d.step()
    g_loss = F.binary_cross_entropy_with_logits(D(fake), ones)
    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()
    return d_loss, g_loss
