"""What the Python twins in bench/ share: the Fashion-MNIST images held in memory as uint8 (as
genlab holds them), a shuffled batch stream, and the GAN step written as pytorch/examples' DCGAN
writes it (one fake batch: detached for D, attached for G); for text, genlab's KJV corpus (the same
cache file, made the same way when missing), its train/validation split and its char vocabulary."""
import gzip
import os
import subprocess
import tempfile

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


KJV_COMMAND = "bible -l100000 'gen1:1-rev22:21' </dev/null 2>/dev/null"


def kjv_path():
    """Where genlab caches the cleaned KJV text (src/genlab/data/text_corpus.cpp, cache_dir())."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.environ["HOME"], ".cache")
    return os.path.join(base, "genlab/corpora/kjv.txt")


def kjv_text():
    """genlab's builtin:kjv text: the cache file, or `bible`'s verses cleaned as clean_kjv() does
    (keep "  N text" lines, drop the number) and written to the cache atomically."""
    path = kjv_path()
    if not os.path.exists(path):
        raw = subprocess.run(KJV_COMMAND, shell=True, check=True, capture_output=True).stdout
        verses = []
        for line in raw.split(b"\n"):
            body = line.lstrip(b" ")
            number = len(body) - len(body.lstrip(b"0123456789"))
            if len(body) == len(line) or number == 0 or body[number:number + 1] != b" ":
                continue
            verses.append(body[number + 1:] + b"\n")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
        with os.fdopen(fd, "wb") as f:
            f.write(b"".join(verses))
        os.replace(tmp, path)
    with open(path, encoding="utf-8") as f:
        return f.read()


def split_text(text, val_fraction=0.05):
    """genlab's split_text(): cut at the start of the line holding character (1 - f) * len; the
    first line always stays in training. (genlab counts bytes; the KJV text is ASCII.)"""
    target = int(len(text) * (1 - val_fraction))
    if target >= len(text):
        return text, ""
    cut = 0 if target == 0 else text.rfind("\n", 0, target) + 1
    if cut == 0:
        first_end = text.find("\n")
        cut = len(text) if first_end < 0 else first_end + 1
    return text[:cut], text[cut:]


class CharVocab:
    """genlab's char tokenizer: ids 0..255 are bytes (the fallback), 256 + i the i-th code point of
    the sorted characters of the training text; so the vocabulary (and the output layer) has the
    same size on both sides."""

    def __init__(self, chars):
        self.chars = chars
        self.ids = {ch: 256 + i for i, ch in enumerate(chars)}
        self.size = 256 + len(chars)

    @staticmethod
    def train(text):
        return CharVocab(sorted(set(text)))

    def encode(self, text):
        """A numpy int64 array of token ids."""
        if text.isascii():
            table = np.arange(128, dtype=np.int64)
            for ch, i in self.ids.items():
                if ord(ch) < 128:
                    table[ord(ch)] = i
            return table[np.frombuffer(text.encode(), np.uint8)]
        out = []
        for ch in text:
            out.extend([self.ids[ch]] if ch in self.ids else list(ch.encode()))
        return np.array(out, dtype=np.int64)

    def token_bytes(self, i):
        return bytes([i]) if i < 256 else self.chars[i - 256].encode()
