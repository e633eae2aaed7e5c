"""The figures as plain linear relations, as an attacker can use them.

Every figure of the plan (one figure kind, dimension, scope and period) is a sum over the same
small pieces: the courses of one initiative in one unit (an *atom*: each course has exactly one
initiative and one unit). A scope's figure is the sum of its atoms: an initiative over its units,
a track, theme, target group or the plan over their initiatives, a unit over the initiatives run
in it and its sub-units. So, within one period, successes and non-successes are *additive*:
every scope equals the sum of its parts, in the plan tree, among the target groups and in the unit
tree alike, and an attacker who knows the trees and which units run which initiatives knows all
of these equalities.

Across periods they are not: a course counts in every period in which it was assessed, as it stood
at its latest assessment there. For one atom, a period P made of sub-periods c1..ck (a year of
its halves, a half of its quarters) therefore only gives inequalities, for successes and
non-successes alike:
    count(ck) <= count(P) <= count(c1) + ... + count(ck)     (ck: the last sub-period)
    courses(cj) <= courses(P) for every j.
(A course counted in ck has its status in P from ck; every course of P is counted in some cj.)
These are exactly what the counts of one atom allow (tests/test_disclosure_blocks.py checks them
against real courses). Different years, figure kinds and dimensions share no relation, so the
figures fall apart into independent *blocks*, one per figure kind, dimension and year, with seven
periods each (the year, two halves, four quarters).

Chosen date ranges are not part of this: they are never shown outside the units (see
services.keyfigures).
"""

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from ..periods import period_label

YEAR, H1, H2, Q1, Q2, Q3, Q4 = range(7)
PERIODS = 7
GRANS = {"y": (YEAR,), "h": (H1, H2), "q": (Q1, Q2, Q3, Q4)}
# (period, its sub-periods in time order)
PERIOD_PARTS = [(YEAR, (H1, H2)), (H1, (Q1, Q2)), (H2, (Q3, Q4))]
# A count of 0 in the period on the right forces 0 in the periods on the left for the same atoms
# (count(last sub-period) <= count(period)).
PINNED_BY = {YEAR: {YEAR}, H1: {H1}, H2: {H2, YEAR}, Q1: {Q1}, Q2: {Q2, H1}, Q3: {Q3}, Q4: {Q4, H2, YEAR}}

# Periods above a period, and the ways down from it to a quarter (blocks of one atom's periods that
# can all rise together without breaking a relation between periods).
ABOVE = {YEAR: (), H1: (YEAR,), H2: (YEAR,), Q1: (H1, YEAR), Q2: (H1, YEAR), Q3: (H2, YEAR), Q4: (H2, YEAR)}
DOWN = {
    YEAR: ((H1, Q1), (H1, Q2), (H2, Q3), (H2, Q4)),
    H1: ((Q1,), (Q2,)),
    H2: ((Q3,), (Q4,)),
    Q1: ((),),
    Q2: ((),),
    Q3: ((),),
    Q4: ((),),
}

# Hiding a figure costs the viewer this much: the plan's and themes' yearly figures most, quarters
# of units least (the heuristic prefers to hide fine figures).
KIND_WEIGHT = {"plan": 100, "theme": 40, "target_group": 20, "track": 8, "initiative": 8, "unit": 2}
PERIOD_WEIGHT = (10, 3, 3, 1, 1, 1, 1)


@dataclass
class Form:
    """One shown figure (or several scopes with the very same atoms, e.g. an initiative run by
    exactly one unit and that unit): the sum of `atoms` in `period`."""

    period: int
    atoms: np.ndarray
    scopes: list
    ok: int
    fail: int
    weight: float = 0.0

    @property
    def n(self) -> int:
        return self.ok + self.fail


