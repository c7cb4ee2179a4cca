"""The verifiers behind one Protocol: the packaged default (the cross-encoder; its own tests are in
test_crossencoder.py) and overlap verifiers, nli:PATH (a tiny random BERT the test builds),
openai:URL (a fake chat server on loopback)."""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from corroborator.backends.verifier import Verifier, load_verifier
from corroborator.errors import BackendUnavailable

DOC = (
    "German Chancellor Friedrich Merz met Ukrainian President Volodymyr Zelensky in Berlin on Sunday. "
    "The talks lasted five hours. Both sides said progress was made on security guarantees."
)


# --- default and overlap -----------------------------------------------------------------------------------------

def test_default_is_the_shipped_cross_encoder_and_overlap_stays_available():
    from corroborator.backends.crossencoder import CrossEncoderVerifier
    from corroborator.backends.overlap_verifier import OverlapVerifier

    default = load_verifier("default")
    assert isinstance(default, CrossEncoderVerifier) and default.name == load_verifier("crossencoder").name
    assert isinstance(load_verifier("overlap"), OverlapVerifier) and load_verifier("overlap").name == "overlap"
    # the one-word edit the overlap verifier cannot see, and the default does
    edited = "German Chancellor Friedrich Merz did not meet Ukrainian President Volodymyr Zelensky in Berlin on Sunday."
    assert default.score([(edited, DOC)])[0] < default.threshold
    overlap = load_verifier("overlap")
    assert overlap.score([(edited, DOC)])[0] >= overlap.threshold


@pytest.mark.parametrize("spec", ["default", "overlap"])
def test_packaged_verifiers_are_verifiers_and_score_in_unit_interval(spec):
    verifier = load_verifier(spec)
    assert isinstance(verifier, Verifier)
    scores = verifier.score([("The talks lasted five hours.", DOC), ("Kaja Kallas flew to Rome.", DOC)])
    assert scores.dtype == np.float32 and scores.shape == (2,)
    assert ((scores >= 0) & (scores <= 1)).all()
    assert 0.0 < verifier.threshold < 1.0


def test_overlap_verifier_ranks_copied_fact_above_invented_one():
    verifier = load_verifier("overlap")
    supported, invented, wrong_number = verifier.score(
        [
            ("Friedrich Merz met Volodymyr Zelensky in Berlin on Sunday.", DOC),
            ("EU members will vote on transferring 90 billion euros of frozen Russian assets.", DOC),
            ("The talks lasted 11 hours in Paris.", DOC),
        ]
    )
    assert supported >= verifier.threshold > invented
    assert supported > wrong_number


@pytest.mark.parametrize("spec", ["default", "overlap"])
def test_packaged_verifiers_judge_a_summary_by_its_weakest_sentence(spec):
    verifier = load_verifier(spec)
    good = "Friedrich Merz met Volodymyr Zelensky in Berlin on Sunday. The talks lasted five hours."
    bad = "Friedrich Merz met Volodymyr Zelensky in Berlin on Sunday. Kaja Kallas announced sanctions on Iran."
    s_good, s_bad = verifier.score([(good, DOC), (bad, DOC)])
    assert s_good > s_bad


@pytest.mark.parametrize("spec", ["default", "overlap"])
def test_packaged_verifiers_never_support_a_word_loop_of_the_document(spec):
    verifier = load_verifier(spec)
    loop = "Zelensky Zelensky Zelensky Zelensky Zelensky Zelensky Zelensky Zelensky"
    (score,) = verifier.score([(loop, DOC)])
    assert score == 0.0


def test_overlap_weights_carry_provenance():
    from corroborator.backends.overlap_verifier import FEATURES, load_model

    model = load_model()
    assert model.features == FEATURES
    assert model.provenance["trained_by"] == "scripts/train_verifier.py"
    assert "factual_consistency" in model.provenance["data"]


def test_copy_density_tells_copied_clauses_from_paraphrase():
    from corroborator.backends.overlap_verifier import (
        copied_fragments,
        copy_density,
        index_doc,
        words,
    )

    doc = index_doc(DOC)
    copied = "German Chancellor Friedrich Merz met Ukrainian President Volodymyr Zelensky in Berlin"
    paraphrase = "Berlin hosted Zelensky, who sat down with the German leader Merz for five hours of talks"
    assert copied_fragments(words(copied), doc) == [len(words(copied))]
    assert copy_density(copied, doc) == len(words(copied))
    assert copy_density(paraphrase, doc) < 2.0 <= copy_density(copied, doc) / 4
    assert copied_fragments(words("the talks lasted five hours in paris"), doc) == [5, 1]  # "in" is in DOC, alone
    assert copy_density("", doc) == 0.0


