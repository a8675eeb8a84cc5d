"""Other documents an analysis compares against (light: the window imports it without the analyser)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CompareDoc:
    name: str
    text: str
    last_year: bool = False  # the report of the year before (substance.last_year checks it is accounted for)
