"""Exceptions. Expected outcomes of data (an empty story, a single source) are values, not exceptions.

    CorroboratorError
     ├── InputError          unreadable or unusable input; names the file and the problem
     └── BackendUnavailable  a model or service could not be loaded or reached
"""

from __future__ import annotations


class CorroboratorError(Exception):
    """Base class for every error corroborator raises on purpose."""


class InputError(CorroboratorError):
    """An input file (or stdin, or a record in it) cannot be used."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")

    def __reduce__(self) -> tuple:  # pickled by a worker (Ray) and rebuilt whole in the driver
        return (type(self), (self.path, self.problem))


class BackendUnavailable(CorroboratorError):
    """A model file, package or service needed for the job is missing or unreachable."""
