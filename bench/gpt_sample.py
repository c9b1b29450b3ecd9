#!/usr/bin/python3
"""Python twin of `genlab sample` on a char GPT for bench/run: the gpt_char.py model (random init,
nothing read from genlab) decoding at batch 1 with a hand-written KV cache, temperature-0.8
multinomial sampling, each token written to stdout as it comes (as genlab streams it). The decoding
session follows genlab's GptDecoder: the prompt is one prefill, then one token per step; when the
context would pass the block, the last block/2 tokens are re-encoded from position 0. --no-cache
recomputes the whole context for every token (genlab's --no-kv-cache). The timed span matches
genlab's "N tokens in S s": from encoding the prompt to the last token. One JSON line on stderr.

usage: gpt_sample.py --threads T [--block 128] [--prompt-file P] [--max-tokens 500] [--seed 1] [--no-cache]
                     [--save CKPT | --load CKPT]
  --save writes the random model and its vocabulary and exits; --load samples from such a file
  without reading the corpus (as genlab reads its checkpoint), for the start-up figure.
"""
import argparse
import json
import sys
import time

import torch
import torch.nn.functional as F

from gpt_char import GPT
from twin import CharVocab, kjv_text, split_text


class Decoder:
    """A decoding session: feed(tokens) -> logits (V) of the next token."""

    def __init__(self, model, cache):
        self.model, self.cache = model, cache
        self.tokens, self.caches = [], None

    def feed(self, new):
        block = self.model.block
        overflow = len(self.tokens) + len(new) > block
        self.tokens += new
        if overflow:
            self.tokens = self.tokens[-max(1, block // 2):]
        if not self.cache:
            return self._forward(self.tokens, None)
        if overflow or self.caches is None:
            self.caches = self.model.make_caches(1)
            return self._forward(self.tokens, self.caches)
        return self._forward(new, self.caches)

    def _forward(self, ids, caches):
        logits, _ = self.model(torch.tensor([ids], dtype=torch.long), caches=caches)  # (1, 1, V)
        return logits[0, -1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--block", type=int, default=128)
    ap.add_argument("--prompt-file")
    ap.add_argument("--max-tokens", type=int, default=500)
    ap.add_argument("--temperature", type=float, default=0.8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--save")
    ap.add_argument("--load")
    args = ap.parse_args()
    if args.temperature <= 0:
        ap.error("--temperature must be positive")
    torch.set_num_threads(args.threads)
    if args.load:
        ckpt = torch.load(args.load)
        vocab = CharVocab(ckpt["chars"])
        model = GPT(vocab.size, block=ckpt["block"])
        model.load_state_dict(ckpt["model"])
    else:
        torch.manual_seed(1337)
        vocab = CharVocab.train(split_text(kjv_text())[0])
        model = GPT(vocab.size, block=args.block)
    if args.save:
        torch.save({"model": model.state_dict(), "chars": vocab.chars, "block": model.block}, args.save)
        return
    model.eval()
    prompt = open(args.prompt_file, encoding="utf-8").read() if args.prompt_file else ""
    out = sys.stdout.buffer
    out.write(prompt.encode())
    out.flush()

    gen = torch.Generator().manual_seed(args.seed)
    t0 = time.perf_counter()
    with torch.no_grad():
        history = vocab.encode(prompt or "\n").tolist()
        decoder = Decoder(model, cache=not args.no_cache)
        logits = decoder.feed(history)
        prefill_s = time.perf_counter() - t0
        for i in range(args.max_tokens):
            probs = F.softmax(logits / args.temperature, dim=-1)
            token = torch.multinomial(probs, num_samples=1, generator=gen).item()
            out.write(vocab.token_bytes(token))
            out.flush()
            if i + 1 < args.max_tokens:
                logits = decoder.feed([token])
    seconds = time.perf_counter() - t0
    out.write(b"\n")
    print(json.dumps({"tokens": args.max_tokens, "seconds": seconds, "tokens_per_s": args.max_tokens / seconds,
                      "prompt_tokens": len(history), "prefill_s": prefill_s}), file=sys.stderr)


if __name__ == "__main__":
    main()