def test_abstractive_claims_are_judged_against_their_own_line():
    from corroborator.backends.overlap_verifier import LogisticModel

    model = LogisticModel(("a", "b"), np.zeros(2), np.ones(2), np.array([1.0, 0.0]), 0.0, 0.5, {}, density_cut=3.0, abstractive_shift=2.0)
    x = np.array([[-1.0, 0.0], [-1.0, 0.0]])
    extractive, abstractive = model.predict(x, np.array([5.0, 1.0]))
    assert extractive < 0.5 < abstractive
    assert model.predict(x)[0] == pytest.approx(extractive)  # without densities every claim is extractive
    again = LogisticModel.from_json(model.to_json())
    assert np.allclose(again.predict(x, np.array([5.0, 1.0])), [extractive, abstractive])


def test_training_sets_one_line_per_style():
    """Two styles whose supported claims sit at different levels of the same signal: one threshold cannot serve
    both, the two lines that ``train`` fits do, and the shift says the abstractive line is the lower one."""
    from corroborator.backends.verifier_training import balanced_accuracy, train

    rng = np.random.default_rng(1)
    n = 600
    abstractive = np.arange(n) >= n // 2
    y = rng.integers(0, 2, n)
    overlap = np.where(abstractive, 0.2 + 0.3 * y, 0.7 + 0.3 * y) + rng.normal(0, 0.05, n)
    x = np.stack([overlap, rng.normal(size=n)], axis=1)
    density = np.where(abstractive, 1.2, 12.0)
    groups = np.where(np.arange(n) % 2 == 0, "a", "b")
    single = train(x, y, groups)
    styled = train(x, y, groups, density)
    assert styled.abstractive_shift > 0 and styled.density_cut == pytest.approx(3.0)
    for part in (abstractive, ~abstractive):
        assert balanced_accuracy(y[part], styled.predict(x[part], density[part]) >= 0.5) > 0.95
    worst_single = min(balanced_accuracy(y[p], single.predict(x[p]) >= 0.5) for p in (abstractive, ~abstractive))
    assert worst_single < 0.8


def test_shipped_verifier_is_more_lenient_with_paraphrase_than_with_recombined_copy():
    """The same share of shared words passes for a paraphrase and fails for a stitched copy, by design."""
    from corroborator.backends.overlap_verifier import load_model

    model = load_model()
    assert model.density_cut > 0 and model.abstractive_shift > 0
    x = np.array([[0.6, 0.4]])
    assert model.predict(x, np.array([1.0]))[0] > model.predict(x, np.array([20.0]))[0]


def test_unknown_verifier_spec_is_refused():
    with pytest.raises(ValueError, match="unknown verifier"):
        load_verifier("magic")


def test_logistic_fit_recovers_a_separating_direction():
    from corroborator.backends.verifier_training import balanced_accuracy, train

    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 8))
    y = (x[:, 2] - x[:, 5] > 0).astype(int)
    model = train(x, y, ["a"] * 200 + ["b"] * 200)
    assert model.coef[2] > 0 > model.coef[5]
    assert balanced_accuracy(y, model.predict(x) >= model.threshold) > 0.9


# --- nli:PATH ----------------------------------------------------------------------------------------------------

WORDS = "merz met zelensky in berlin on sunday the talks lasted five hours kallas flew to rome . both sides said".split()


@pytest.fixture(scope="module")
def tiny_nli(tmp_path_factory):
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    import torch

    folder = tmp_path_factory.mktemp("tiny-nli")
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(vocab), do_lower_case=True)
    config = transformers.BertConfig(
        vocab_size=len(WORDS) + 5, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32,
        max_position_embeddings=512, num_labels=3, id2label={0: "contradiction", 1: "entailment", 2: "neutral"},
        label2id={"contradiction": 0, "entailment": 1, "neutral": 2},
    )
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(config).eval()
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder, model, tokenizer


def _direct(model, tokenizer, claim: str, evidence: str) -> float:
    import torch

    batch = tokenizer([evidence], [claim], return_tensors="pt")
    with torch.inference_mode():
        return float(torch.softmax(model(**batch).logits, dim=-1)[0, 1])


