"""Periods of the effect figures: years, half-years, quarters and a chosen date range.

Keys as stored in the summary: a year is its number, a half-year year*2 + half and a quarter
year*4 + quarter (both 0-based). Labels: "2025", "2025-H1", "2025-K3" (kvartal) and
"2025-01-01/2025-06-30".
"""

import datetime


def period_label(gran: str, key: int, date_range=None) -> str:
    """ "2025", "2025-H1", "2025-K3" (kvartal) or "2025-01-01/2025-06-30"."""
    if gran == "y":
        return str(key)
    if gran == "h":
        return f"{key // 2}-H{key % 2 + 1}"
    if gran == "q":
        return f"{key // 4}-K{key % 4 + 1}"
    return f"{date_range[0].isoformat()}/{date_range[1].isoformat()}"


def period_year(period: str) -> int:
    return int(period.split("/")[-1][:4])


def period_kind(period: str) -> str:
    if "/" in period:
        return "range"
    if "-H" in period:
        return "half"
    if "-K" in period:
        return "quarter"
    return "year"


def year_periods(year: int) -> list[str]:
    """The seven fixed periods of a year: the year, its halves, its quarters (in that order)."""
    return [str(year), f"{year}-H1", f"{year}-H2", *(f"{year}-K{q}" for q in range(1, 5))]


def parse_range(start: str, end: str):
    return datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
