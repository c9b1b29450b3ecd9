#!/usr/bin/python3
"""The Python side of the text acceptance run (bench/text_acceptance.cpp drives both sides):
the char GPT of bench/gpt_char.py (4 layers, 4 heads, 128 wide, block 128) with AdamW 1e-3, or
the char LSTM of bench/lstm_char.py (2 x 256, embedding 128) with Adam 2e-3, batch 32, constant
learning rate, dropout 0, gradient clip 1.0, trained on the KJV for --steps steps. Writes what the
genlab side needs to start from the same point and see the same data: the initial weights under
genlab's parameter names, every training batch, the validation windows; then the validation loss
(mean cross-entropy over those windows, each read from a zero state) before and after training.
Output format: tests/parity/reference_io.py.

usage: text_acceptance.py OUT_DIR --family gpt|lstm [--steps 305] [--threads 2] [--val-batches 40]
"""
import argparse
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "parity"))
from gpt_char import GPT  # noqa: E402
from lstm_char import RNNModel  # noqa: E402
from reference_io import Recorder  # noqa: E402
from twin import CharVocab, kjv_text, split_text  # noqa: E402

BATCH, BLOCK = 32, 128


def windows(data, count, generator):
    """(count, BLOCK + 1) windows at random offsets: inputs are [:, :-1], targets [:, 1:]."""
    ix = torch.randint(len(data) - BLOCK - 1, (count,), generator=generator)
    return torch.stack([data[i:i + BLOCK + 1] for i in ix])


def stream_batches(data, steps):
    """bench/lstm_char.py's batching: 32 contiguous streams read 128 tokens at a time (no wrap)."""
    length = (len(data) - 1) // BATCH
    if steps * BLOCK > length:
        raise SystemExit(f"{steps} steps of {BLOCK} tokens overrun the {length}-token streams")
    streams = torch.stack([data[b * length:b * length + length + 1] for b in range(BATCH)])
    return torch.stack([streams[:, s * BLOCK:s * BLOCK + BLOCK + 1] for s in range(steps)])


def logits_of(model, x):
    if isinstance(model, GPT):
        return model(x, targets=x)[0]  # given targets, nanoGPT's forward returns every position
    return model(x)[0]


def val_loss(model, val):
    model.eval()
    with torch.no_grad():
        losses = [F.cross_entropy(logits_of(model, b[:, :-1].contiguous()).flatten(0, 1), b[:, 1:].flatten()).item() for b in val]
    model.train()
    return sum(losses) / len(losses)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--family", choices=["gpt", "lstm"], required=True)
    ap.add_argument("--steps", type=int, default=305)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--val-batches", type=int, default=40)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1337)
    train_text, val_text = split_text(kjv_text())
    vocab = CharVocab.train(train_text)
    train = torch.from_numpy(vocab.encode(train_text))
    val_data = torch.from_numpy(vocab.encode(val_text))
    data_rng = torch.Generator().manual_seed(2024)
    val = windows(val_data, args.val_batches * BATCH, data_rng).view(args.val_batches, BATCH, BLOCK + 1)

    rec = Recorder(args.out, family=args.family, vocab=vocab.size, steps=args.steps)
    if args.family == "gpt":
        model = GPT(vocab.size, block=BLOCK)
        optimizer = model.configure_optimizers(weight_decay=0.1, lr=1e-3, betas=(0.9, 0.99))
        batches = windows(train, args.steps * BATCH, data_rng).view(args.steps, BATCH, BLOCK + 1)
        rec.save_weights("init", {"gpt": model})
    else:
        model = RNNModel(vocab.size)
        optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
        batches = stream_batches(train, args.steps)
        genlab_names = {"encoder": "wte", "rnn": "lstm", "decoder": "lm_head"}
        for key, value in model.state_dict().items():
            module, rest = key.split(".", 1)
            rec.save(f"init.lstm.{genlab_names[module]}.{rest}", value)
    rec.save("tokens", batches.float())
    rec.save("val", val.float())
    loss_before = val_loss(model, val)

    t0 = time.perf_counter()
    hidden = None
    for step in range(args.steps):
        x, y = batches[step, :, :-1].contiguous(), batches[step, :, 1:].contiguous()
        if args.family == "gpt":
            _, loss = model(x, y)
        else:
            if hidden is not None:
                hidden = tuple(h.detach() for h in hidden)
            logits, hidden = model(x, hidden)
            loss = F.cross_entropy(logits.flatten(0, 1), y.flatten())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    train_s = time.perf_counter() - t0
    rec.close(val_before=loss_before, val_after=val_loss(model, val), train_loss=loss.item(), train_s=train_s,
              torch=torch.__version__, val_batches=args.val_batches, batch=BATCH, block=BLOCK,
              tokens_per_s=args.steps * BATCH * BLOCK / train_s)


if __name__ == "__main__":
    main()
