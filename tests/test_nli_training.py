"""The cross-encoder's training tools (scripts/train_nli.py, scripts/make_nli_data.py): half-precision shards that
rebuild the model, held-out scoring that chooses its threshold on the calib fold only, group weights, and held-out
rows written exactly as the runtime reads them. Tiny models built here; no download."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import make_nli_data  # noqa: E402
import train_nli  # noqa: E402
from corroborator.backends import crossencoder as ce  # noqa: E402


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory) -> Path:
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("torch")
    config = transformers.BertConfig(vocab_size=120, hidden_size=16, num_hidden_layers=3, num_attention_heads=2,
                                     intermediate_size=32, max_position_embeddings=64)
    folder = tmp_path_factory.mktemp("base")
    transformers.BertModel(config).save_pretrained(str(folder))
    return folder


def _inputs():
    import torch

    ids = torch.randint(5, 120, (3, 12))
    mask = torch.ones_like(ids)
    mask[1, 7:] = 0
    return ids, mask, torch.zeros_like(ids)


def test_compact_shards_rebuild_the_trained_model(tiny_base, tmp_path, monkeypatch):
    import torch

    model = train_nli.build_model(tiny_base, layers=2)
    with torch.no_grad():  # stand-in for training: move every trainable weight
        for p in model.parameters():
            if p.requires_grad:
                p.add_(torch.randn_like(p) * 0.1)
    monkeypatch.setattr(train_nli, "COMPACT_SHARD_BYTES", 4_000)  # force several shards
    files = train_nli.save_compact(model, tmp_path)
    assert len(files) > 1
    assert not any("word_embeddings" in k for f in files for k in torch.load(f))
    train_nli.unpack_compact(tmp_path, 2, tmp_path / "rebuilt", base_dir=tiny_base)
    rebuilt = train_nli.load_model(tmp_path / "rebuilt")
    model.eval()
    inputs = _inputs()
    with torch.no_grad():
        expected, got = model(*inputs), rebuilt(*inputs)
        untrained = train_nli.build_model(tiny_base, layers=2).eval()(*inputs)
    assert torch.allclose(expected, got, atol=1e-2)  # half-precision shards
    assert not torch.allclose(got, untrained, atol=1e-2)


def test_unpack_refuses_shards_of_another_depth(tiny_base, tmp_path):
    train_nli.save_compact(train_nli.build_model(tiny_base, layers=2), tmp_path)
    with pytest.raises(SystemExit, match="do not match a 3-layer model"):
        train_nli.unpack_compact(tmp_path, 3, tmp_path / "rebuilt", base_dir=tiny_base)


def test_held_out_scores_choose_the_threshold_on_calib_and_read_claims_by_their_weakest_sentence():
    rows = [
        {"dataset": "a", "fold": "calib", "label": 1, "pairs": [["s", "w"]]},
        {"dataset": "a", "fold": "calib", "label": 0, "pairs": [["s", "w"], ["t", "w"]]},
        {"dataset": "a", "fold": "report", "label": 1, "pairs": [["s", "w"]]},
        {"dataset": "a", "fold": "report", "label": 0, "pairs": [["s", "w"]]},
    ]
    # calib: supported 2.0, unsupported min(3.0, -1.0) = -1.0; report: 0.4 and 0.6 sit on the wrong sides of 0.5
    result = train_nli.held_out_scores(rows, np.array([2.0, 3.0, -1.0, 0.4, 0.6]))
    assert result["threshold_logit"] == 2.0  # the only cut that separates calib; the report rows had no say
    assert result["calib"]["mean"] == 1.0
    assert result["report"]["a"] == 0.5


def test_dev_weight_scales_the_development_groups_and_keeps_labels_balanced():
    pairs = [{"kind": "copy", "label": 1}] * 3 + [{"kind": "negation", "label": 0}] + \
            [{"kind": "dev:frank", "label": 1}] + [{"kind": "dev:frank", "label": 0}] * 3
    plain = train_nli.example_weights(pairs)
    heavy = train_nli.example_weights(pairs, dev_weight=3.0)
    assert sum(plain[:3]) == pytest.approx(plain[3])  # each label half of its group
    assert sum(heavy[4:]) == pytest.approx(3 * sum(plain[4:]))
    assert heavy[:4] == plain[:4]


def test_held_out_rows_are_what_the_runtime_reads(tmp_path, monkeypatch):
    doc = ("Chancellor Olaf Scholz met President Emmanuel Macron in Berlin on Tuesday. The leaders agreed to raise "
           "spending by 12% next year. Mr. Scholz said the talks were constructive. ") * 3
    rows = [{"id": i, "dataset": "frank", "label": i % 2, "claim": claim, "doc": doc + f" Story {i}."}
            for i, claim in enumerate(["Mr. Scholz met Macron. Spending will rise by 12%.", "The talks failed.",
                                       "Macron was in Berlin on Tuesday."] * 8)]
    held = make_nli_data.eval_rows(rows)
    kept = {r["id"] for r in held}
    assert kept == {r["id"] for r in rows if make_nli_data.doc_fold(r["doc"]) in ("calib", "report")}
    assert {r["fold"] for r in held} <= {"calib", "report"}
    meta = tmp_path / "meta.json"
    meta.write_text('{"threshold": 0.5, "calibration": {"scale": 1.0, "bias": 0.0}}')
    verifier = ce.CrossEncoderVerifier(tmp_path / "absent.onnx", meta, copy_rules=False)
    for row in held:
        asked = []
        monkeypatch.setattr(verifier, "logits", lambda pairs: asked.extend(pairs) or np.zeros(len(pairs), np.float32))
        claim = next(r["claim"] for r in rows if r["id"] == row["id"])
        verifier.score_document([claim], next(r["doc"] for r in rows if r["id"] == row["id"]))
        assert [list(p) for p in asked] == row["pairs"]


def test_claim_logits_are_saved_per_evaluation_in_row_order(tmp_path):
    rows = [{"pairs": [["a", "w"], ["b", "w"]]}, {"pairs": [["c", "w"]]}]
    path = tmp_path / "held_out_logits.json"
    train_nli.save_claim_logits(rows, np.array([1.0, -2.0, 0.5]), 10, path)
    train_nli.save_claim_logits(rows, np.array([3.0, 2.0, -1.0]), 20, path)
    assert json.loads(path.read_text()) == {"10": [-2.0, 0.5], "20": [2.0, -1.0]}


def test_lodo_chooses_each_threshold_without_the_held_out_set():
    sys.path.insert(0, str(ROOT / "bench"))
    from nli_lodo import lodo

    rows = [{"dataset": d, "fold": f, "label": y} for d in ("a", "b") for f in ("calib", "report") for y in (1, 0)]
    # set a separates at 0 (logits +1 / -1); set b only at 10 (logits 11 / 9)
    logits = [1, -1, 1, -1, 11, 9, 11, 9]
    result = lodo(rows, {"a": {"100": logits}, "b": {"100": logits}})
    assert result["a"]["threshold_logit"] == 11.0  # chosen on b, the only other set: all of a falls below it
    assert result["a"]["balanced_accuracy"] == 0.5
    assert result["b"]["threshold_logit"] == 1.0 and result["b"]["balanced_accuracy"] == 0.5
    assert result["mean"] == 0.5


def test_lodo_picks_the_evaluation_that_scores_best_on_the_other_sets():
    sys.path.insert(0, str(ROOT / "bench"))
    from nli_lodo import lodo

    rows = [{"dataset": d, "fold": "calib", "label": y} for d in ("a", "b", "c") for y in (1, 0)]
    # epoch 1 separates b and c (the other sets) but not a; epoch 2 separates a but neither other set
    runs = {"1": [0, 0, 1, -1, 1, -1], "2": [1, -1, 0, 0, 0, 0]}
    result = lodo(rows, {"a": runs})
    assert result["a"]["steps"] == 1 and result["a"]["others_calib"] == 1.0
    assert result["a"]["balanced_accuracy"] == 0.5  # the held-out set's own labels chose nothing


def test_a_run_can_end_after_some_epochs_of_its_planned_schedule():
    assert train_nli.stop_step({100, 200, 300, 400}, 2) == 200
    assert train_nli.stop_step({100, 200}, 5) == 200
    assert train_nli.stop_step({100, 200}, None) is None
