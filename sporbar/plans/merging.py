"""Bring a plan document (an investment overview) into an existing plan: update, never duplicate.

``compare(plan, rows)`` matches the document's initiatives to the plan's, track by track, by title (spelling
tolerant) and then amount, and returns the difference: new, changed (with each field before and after),
unchanged, and missing (in the plan, not in the document; kept). ``apply(plan, comparison, owner)`` writes
exactly that difference in one transaction. Nothing is written by ``compare``.
"""

import difflib
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from .models import BudgetLine, Initiative, Plan, Theme, Track

TITLE_MATCH = 0.5  # similarity at which two titles in the same track name the same initiative
AMOUNT_BONUS = 0.25  # the same amount makes a weaker title match count
COMPARED = ["title", "amount", "period_start", "period_end"]


def title_similarity(a: str, b: str) -> float:
    """Misspelling-tolerant similarity of two titles in [0, 1]: case, punctuation and spaces ignored."""

    def squash(text: str) -> str:
        return re.sub(r"[^\wæøå]+", "", unicodedata.normalize("NFC", text).lower())

    a, b = squash(a), squash(b)
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


@dataclass
class Change:
    """One initiative of the document against the plan. `existing` is None for a new one."""

    row: dict
    existing: Initiative | None = None
    fields: dict = field(default_factory=dict)  # name → (before, after)

    @property
    def kind(self) -> str:
        if self.existing is None:
            return "new"
        return "changed" if self.fields else "unchanged"


@dataclass
class Comparison:
    plan: Plan | None
    changes: list[Change]
    missing: list[Initiative]
    renamed: list[tuple[str, str, str]]  # ("tema 2" / "spor 3.3", before, after)

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def count_after(self) -> int:
        return len(self.changes) + len(self.missing)

    @property
    def total_after(self) -> Decimal:
        return sum((c.row["amount"] for c in self.changes), Decimal(0)) + sum(
            (i.amount for i in self.missing), Decimal(0)
        )

    @property
    def fingerprint(self) -> str:
        """Identifies this difference, so a confirmation applies exactly what was shown."""
        data = [(c.kind, c.existing.pk if c.existing else None, sorted(c.fields.items())) for c in self.changes]
        data += [("missing", i.pk) for i in self.missing] + [("renamed", *r) for r in self.renamed]
        return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()[:16]


def _values(row: dict) -> dict:
    return {
        "title": row["title"],
        "amount": Decimal(row["amount"]).quantize(Decimal("0.01")),
        "period_start": row.get("period_start"),
        "period_end": row.get("period_end"),
    }


def _pair_track(rows: list[dict], existing: list[Initiative]) -> list[tuple[dict, Initiative | None]]:
    """Pairs within one track: best title match first (same amount helps); a track with one initiative on
    each side is the same initiative whatever its title."""
    if len(rows) == 1 and len(existing) == 1:
        return [(rows[0], existing[0])]
    scored = []
    for r, row in enumerate(rows):
        for e, initiative in enumerate(existing):
            similarity = title_similarity(row["title"], initiative.title)
            same_amount = Decimal(row["amount"]) == initiative.amount
            score = similarity + (AMOUNT_BONUS if same_amount else 0)
            if score >= TITLE_MATCH:
                scored.append((score, r, e))
    pairs: dict[int, Initiative] = {}
    used: set[int] = set()
    for _score, r, e in sorted(scored, reverse=True):
        if r not in pairs and e not in used:
            pairs[r] = existing[e]
            used.add(e)
    return [(row, pairs.get(r)) for r, row in enumerate(rows)]


def compare(plan: Plan | None, rows: list[dict]) -> Comparison:
    """The document's rows (theme_number, theme_name, track_number, track_name, title, amount in kroner,
    period_start, period_end) against the plan; `plan` None means a plan that does not exist yet."""
    initiatives = (
        list(Initiative.objects.filter(track__theme__plan=plan).select_related("track__theme")) if plan else []
    )
    by_track: dict[str, list[Initiative]] = {}
    for initiative in initiatives:
        by_track.setdefault(initiative.track.number, []).append(initiative)
    rows_by_track: dict[str, list[dict]] = {}
    for row in rows:
        rows_by_track.setdefault(str(row["track_number"]).rstrip("."), []).append(row)
    changes, matched = [], set()
    for number, track_rows in rows_by_track.items():
        for row, initiative in _pair_track(track_rows, by_track.get(number, [])):
            change = Change(row={**row, **_values(row)}, existing=initiative)
            if initiative is not None:
                matched.add(initiative.pk)
                after = _values(row)
                # A period the document does not state is unknown, not "none": it never clears the plan's.
                change.fields = {
                    name: (getattr(initiative, name), after[name])
                    for name in COMPARED
                    if getattr(initiative, name) != after[name] and after[name] is not None
                }
            changes.append(change)
    missing = [i for i in initiatives if i.pk not in matched]
    return Comparison(plan, changes, missing, _renamed(plan, rows))