@dataclass
class Block:
    """The figures of one figure kind, dimension and year as linear relations over atoms."""

    figure: str
    dimension: str
    year: int
    atoms: list  # (initiative_id, unit_id)
    values: np.ndarray  # (7 periods, atoms, 2): successes, non-successes
    active: tuple = tuple(range(PERIODS))  # the periods shown at all (the others are left out)
    forms: list = field(default_factory=list)
    zero: np.ndarray | None = None  # (7, atoms): known to be empty (a scope over them shows no figure)

    @property
    def position(self) -> np.ndarray:
        """Period index -> position among the active periods (-1: not active)."""
        position = np.full(PERIODS, -1, dtype=np.int64)
        position[list(self.active)] = np.arange(len(self.active))
        return position

    def ways_up_and_down(self, period: int) -> list[tuple]:
        """Chains of active periods that can rise together with `period` (see attack.free_to_rise)."""
        above = tuple(p for p in ABOVE[period] if p in self.active)
        downs = {tuple(p for p in way if p in self.active) for way in DOWN[period]}
        return [(period, *above, *way) for way in sorted(downs)]

    def containing(self) -> dict:
        """(period, atom) -> indexes of the forms that contain the atom in that period."""
        if getattr(self, "_containing", None) is None:
            found = defaultdict(list)
            for i, form in enumerate(self.forms):
                for j in form.atoms.tolist():
                    found[(form.period, j)].append(i)
            self._containing = found
        return self._containing

    @property
    def key(self) -> tuple:
        return (self.figure, self.dimension, self.year)

    @property
    def periods(self) -> list[str]:
        y = self.year
        return [period_label("y", y), *(period_label("h", y * 2 + h) for h in range(2))] + [
            period_label("q", y * 4 + q) for q in range(4)
        ]


def _period_index(gran: str, key: int) -> tuple[int, int]:
    """(year, index of the period within the block) for a summary period key."""
    if gran == "y":
        return key, YEAR
    if gran == "h":
        return key // 2, H1 + key % 2
    return key // 4, Q1 + key % 4


def build_blocks(rows, scopes_of, grans=("y", "h", "q")) -> list[Block]:
    """Blocks from the summary rows (figure, dimension, gran, period_key, initiative, unit, ok, n).

    `scopes_of(initiative_id, unit_id)` names every scope an atom belongs to, as (kind, id);
    `grans` are the kinds of period that are shown (the others are left out).
    """
    active = tuple(sorted(p for g in grans for p in GRANS[g]))
    grouped = defaultdict(list)
    for figure, dim, gran, key, ini, unit, ok, n in rows:
        if n <= 0 or gran not in grans:
            continue
        year, period = _period_index(gran, int(key))
        grouped[(figure, dim, year)].append((period, (ini, unit), int(ok), int(n)))
    blocks = []
    for (figure, dim, year), entries in sorted(grouped.items()):
        atoms = sorted({atom for _, atom, _, _ in entries})
        index = {atom: j for j, atom in enumerate(atoms)}
        values = np.zeros((PERIODS, len(atoms), 2), dtype=np.int64)
        for period, atom, ok, n in entries:
            values[period, index[atom]] = (ok, n - ok)
        block = Block(figure, dim, year, atoms, values, active=active)
        _add_forms(block, scopes_of)
        blocks.append(block)
    return blocks


def _add_forms(block: Block, scopes_of) -> None:
    members = defaultdict(list)
    for j, atom in enumerate(block.atoms):
        for scope in scopes_of(*atom):
            members[scope].append(j)
    by_atoms = defaultdict(list)
    for scope, js in members.items():
        by_atoms[tuple(sorted(js))].append(scope)
    block.zero = np.zeros((PERIODS, len(block.atoms)), dtype=bool)
    for js, scopes in by_atoms.items():
        atoms = np.array(js, dtype=np.int64)
        for period in block.active:
            ok, fail = (int(v) for v in block.values[period, atoms].sum(axis=0))
            if ok + fail == 0:
                block.zero[period, atoms] = True  # no figure: everyone sees that these are empty
                continue
            weight = sum(KIND_WEIGHT[kind] for kind, _ in scopes) * PERIOD_WEIGHT[period]
            block.forms.append(Form(period, atoms, sorted(scopes, key=str), ok, fail, float(weight)))
