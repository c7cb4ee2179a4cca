"""The re-quantized default embedder: built locally, cached atomically, close to the packaged model."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from corroborator.backends import embedder as embedder_module
from corroborator.backends import quantize
from corroborator.backends.embedder import OnnxMiniLM, packaged_model_file

SENTENCES = [
    "German Chancellor Friedrich Merz hosted the talks in Berlin.",
    "The meeting lasted five hours on Sunday.",
    "Over one million households were left without power after the strikes.",
    "The EU plans to use €90 billion of frozen Russian assets.",
    "\"This is already a compromise on our part,\" Zelensky said.",
    "Shares of the bank fell 3 percent in early trading.",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CORROBORATOR_CACHE_DIR", str(folder))
        return quantize.fast_model_file(packaged_model_file(), "f" * 64)


def test_the_fast_model_runs_int8_products(built):
    import onnx

    ops = {node.op_type for node in onnx.load(str(built)).graph.node}
    assert "DynamicQuantizeLinear" in ops and ({"MatMulInteger", "DynamicQuantizeMatMul"} & ops)


def test_its_vectors_stay_close_to_the_packaged_models(built):
    exact = OnnxMiniLM(packaged_model_file()).embed_uncached(SENTENCES)
    fast = OnnxMiniLM(built).embed_uncached(SENTENCES)
    cosines = (exact * fast).sum(axis=1)
    assert cosines.min() >= 0.97, cosines
    assert not np.allclose(exact, fast)  # really the other model
    # What alignment uses: which sentence is most like which, and by how much.
    assert np.abs(exact @ exact.T - fast @ fast.T).max() < 0.06


def test_the_file_is_built_once_and_reused(built, monkeypatch):
    monkeypatch.setenv("CORROBORATOR_CACHE_DIR", str(built.parent))
    calls = []
    monkeypatch.setattr(quantize, "build", lambda *a: calls.append(a))
    assert quantize.fast_model_file(packaged_model_file(), "f" * 64) == built
    assert calls == []
    assert [p.name for p in built.parent.iterdir()] == [built.name]  # no partial files left behind


def test_an_unwritable_cache_folder_builds_in_a_temporary_one(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("CORROBORATOR_CACHE_DIR", str(blocker / "cache"))
    path = quantize.fast_model_file(packaged_model_file(), "e" * 64)
    assert path.is_file() and blocker not in path.parents
    assert OnnxMiniLM(path).embed_uncached(SENTENCES[:1]).shape == (1, 384)


def test_a_failed_build_leaves_no_file_and_the_default_falls_back_to_the_packaged_model(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("CORROBORATOR_CACHE_DIR", str(tmp_path))

    def broken(source, folded, target):
        Path(target).write_bytes(b"half a model")
        raise RuntimeError("quantizer exploded")

    monkeypatch.setattr(quantize, "build", broken)
    with pytest.raises(RuntimeError):
        quantize.fast_model_file(packaged_model_file(), "d" * 64)
    assert list(tmp_path.iterdir()) == []
    with caplog.at_level(logging.WARNING):
        assert embedder_module.fast_default_model_file() == packaged_model_file()
    assert "quantizer exploded" in caplog.text


def test_building_does_not_configure_logging_for_the_process(tmp_path, monkeypatch):
    monkeypatch.setenv("CORROBORATOR_CACHE_DIR", str(tmp_path))
    root = logging.getLogger()
    before = list(root.handlers)
    monkeypatch.setattr(root, "handlers", [])  # a library must not call basicConfig behind the caller's back
    quantize.fast_model_file(packaged_model_file(), "c" * 64)
    assert root.handlers == []
    root.handlers = before


def test_a_texts_vector_does_not_depend_on_the_texts_embedded_with_it(built):
    fast = OnnxMiniLM(built, threads=2)
    alone = np.stack([fast.embed_uncached([s])[0] for s in SENTENCES])
    together = fast.embed_uncached(SENTENCES)
    reversed_order = fast.embed_uncached(SENTENCES[::-1])[::-1]
    assert np.array_equal(alone, together) and np.array_equal(together, reversed_order)