def test_nli_verifier_uses_the_entailment_label_of_the_config(tiny_nli):
    folder, model, tokenizer = tiny_nli
    verifier = load_verifier(f"nli:{folder}")
    assert isinstance(verifier, Verifier)
    claim, evidence = "merz met zelensky in berlin.", "the talks lasted five hours."
    got = verifier.score([(claim, evidence)])
    assert got.shape == (1,) and got.dtype == np.float32
    assert got[0] == pytest.approx(_direct(model, tokenizer, claim, evidence), abs=1e-5)


def test_nli_verifier_takes_best_window_and_weakest_claim_sentence(tiny_nli, monkeypatch):
    from corroborator.backends import nli

    folder, model, tokenizer = tiny_nli
    monkeypatch.setattr(nli, "WINDOW_WORDS", 4)
    monkeypatch.setattr(nli, "WINDOW_STRIDE", 4)
    evidence = "merz met zelensky in berlin. the talks lasted five hours. kallas flew to rome."
    windows = nli.evidence_windows(evidence, 4, 4)
    assert windows == ["merz met zelensky in berlin.", "the talks lasted five hours.", "kallas flew to rome."]
    claim = "both sides met in berlin. the talks lasted five hours."
    sentences = ["both sides met in berlin.", "the talks lasted five hours."]
    expected = min(max(_direct(model, tokenizer, s, w) for w in windows) for s in sentences)
    verifier = nli.NliVerifier(folder)
    assert verifier.score([(claim, evidence)])[0] == pytest.approx(expected, abs=1e-5)


def test_nli_without_the_extra_names_it(tiny_nli, monkeypatch):
    folder, _, _ = tiny_nli
    monkeypatch.setitem(sys.modules, "transformers", None)
    with pytest.raises(BackendUnavailable, match=r"torch==2.13.0, then '.\[nli\]'"):
        load_verifier(f"nli:{folder}")


def test_nli_path_that_is_not_a_model_folder(tmp_path):
    with pytest.raises(BackendUnavailable, match="no config.json"):
        load_verifier(f"nli:{tmp_path}")


