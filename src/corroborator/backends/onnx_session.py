"""One way to open an ONNX Runtime session on the CPU, shared by every model we run."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def cpu_session(model_file: Path, threads: int | None = None) -> Any:
    """An InferenceSession on the CPU provider, quiet, with ``threads`` intra-op threads (default: the cores, up
    to 4) that sleep between runs. Spinning threads (onnxruntime's default) keep the cores busy after each
    batch and slow everything else in the process: measured on 2 cores, a warm ``compare()`` took 1.08 s with
    spinning and 0.65 s without while another job shared the machine (``bench/compare_speed.py``)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
    options.log_severity_level = 3
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
