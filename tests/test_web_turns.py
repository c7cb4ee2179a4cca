"""The web server's one-at-a-time analysis is served in order of arrival, and a caller who leaves gives up its place."""

from __future__ import annotations

import asyncio

from corroborator.web.turns import Turns


async def _never_gives_up() -> bool:
    return False


def test_turns_are_served_in_order_of_arrival():
    async def scenario() -> list[int]:
        turns, served = Turns(poll_seconds=0.001), []

        async def caller(n: int) -> None:
            assert await turns.acquire(_never_gives_up)
            served.append(n)
            await asyncio.sleep(0.002)  # work, while the others poll
            turns.release()

        tasks = []
        for n in range(8):
            tasks.append(asyncio.create_task(caller(n)))
            await asyncio.sleep(0)  # each arrives after the one before
        await asyncio.gather(*tasks)
        return served

    assert asyncio.run(scenario()) == list(range(8))


def test_a_caller_who_leaves_while_waiting_holds_no_turn():
    async def scenario() -> list[str]:
        turns, served = Turns(poll_seconds=0.001), []
        assert await turns.acquire(_never_gives_up)  # "first" holds the turn

        async def leaves() -> bool:
            return True

        async def patient() -> None:
            assert await turns.acquire(_never_gives_up)
            served.append("patient")
            turns.release()

        gone = asyncio.create_task(turns.acquire(leaves))
        waiting = asyncio.create_task(patient())
        assert await gone is False
        turns.release()  # "first" is done: the turn goes past the one who left
        await waiting
        assert await turns.acquire(_never_gives_up)  # and, with nobody waiting, is free again at once
        return served

    assert asyncio.run(scenario()) == ["patient"]
