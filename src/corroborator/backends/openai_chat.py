"""``--verifier openai:URL[#MODEL]``: an OpenAI-compatible chat endpoint (Ollama with bespoke-minicheck, vLLM, ...).

Each pair becomes one request to ``URL/v1/chat/completions`` with MiniCheck's prompt ("Document: ... Claim: ...",
answer Yes or No). When the server returns ``logprobs`` the score is P(Yes); otherwise it is 1.0 for Yes and 0.0
for No. Requests time out, are retried with back-off on connection errors and 5xx answers, and a server that
cannot be reached raises ``BackendUnavailable`` naming the URL. ``OPENAI_API_KEY`` is sent when set.
"""

from __future__ import annotations

import json
import math
import os
import time
import urllib.error
import urllib.request
from typing import Any, Sequence

import numpy as np

from ..errors import BackendUnavailable

DEFAULT_MODEL = "bespoke-minicheck"
TIMEOUT_S = 60.0
RETRIES = 3
BACKOFF_S = 0.5
MAX_DOC_CHARS = 24_000
PROMPT = "Document: {doc}\nClaim: {claim}"


class OpenAIChatVerifier:
    threshold = 0.5

    def __init__(self, url: str, model: str | None = None, timeout: float = TIMEOUT_S, retries: int = RETRIES) -> None:
        if not url.startswith(("http://", "https://")):
            raise BackendUnavailable(f"openai:{url}: the URL must start with http:// or https://")
        base = url.rstrip("/")
        self.endpoint = base if base.endswith("/chat/completions") else (base if base.endswith("/v1") else base + "/v1") + "/chat/completions"
        self.model = model or DEFAULT_MODEL
        self.name = f"openai:{url}#{self.model}"
        self.timeout, self.retries = timeout, retries

    def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return np.array([self._score_one(claim, doc) for claim, doc in pairs], dtype=np.float32)

    def _score_one(self, claim: str, doc: str) -> float:
        body = {
            "model": self.model,
            "messages": [{"role": "user", "content": PROMPT.format(doc=doc[:MAX_DOC_CHARS], claim=claim)}],
            "temperature": 0,
            "max_tokens": 1,
            "logprobs": True,
            "top_logprobs": 5,
        }
        return _answer_score(self._post(body))

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        headers = {"Content-Type": "application/json"}
        if os.environ.get("OPENAI_API_KEY"):
            headers["Authorization"] = f"Bearer {os.environ['OPENAI_API_KEY']}"
        request = urllib.request.Request(self.endpoint, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST")
        last = ""
        for attempt in range(self.retries + 1):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read().decode("utf-8"))
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code} {exc.reason}"
                if exc.code < 500 and exc.code != 429:
                    raise BackendUnavailable(f"{self.endpoint}: {last} (model {self.model!r})") from exc
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                last = str(getattr(exc, "reason", exc))
            except json.JSONDecodeError as exc:
                raise BackendUnavailable(f"{self.endpoint}: the answer is not JSON ({exc.msg})") from exc
            if attempt < self.retries:
                time.sleep(BACKOFF_S * 2**attempt)
        raise BackendUnavailable(f"{self.endpoint}: unreachable after {self.retries + 1} tries ({last}); is the server running?")


def _answer_score(answer: dict[str, Any]) -> float:
    """P(Yes) from the first token's logprobs when given, else 1/0 from the text of the answer."""
    try:
        choice = answer["choices"][0]
        text = (choice.get("message") or {}).get("content") or ""
    except (KeyError, IndexError, TypeError) as exc:
        raise BackendUnavailable(f"unexpected answer from the chat endpoint: {str(answer)[:200]}") from exc
    tokens = ((choice.get("logprobs") or {}).get("content") or [])
    if tokens:
        yes = no = 0.0
        for alt in tokens[0].get("top_logprobs") or [tokens[0]]:
            word = str(alt.get("token", "")).strip().lower()
            if word.startswith("yes"):
                yes += math.exp(float(alt["logprob"]))
            elif word.startswith("no"):
                no += math.exp(float(alt["logprob"]))
        if yes + no > 0:
            return yes / (yes + no)
    return 1.0 if text.strip().lower().startswith("yes") else 0.0