def _renamed(plan: Plan | None, rows: list[dict]) -> list[tuple[str, str, str]]:
    if plan is None:
        return []
    themes = {t.number: t.name for t in Theme.objects.filter(plan=plan)}
    tracks = {t.number: t.name for t in Track.objects.filter(theme__plan=plan)}
    renamed = {}
    for row in rows:
        theme, track = int(row["theme_number"]), str(row["track_number"]).rstrip(".")
        if theme in themes and themes[theme] != row["theme_name"]:
            renamed[f"tema {theme}"] = (themes[theme], row["theme_name"])
        if track in tracks and tracks[track] != row["track_name"]:
            renamed[f"spor {track}"] = (tracks[track], row["track_name"])
    return [(where, before, after) for where, (before, after) in renamed.items()]


def even_budget(amount: Decimal, start: int | None, end: int | None) -> dict[int, Decimal]:
    """The amount split evenly over the period's years, rounded to øre; the last year takes the rest."""
    if not start or not end or end < start:
        return {}
    years = list(range(start, end + 1))
    share = (amount / len(years)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    budget = {year: share for year in years[:-1]}
    budget[years[-1]] = amount - share * (len(years) - 1)
    return budget


@transaction.atomic
def apply(comparison: Comparison, owner_unit=None, plan_code: str = "", plan_name: str = "") -> Plan:
    """Write the difference: update the changed, create the new (owned by `owner_unit`), rename themes and
    tracks; missing initiatives are kept. A changed amount or period re-splits a per-year budget."""
    if comparison.plan is None and not (re.fullmatch(r"[-a-zA-Z0-9_]{1,60}", plan_code or "") and plan_name):
        raise ValueError("En ny plan skal have en kode (a-z, 0-9, - og _) og et navn.")
    plan = comparison.plan or Plan.objects.create(code=plan_code, name=plan_name[:200])
    if comparison.of_kind("new") and owner_unit is None:
        raise ValueError("Vælg en ejer (enhed) til de nye initiativer.")
    for change in comparison.changes:
        if change.kind == "changed":
            initiative = change.existing
            for name, (_before, after) in change.fields.items():
                setattr(initiative, name, after)
            initiative.save()
            if not change.fields.keys().isdisjoint({"amount", "period_start", "period_end"}):
                _replace_budget(initiative)
        elif change.kind == "new":
            _create(plan, change.row, owner_unit)
    for where, _before, after in comparison.renamed:
        kind, number = where.split(" ", 1)
        if kind == "tema":
            renamed = Theme.objects.filter(plan=plan, number=int(number))
        else:
            renamed = Track.objects.filter(theme__plan=plan, number=number)
        for obj in renamed.exclude(name=after):
            obj.name = after
            obj.save()
    return plan


def _create(plan: Plan, row: dict, owner_unit) -> Initiative:
    theme, _ = Theme.objects.get_or_create(
        plan=plan, number=int(row["theme_number"]), defaults={"name": row["theme_name"]}
    )
    number = str(row["track_number"]).rstrip(".")
    track = Track.objects.filter(theme__plan=plan, number=number).first()
    if track is None:
        track = Track.objects.create(theme=theme, number=number, name=row["track_name"])
    key, suffix = row["key"][:60], 2
    while Initiative.objects.filter(track=track, key=key).exists():
        key, suffix = f"{row['key'][:56]}-{suffix}", suffix + 1
    values = _values(row)
    values["title"] = values["title"][:300]
    initiative = Initiative.objects.create(track=track, key=key, owner_unit=owner_unit, **values)
    _replace_budget(initiative)
    return initiative


def _replace_budget(initiative: Initiative) -> None:
    """An even per-year budget over the period; without a period, the budget lines stay as they are."""
    if not initiative.period_start or not initiative.period_end:
        return
    budget = even_budget(initiative.amount, initiative.period_start, initiative.period_end)
    existing = {line.year: line for line in initiative.budget_lines.all()}
    for year, line in existing.items():
        if year not in budget:
            line.delete()
    for year, amount in budget.items():
        line = existing.get(year)
        if line is None:
            BudgetLine.objects.create(initiative=initiative, year=year, amount=amount)
        elif line.amount != amount:
            line.amount = amount
            line.save()