def test_support_label_from_id2label():
    from corroborator.backends.nli import support_label

    assert support_label({0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"}) == 0
    assert support_label({"0": "not_supported", "1": "supported"}) == 1
    assert support_label({0: "LABEL_0", 1: "LABEL_1"}) == 1
    with pytest.raises(BackendUnavailable):
        support_label({0: "a", 1: "b", 2: "c"})


# --- openai:URL --------------------------------------------------------------------------------------------------

class _FakeChat(BaseHTTPRequestHandler):
    failures_left = 0
    seen: list[dict] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append(body)
        if self.path != "/v1/chat/completions":
            self.send_error(404)
            return
        if type(self).failures_left > 0:
            type(self).failures_left -= 1
            self.send_error(503)
            return
        prompt = body["messages"][0]["content"]
        document, claim = prompt.split("\nClaim: ")
        answer = "Yes" if claim.lower().rstrip(".") in document.lower() else "No"
        payload = {"choices": [{"message": {"role": "assistant", "content": answer}}]}
        if "kallas" in claim.lower():  # this one answers with logprobs
            payload["choices"][0]["logprobs"] = {"content": [{"token": "No", "logprob": -0.1, "top_logprobs": [{"token": "No", "logprob": -0.1}, {"token": "Yes", "logprob": -2.4}]}]}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def fake_chat():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeChat)
    _FakeChat.failures_left, _FakeChat.seen = 0, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_openai_verifier_reads_yes_no_and_logprobs(fake_chat):
    verifier = load_verifier(f"openai:{fake_chat}#minicheck-test")
    assert isinstance(verifier, Verifier)
    scores = verifier.score([("The talks lasted five hours.", DOC), ("Putin flew to Rome.", DOC), ("Kallas flew to Rome.", DOC)])
    assert scores[0] == 1.0 and scores[1] == 0.0
    assert scores[2] == pytest.approx(np.exp(-2.4) / (np.exp(-2.4) + np.exp(-0.1)), rel=1e-4)
    assert _FakeChat.seen[0]["model"] == "minicheck-test"
    assert _FakeChat.seen[0]["messages"][0]["content"].startswith("Document: ")


def test_openai_verifier_retries_server_errors(fake_chat, monkeypatch):
    from corroborator.backends import openai_chat

    monkeypatch.setattr(openai_chat, "BACKOFF_S", 0.0)
    _FakeChat.failures_left = 2
    verifier = openai_chat.OpenAIChatVerifier(fake_chat, retries=2)
    assert verifier.score([("The talks lasted five hours.", DOC)])[0] == 1.0
    assert len(_FakeChat.seen) == 3


def test_openai_verifier_unreachable_is_backend_unavailable(monkeypatch):
    import socket

    from corroborator.backends import openai_chat

    monkeypatch.setattr(openai_chat, "BACKOFF_S", 0.0)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    verifier = openai_chat.OpenAIChatVerifier(f"http://127.0.0.1:{port}", timeout=2, retries=1)
    with pytest.raises(BackendUnavailable, match=r"unreachable after 2 tries"):
        verifier.score([("a claim", "a document")])


@pytest.mark.filterwarnings("ignore")
def test_nli_onnx_folder_runs_without_torch_and_matches_torch(tiny_nli, tmp_path):
    import torch

    folder, model, tokenizer = tiny_nli
    onnx_dir = tmp_path / "onnx-nli"
    onnx_dir.mkdir()
    (onnx_dir / "config.json").write_text((folder / "config.json").read_text())
    tokenizer.backend_tokenizer.save(str(onnx_dir / "tokenizer.json"))
    sample = tokenizer(["merz met zelensky"], ["the talks lasted five hours"], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    torch.onnx.export(model, tuple(sample[n] for n in names), str(onnx_dir / "model.onnx"), input_names=names, output_names=["logits"], dynamic_axes=axes, dynamo=False)
    pairs = [("merz met zelensky in berlin.", "the talks lasted five hours."), ("kallas flew to rome.", "merz met zelensky in berlin on sunday.")]
    from corroborator.backends.nli import NliVerifier, _OnnxModel

    onnx_verifier = NliVerifier(onnx_dir)
    assert isinstance(onnx_verifier._model, _OnnxModel)
    assert np.allclose(onnx_verifier.score(pairs), NliVerifier(folder).score(pairs), atol=1e-4)


def test_shipped_weights_are_what_the_training_script_fits(shared_data):
    """The weights file is reproducible from the data and the script it names (no hand edits, no stale file)."""
    import importlib.util

    from conftest import ROOT

    from corroborator.backends.overlap_verifier import FeatureCache, load_model
    from corroborator.backends.verifier_training import train

    folder = shared_data / "factual_consistency"
    if not folder.is_dir():
        pytest.skip("factual_consistency not present")
    spec = importlib.util.spec_from_file_location("train_verifier", ROOT / "scripts" / "train_verifier.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    rows = script.load_rows(folder)
    signals = FeatureCache(size=1024).features([(r["claim"], r["doc"]) for r in rows])
    y = np.array([int(r["label"]) for r in rows])
    model = train(signals.x, y, [r["dataset"] for r in rows], signals.copy_density)
    shipped = load_model()
    assert shipped.provenance["sha256_16"] == script.file_digest(folder)
    assert np.allclose(model.coef, shipped.coef, atol=1e-6) and model.intercept == pytest.approx(shipped.intercept, abs=1e-6)
    assert (model.density_cut, model.abstractive_shift) == pytest.approx((shipped.density_cut, shipped.abstractive_shift), abs=1e-6)


def test_shipped_verifier_gives_up_neither_summary_style(shared_data):
    """Pooled over the four sets, CNN/DailyMail-style and XSum-style claims are both judged well above chance
    (the one-threshold model this replaced put XSum-style claims at 0.51)."""
    from corroborator.backends.overlap_verifier import OverlapVerifier
    from corroborator.backends.verifier_training import balanced_accuracy

    folder = shared_data / "factual_consistency"
    if not folder.is_dir():
        pytest.skip("factual_consistency not present")
    rows = [json.loads(line) for name in ("frank", "xsumfaith", "qags", "summeval") for line in (folder / f"{name}.jsonl").open(encoding="utf-8") if line.strip()]
    verifier = OverlapVerifier()
    supported = verifier.score([(r["claim"], r["doc"]) for r in rows]) >= verifier.threshold
    y = np.array([int(r["label"]) for r in rows])
    styles = np.array([r["origin"] for r in rows])
    for style in ("cnndm", "xsum"):
        assert balanced_accuracy(y[styles == style], supported[styles == style]) > 0.64, style
