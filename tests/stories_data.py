"""Small hand-written articles for story and reprint tests: two similar events with different people and places."""

from __future__ import annotations

QUAKE_CHILE = [
    ("chile-1", "Earthquake strikes Chile", "2026-03-01",
     "A magnitude 7.8 earthquake struck off the coast of Valparaiso in Chile on Sunday, the USGS said. "
     "President Gabriel Boric said rescue teams were searching collapsed buildings in Valparaiso and Vina del Mar."),
    ("chile-2", "Boric visits Valparaiso after quake", "2026-03-02",
     "Chilean President Gabriel Boric visited Valparaiso a day after the 7.8 magnitude earthquake. "
     "Rescue teams in Vina del Mar pulled survivors from collapsed buildings, officials in Chile said."),
    ("chile-3", "Chile quake death toll rises", "2026-03-03",
     "The death toll from the magnitude 7.8 earthquake near Valparaiso rose to 41, Chile's interior ministry said. "
     "Boric declared a state of catastrophe in Valparaiso and Vina del Mar."),
]
QUAKE_JAPAN = [
    ("japan-1", "Earthquake hits northern Japan", "2026-03-01",
     "A magnitude 6.1 earthquake hit Hokkaido in northern Japan on Sunday, the Japan Meteorological Agency said. "
     "Prime Minister Shigeru Ishiba said there were no reports of damage at the Tomari nuclear plant."),
    ("japan-2", "Hokkaido quake cuts power", "2026-03-02",
     "Tens of thousands of homes in Hokkaido lost power after the 6.1 magnitude earthquake, Hokkaido Electric said. "
     "Ishiba said the Tomari nuclear plant in Japan was safe."),
]
WIRE = ("Rescuers in Valparaiso worked through the night on Monday to reach people trapped under collapsed "
        "apartment blocks, Chilean officials said, as aftershocks rattled the port city. Interior minister "
        "Carolina Toha said 41 people had died and more than 300 were injured. The navy sent two ships with "
        "water and medical supplies to the coast, and President Gabriel Boric cancelled a trip abroad.")


def records(*groups: list[tuple[str, str, str, str]]) -> list[dict]:
    return [{"id": i, "title": t, "date": d, "text": x} for group in groups for (i, t, d, x) in group]


def wire_copies() -> list[dict]:
    """Three outlets running one wire story (headline, dateline and last sentence changed), plus the original."""
    return [
        {"id": "wire-ap", "title": "Rescuers race to reach trapped in Valparaiso", "text": WIRE, "source": "AP"},
        {"id": "wire-copy1", "title": "Chile rescuers work through night", "source": "Daily One",
         "text": "VALPARAISO (AP) - " + WIRE},
        {"id": "wire-copy2", "title": "Night of rescue in Chilean port", "source": "Daily Two",
         "text": WIRE + " Copyright 2026 The Associated Press."},
    ]


# a company's footer that outlets append to unrelated stories
FOOTER = ("About Brightwater Group: Brightwater Group plc is a leading provider of industrial software, logistics "
          "services and consulting to manufacturers across Europe, North America and Asia. Founded in 1987 and "
          "headquartered in Leeds, the company employs more than 12,000 people in 40 countries.")
