#!/usr/bin/python3
"""Python twin of `genlab train lstm` (char-level KJV) for bench/run, written as pytorch/examples'
word_language_model writes it: embedding 128 -> nn.LSTM(128, 256, 2 layers) -> Linear, Adam 2e-3,
grad clip 1.0, truncated BPTT over 128 steps on 32 contiguous streams with the hidden state carried
(detached) from batch to batch and reset when the streams wrap around (genlab's "streams"
batching). Same vocabulary and split as genlab. Prints one JSON line; the rate counts the steps
after --warmup untimed ones, as bench/run reads genlab's.

usage: lstm_char.py --steps N --threads T [--warmup W] [--batch 32] [--seq 128]
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin import CharVocab, kjv_text, split_text


class RNNModel(nn.Module):
    def __init__(self, vocab, embedding=128, hidden=256, layers=2):
        super().__init__()
        self.encoder = nn.Embedding(vocab, embedding)
        self.rnn = nn.LSTM(embedding, hidden, layers, batch_first=True)
        self.decoder = nn.Linear(hidden, vocab)

    def forward(self, x, hidden=None):
        output, hidden = self.rnn(self.encoder(x), hidden)  # (B, T, E) -> (B, T, H)
        return self.decoder(output), hidden                  # (B, T, V)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--warmup", type=int, default=0, help="untimed steps before the timed ones")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq", type=int, default=128)
    args = ap.parse_args()
    if not 0 <= args.warmup < args.steps:
        ap.error("--warmup must be in [0, steps)")
    t_start = time.perf_counter()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1337)
    train_text, _ = split_text(kjv_text())
    vocab = CharVocab.train(train_text)
    data = torch.from_numpy(vocab.encode(train_text))
    # batchify: stream b is tokens [b * length, (b + 1) * length], one token of overlap for the targets.
    length = (len(data) - 1) // args.batch
    streams = torch.stack([data[b * length:b * length + length + 1] for b in range(args.batch)])  # (B, length + 1)
    model = RNNModel(vocab.size)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)

    hidden, pos = None, 0
    t0 = t_loop = time.perf_counter()
    for step in range(args.steps):
        if step == args.warmup:
            t0 = time.perf_counter()
        if pos + args.seq > length:
            hidden, pos = None, 0
        x, y = streams[:, pos:pos + args.seq], streams[:, pos + 1:pos + 1 + args.seq]
        pos += args.seq
        if hidden is not None:
            hidden = tuple(h.detach() for h in hidden)  # repackage_hidden: truncated BPTT
        logits, hidden = model(x, hidden)
        loss = F.cross_entropy(logits.reshape(-1, vocab.size), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    elapsed = time.perf_counter() - t0
    timed = args.steps - args.warmup
    print(json.dumps({"steps_per_s": timed / elapsed, "tokens_per_s": timed * args.batch * args.seq / elapsed,
                      "loss": loss.item(), "startup_s": t_loop - t_start}))


if __name__ == "__main__":
    main()
