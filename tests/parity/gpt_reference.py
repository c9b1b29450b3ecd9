#!/usr/bin/python3
"""Reference runs of genlab's gpt and lstm families in plain PyTorch (nanoGPT's model.py layout,
torch.nn.LSTM), for genlab's parity tests. Writes initial weights, the token batches, the logits of
the first batch, and each step's training loss under AdamW (gpt) or Adam (lstm) as raw float32 +
manifest.json. Module and parameter names match genlab's so weights map 1:1.

usage: gpt_reference.py OUT_DIR [--family gpt|lstm] [--steps 20] [--threads 1]
"""
import argparse
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from reference_io import Recorder

V, T, B = 67, 32, 4


class Attention(nn.Module):
    def __init__(self, c, nh):
        super().__init__()
        self.nh = nh
        self.c_attn = nn.Linear(c, 3 * c)
        self.c_proj = nn.Linear(c, c)

    def forward(self, x):
        b, t, c = x.size()
        q, k, v = self.c_attn(x).split(c, dim=2)
        q, k, v = (z.view(b, t, self.nh, c // self.nh).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        mask = torch.tril(torch.ones(t, t, dtype=torch.bool))
        att = att.masked_fill(~mask, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, c)
        return self.c_proj(y)


class Block(nn.Module):
    def __init__(self, c, nh):
        super().__init__()
        self.ln_1 = nn.LayerNorm(c)
        self.attn = Attention(c, nh)
        self.ln_2 = nn.LayerNorm(c)
        self.c_fc = nn.Linear(c, 4 * c)
        self.c_proj = nn.Linear(4 * c, c)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.c_proj(F.gelu(self.c_fc(self.ln_2(x))))


class Gpt(nn.Module):
    def __init__(self, n_layer=2, nh=4, c=64):
        super().__init__()
        self.wte = nn.Embedding(V, c)
        self.wpe = nn.Embedding(T, c)
        self.h = nn.ModuleList([Block(c, nh) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(c)
        for name, p in self.named_parameters():
            if "ln_" in name:
                continue
            if name.endswith(".bias"):
                nn.init.zeros_(p)
            else:
                nn.init.normal_(p, 0.0, 0.02)

    def forward(self, idx):
        x = self.wte(idx) + self.wpe(torch.arange(idx.size(1)))
        for block in self.h:
            x = block(x)
        return self.ln_f(x) @ self.wte.weight.t()

    def groups(self):
        decay = [p for p in self.parameters() if p.dim() >= 2]
        no_decay = [p for p in self.parameters() if p.dim() < 2]
        return [{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}]


class Lstm(nn.Module):
    def __init__(self, e=32, h=48, layers=2):
        super().__init__()
        self.wte = nn.Embedding(V, e)
        self.lstm = nn.LSTM(e, h, num_layers=layers, batch_first=True)
        self.lm_head = nn.Linear(h, V)

    def forward(self, idx, state=None):
        y, state = self.lstm(self.wte(idx), state)
        return self.lm_head(y), state


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--family", default="gpt")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    rec = Recorder(args.out, steps=args.steps, vocab=V, context=T, batch=B)
    torch.manual_seed(2024)
    model = Gpt() if args.family == "gpt" else Lstm()
    # Token streams with structure (a noisy counter), so the loss can fall.
    base = torch.arange(args.steps * B * (T + 1)).view(args.steps, B, T + 1) % V
    noise = torch.randint(0, V, base.shape)
    tokens = torch.where(torch.rand(base.shape) < 0.8, base, noise)
    rec.save_weights("init", {args.family: model})
    rec.save("tokens", tokens.float())
    if args.family == "gpt":
        opt = torch.optim.AdamW(model.groups(), lr=1e-3, betas=(0.9, 0.99))
    else:
        opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    losses = []
    state = None
    for step in range(args.steps):
        x, y = tokens[step, :, :-1], tokens[step, :, 1:]
        if args.family == "gpt":
            logits = model(x)
        else:
            logits, state = model(x, state)
            state = tuple(s.detach() for s in state)
        if step == 0:
            rec.save("logits0", logits)
        loss = F.cross_entropy(logits.reshape(-1, V), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    rec.close(loss=losses)


if __name__ == "__main__":
    main()
