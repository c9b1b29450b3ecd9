#!/usr/bin/python3
"""Python twin of `genlab train gpt` (char-level KJV) for bench/run: nanoGPT's model.py and train.py
loop. Same model (4 layers, 4 heads, 128 wide, block 128, tied embeddings, GELU MLP, pre-LN, dropout
0, GPT-2 init), vocabulary (genlab's char tokenizer: 256 byte ids + the training text's characters),
split (last 5 % by lines), optimizer (AdamW 1e-3, betas 0.9/0.99, weight decay 0.1 on >= 2-D
parameters, grad clip 1.0, linear warm-up then cosine), batch 32 of random windows. Prints one JSON
line; the rate counts the steps after --warmup untimed ones, as bench/run reads genlab's.

The model is also the one bench/gpt_sample.py samples from (with a hand-written KV cache).

usage: gpt_char.py --steps N --threads T [--warmup W] [--batch 32] [--block 128]
"""
import argparse
import json
import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import CharVocab, kjv_text, split_text

LR_WARMUP = 5  # learning-rate warm-up steps; bench/run passes genlab --warmup-steps 5

# torch >= 2.0 has the fused kernel; before it, nanoGPT's manual attention.
FLASH = hasattr(F, "scaled_dot_product_attention")


class KvCache:
    """Keys and values of the positions seen so far, preallocated for the whole block (B, nh, block, hs)."""

    def __init__(self, batch, n_head, block, hs):
        self.k = torch.empty(batch, n_head, block, hs)
        self.v = torch.empty(batch, n_head, block, hs)
        self.length = 0


class CausalSelfAttention(nn.Module):
    def __init__(self, n_embd, n_head, block):
        super().__init__()
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)
        self.c_proj = nn.Linear(n_embd, n_embd)
        self.n_head, self.n_embd = n_head, n_embd
        self.register_buffer("bias", torch.tril(torch.ones(block, block, dtype=torch.bool)).view(1, 1, block, block))

    def forward(self, x, cache=None):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        offset = 0
        if cache is not None:
            offset = cache.length
            cache.k[:, :, offset:offset + T] = k
            cache.v[:, :, offset:offset + T] = v
            cache.length += T
            k, v = cache.k[:, :, :cache.length], cache.v[:, :, :cache.length]  # (B, nh, T_total, hs)
        # A single new query attends to everything cached: no mask.
        mask = self.bias[:, :, offset:offset + T, :offset + T] if T > 1 else None
        if FLASH:
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        else:
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
            if mask is not None:
                att = att.masked_fill(~mask, float("-inf"))
            y = F.softmax(att, dim=-1) @ v
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # (B, T, C)
        return self.c_proj(y)


class Block(nn.Module):
    def __init__(self, n_embd, n_head, block):
        super().__init__()
        self.ln_1 = nn.LayerNorm(n_embd)
        self.attn = CausalSelfAttention(n_embd, n_head, block)
        self.ln_2 = nn.LayerNorm(n_embd)
        self.c_fc = nn.Linear(n_embd, 4 * n_embd)
        self.c_proj = nn.Linear(4 * n_embd, n_embd)

    def forward(self, x, cache=None):
        x = x + self.attn(self.ln_1(x), cache)
        return x + self.c_proj(F.gelu(self.c_fc(self.ln_2(x))))


class GPT(nn.Module):
    def __init__(self, vocab, block=128, n_layer=4, n_head=4, n_embd=128):
        super().__init__()
        self.block, self.n_layer, self.n_head, self.n_embd = block, n_layer, n_head, n_embd
        self.wte = nn.Embedding(vocab, n_embd)
        self.wpe = nn.Embedding(block, n_embd)
        self.h = nn.ModuleList([Block(n_embd, n_head, block) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(n_embd)
        self.lm_head = nn.Linear(n_embd, vocab, bias=False)
        self.wte.weight = self.lm_head.weight  # weight tying
        self.apply(self._init_weights)
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * n_layer))

    @staticmethod
    def _init_weights(module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, idx, targets=None, caches=None):
        """idx (B, T) -> (logits, loss): logits (B, T, V) with targets, else of the last position
        only (B, 1, V), as nanoGPT's inference path. caches: one KvCache per layer, or None."""
        t = idx.size(1)
        offset = caches[0].length if caches else 0
        pos = torch.arange(offset, offset + t, dtype=torch.long)
        x = self.wte(idx) + self.wpe(pos)  # (B, T, C)
        for i, block in enumerate(self.h):
            x = block(x, caches[i] if caches else None)
        x = self.ln_f(x)
        if targets is None:
            return self.lm_head(x[:, [-1], :]), None
        logits = self.lm_head(x)
        return logits, F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))

    def make_caches(self, batch):
        return [KvCache(batch, self.n_head, self.block, self.n_embd // self.n_head) for _ in range(self.n_layer)]

    def configure_optimizers(self, weight_decay, lr, betas):
        params = [p for p in self.parameters() if p.requires_grad]
        groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": weight_decay},
                  {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
        return torch.optim.AdamW(groups, lr=lr, betas=betas)


def get_lr(step, warmup, steps, lr, min_lr):
    """nanoGPT's schedule: linear warm-up, then cosine down to min_lr at the last step."""
    if step < warmup:
        return lr * (step + 1) / (warmup + 1)
    ratio = (step - warmup) / max(1, steps - warmup)
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * ratio)) * (lr - min_lr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--warmup", type=int, default=0, help="untimed steps before the timed ones")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--block", type=int, default=128)
    args = ap.parse_args()
    if not 0 <= args.warmup < args.steps:
        ap.error("--warmup must be in [0, steps)")
    t_start = time.perf_counter()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1337)
    train_text, _ = split_text(kjv_text())
    vocab = CharVocab.train(train_text)
    data = vocab.encode(train_text).astype(np.uint16)
    model = GPT(vocab.size, block=args.block)
    optimizer = model.configure_optimizers(weight_decay=0.1, lr=1e-3, betas=(0.9, 0.99))

    def get_batch():
        ix = torch.randint(len(data) - args.block, (args.batch,))
        x = torch.stack([torch.from_numpy(data[i:i + args.block].astype(np.int64)) for i in ix])
        y = torch.stack([torch.from_numpy(data[i + 1:i + 1 + args.block].astype(np.int64)) for i in ix])
        return x, y

    t0 = t_loop = time.perf_counter()
    for step in range(args.steps):
        if step == args.warmup:
            t0 = time.perf_counter()
        for group in optimizer.param_groups:
            group["lr"] = get_lr(step, LR_WARMUP, args.steps, 1e-3, 1e-4)
        x, y = get_batch()
        _, loss = model(x, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
    elapsed = time.perf_counter() - t0
    timed = args.steps - args.warmup
    print(json.dumps({"steps_per_s": timed / elapsed, "tokens_per_s": timed * args.batch * args.block / elapsed,
                      "loss": loss.item(), "startup_s": t_loop - t_start}))


if __name__ == "__main__":
    main()
