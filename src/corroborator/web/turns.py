"""First come, first served turns at the one analysis a server runs at a time.

A lock polled from the event loop is not fair: under 20 concurrent clients some requests kept losing the race
and waited 20 s while others were served in 5 (QA, 2026-11-27). Here each waiting request holds a place in a
queue and is handed the turn by the request before it.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Awaitable, Callable


class Turns:
    """``acquire`` waits for this caller's turn, in order of arrival; ``release`` hands it to the next caller.
    Used from one event loop only (the server's)."""

    def __init__(self, poll_seconds: float = 0.05) -> None:
        self._busy = False
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._poll = poll_seconds

    async def acquire(self, gave_up: Callable[[], Awaitable[bool]]) -> bool:
        """True once it is this caller's turn; False if ``gave_up()`` (checked while waiting) says the caller
        left first, in which case it holds no turn."""
        if not self._busy and not self._waiting:
            self._busy = True
            return True
        place: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(place)
        try:
            while True:
                try:
                    await asyncio.wait_for(asyncio.shield(place), self._poll)
                    return True
                except asyncio.TimeoutError:
                    if await gave_up():
                        self._leave(place)
                        return False
        except BaseException:
            self._leave(place)
            raise

    def release(self) -> None:
        while self._waiting:
            place = self._waiting.popleft()
            if not place.done():
                place.set_result(None)  # the turn passes on: still busy
                return
        self._busy = False

    def _leave(self, place: asyncio.Future[None]) -> None:
        if place.done() and not place.cancelled():
            self.release()  # the turn came as the caller left: pass it on
        else:
            place.cancel()
            if place in self._waiting:
                self._waiting.remove(place)
