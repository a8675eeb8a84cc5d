"""The 落款 date a Word user would type, for the export dialog and `python -m core export --date auto`."""

from __future__ import annotations

import datetime


def default_signature_date(year: int | None, today: datetime.date | None = None) -> datetime.date:
    """Today for this year's report and for last year's in January–March (述职 season: a 2025
    report is signed in early 2026); otherwise a date inside the report's year — 31 December for an
    older report, 1 January for a future one — so the year of the date never contradicts the report."""
    today = today or datetime.date.today()
    if year is None or year == today.year or (year == today.year - 1 and today.month <= 3):
        return today
    return datetime.date(year, 12, 31) if year < today.year else datetime.date(year, 1, 1)
