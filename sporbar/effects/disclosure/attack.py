"""What a viewer can work out about the hidden figures of one block, by linear programming (HiGHS).

The viewer knows every shown figure, that counts are never negative, the relations between the
periods of one atom (blocks.py) and, for a worker or lead, the exact counts of every atom in their
own units (they see those citizens). For a hidden quantity (a figure restricted to the atoms the
viewer does not know, or one atom) the smallest and largest value of its successes, non-successes
and courses that agree with all of that are two linear programs. That is the
audit (`Attacker.bounds`).

The same model answers the suppression heuristic's question (`Attacker.protect`): which figures
must be hidden too so that a hidden quantity can move by the protection level? That is the
classic LP step of cell suppression (Kelly, Golden & Assad 1992; Fischetti & Salazar-González
2000): find two deviations of the data, one up and one down, that keep every shown figure fixed
or hide it, at the least cost of the figures they hide.
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .blocks import PERIOD_PARTS, PINNED_BY, Block
from .rule import Rule
from .solver import Program

OK, FAIL, COURSES = 0, 1, 2
COUNT_NAMES = {OK: "successes", FAIL: "non-successes", COURSES: "courses"}
EPS = 1e-7


@dataclass(frozen=True)
class Quantity:
    """What must stay protected: the successes and non-successes of some atoms in one period."""

    period: int
    atoms: tuple
    ok: int
    fail: int
    form: int | None  # the form it comes from (None: a single atom that is no shown figure)

    @property
    def n(self) -> int:
        return self.ok + self.fail

    def value(self, count: int) -> int:
        return (self.ok, self.fail, self.n)[count]


def _var(block: Block, period, atoms, count) -> np.ndarray:
    """Variable index of (period, atom, count): successes and non-successes of each atom in each active period."""
    return (block.position[period] * len(block.atoms) + np.asarray(atoms, dtype=np.int64)) * 2 + count


def _size(block: Block) -> int:
    return len(block.active) * len(block.atoms) * 2


def period_relations(block: Block) -> sparse.csr_matrix:
    """G with G x <= 0 for every atom: the relations between a period and its sub-periods."""
    if getattr(block, "_relations", None) is not None:
        return block._relations
    atoms = np.arange(len(block.atoms))
    templates = []  # each: list of (coefficient, period, count)
    for parent, parts in PERIOD_PARTS:
        if not {parent, *parts} <= set(block.active):
            continue
        last = parts[-1]
        for count in (OK, FAIL):
            templates.append([(1, last, count), (-1, parent, count)])
            templates.append([(1, parent, count)] + [(-1, p, count) for p in parts])
        for part in parts:
            templates.append([(1, part, OK), (1, part, FAIL), (-1, parent, OK), (-1, parent, FAIL)])
    rows, cols, vals = [], [], []
    for t, template in enumerate(templates):
        for coef, period, count in template:
            rows.append(t * len(atoms) + atoms)
            cols.append(_var(block, period, atoms, count))
            vals.append(np.full(len(atoms), coef, dtype=float))
    shape = (len(templates) * len(atoms), _size(block))
    if not templates:
        block._relations = sparse.csr_matrix(shape)
        return block._relations
    matrix = sparse.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=shape)
    block._relations = matrix.tocsr()
    return block._relations


def _rows(block: Block, sets: list[tuple[int, np.ndarray, int]]) -> sparse.csr_matrix:
    """One row per (period, atoms, count): the sum of those variables (count 2: both counts)."""
    rows, cols = [], []
    for r, (period, atoms, count) in enumerate(sets):
        for c in (OK, FAIL) if count == COURSES else (count,):
            idx = _var(block, period, atoms, c)
            cols.append(idx)
            rows.append(np.full(len(idx), r))
    size = _size(block)
    if not sets:
        return sparse.csr_matrix((0, size))
    data = np.ones(sum(len(c) for c in cols))
    return sparse.coo_matrix((data, (np.concatenate(rows), np.concatenate(cols))), shape=(len(sets), size)).tocsr()


class Attacker:
    """One viewer's knowledge of one block, given which forms are hidden."""

    def __init__(self, block: Block, hidden: set[int], known: np.ndarray, rule: Rule):
        self.block, self.hidden, self.known, self.rule = block, set(hidden), known, rule
        active = list(block.active)
        self.truth = block.values[active].reshape(-1).astype(float)
        size = len(self.truth)
        fixed = np.repeat((block.zero[active] | known[None, :]).reshape(-1), 2)
        self.fixed = fixed
        self.low = np.where(fixed, self.truth, 0.0)
        # A generous finite cap instead of infinity keeps every program bounded, so that HiGHS can
        # re-solve from the last basis; nothing the viewer could pin down comes near it.
        self.cap = 10.0 * (block.values.sum() + rule.threshold)
        self.high = np.where(fixed, self.truth, self.truth + self.cap)
        self.relations = period_relations(block)
        self.visible = [i for i in range(len(block.forms)) if i not in self.hidden]
        sets = [(block.forms[i].period, block.forms[i].atoms, c) for i in self.visible for c in (OK, FAIL)]
        self.shown = _rows(block, sets)
        self.shown_values = self.shown @ self.truth
        self.size = size

    # --- What must be protected ----------------------------------------------------------------

    def quantities(self) -> list[Quantity]:
        """Every hidden quantity that breaks the primary rule: each form restricted to the atoms
        the viewer does not know, and each such atom, per period."""
        block, found = self.block, {}
        unknown = ~self.known
        for i, form in enumerate(block.forms):
            atoms = form.atoms[unknown[form.atoms] & ~block.zero[form.period, form.atoms]]
            if len(atoms):
                found.setdefault((form.period, tuple(atoms.tolist())), i)
        for period in block.active:
            for j in np.flatnonzero(unknown & ~block.zero[period]):
                found.setdefault((period, (int(j),)), None)
        out = []
        for (period, atoms), form in found.items():
            ok, fail = (int(v) for v in block.values[period, list(atoms)].sum(axis=0))
            if ok + fail and self.rule.breaks(ok, ok + fail):
                out.append(Quantity(period, atoms, ok, fail, form))
        return out

    def counts_to_check(self, q: Quantity) -> list[int]:
        """Counts that could be exposed: a count of 2T-1 or more is protected by the rule's second
        clause whatever the interval. Counts pinned at 0 by a shown all-or-nothing figure that
        contains the quantity are allowed (that figure says so of everyone in it)."""
        limit = 2 * self.rule.threshold - 2
        return [c for c in (OK, FAIL, COURSES) if q.value(c) <= limit and not self.pinned_by_shown(q, c)]

    def pinned_by_shown(self, q: Quantity, count: int) -> bool:
        if count == COURSES or q.value(count) != 0:
            return False
        atoms = set(q.atoms)
        for i in self.visible:
            form = self.block.forms[i]
            value = form.ok if count == OK else form.fail
            if (
                value == 0
                and form.n >= self.rule.all_or_nothing_min
                and form.period in PINNED_BY[q.period]
                and atoms <= set(form.atoms.tolist())
            ):
                return True
        return False

    # --- The audit -----------------------------------------------------------------------------

    def free_to_rise(self, q: Quantity) -> bool:
        """A sufficient condition without LP: some atom of q can rise without limit, because every
        figure containing it in q's period, the periods above and one way down to the finest shown
        period is hidden (then every count of q can rise by T and its interval is wide enough)."""
        containing, hidden, zero = self.block.containing(), self.hidden, self.block.zero
        for j in q.atoms:
            for chain in self.block.ways_up_and_down(q.period):
                if any(zero[p, j] for p in chain):
                    continue
                if all(i in hidden for p in chain for i in containing.get((p, j), ())):
                    return True
        return False

    def certify(self, checks: list[tuple[Quantity, int]]) -> set[int]:
        """Indexes of checks whose count the viewer cannot narrow below the protection level."""
        return {i for i, (q, count) in enumerate(checks) if self.is_protected(q, count)}

    def is_protected(self, q: Quantity, count: int) -> bool:
        return self.rule.protected(*self.bounds(q, count, enough=True))

    def _polytope(self) -> Program:
        if getattr(self, "_program", None) is None:
            rel = self.relations
            self._program = Program(
                sparse.vstack([rel, self.shown]),
                np.concatenate([np.full(rel.shape[0], -np.inf), self.shown_values]),
                np.concatenate([np.zeros(rel.shape[0]), self.shown_values]),
                self.low,
                self.high,
            )
        return self._program

    def bounds(self, q: Quantity, count: int, enough: bool = False) -> tuple[float, float]:
        """The smallest and largest value of one count of q that agree with what the viewer knows.

        With `enough`, stop after the largest when that alone already shows the protection level
        (the smallest is then reported as q's own value)."""
        row = _rows(self.block, [(q.period, np.array(q.atoms), count)]).toarray()[0]
        program = self._polytope()
        found = {}
        for sign in (-1, 1):
            result = program.solve(sign * row)
            if result.status == "unbounded":  # only upwards is possible
                found[sign] = np.inf
            elif result.status == "optimal":
                found[sign] = sign * result.objective
            else:
                raise RuntimeError(f"the audit's linear program failed ({result.status})")
            if enough and sign == -1 and found[-1] - q.value(count) >= self.rule.threshold - 1e-6:
                return float(q.value(count)), found[-1]
        return found[1], found[-1]

    def exposed(self, quantities: list[Quantity] | None = None) -> list[tuple[Quantity, int, float, float]]:
        """Every hidden quantity with a count the viewer can narrow below the protection level."""
        quantities = self.quantities() if quantities is None else quantities
        out = []
        for q in quantities:
            if self.free_to_rise(q):
                continue
            for count in self.counts_to_check(q):
                low, high = self.bounds(q, count, enough=True)
                if not self.rule.protected(low, high):
                    out.append((q, count, low, high))
        return out

    # --- The suppression step ------------------------------------------------------------------

    def protect(self, q: Quantity, counts: list[int]) -> set[int]:
        """Forms to hide so that each of `counts` of q can move by T in total (up and down),
        every deviation staying within what the viewer knows. The cheapest by the forms' weights."""
        block, t = self.block, self.rule.threshold
        movable = [
            i
            for i in self.visible
            if not self.fixed[_var(block, block.forms[i].period, block.forms[i].atoms, OK)].all()
        ]
        m = len(movable)
        size = self.size
        shown = _rows(block, [(block.forms[i].period, block.forms[i].atoms, c) for i in movable for c in (OK, FAIL)])
        # t_f >= |a_f z| for both counts of both deviations
        pick = sparse.csr_matrix((np.ones(2 * m), (np.arange(2 * m), np.repeat(np.arange(m), 2))), shape=(2 * m, m))
        zeros_v = sparse.csr_matrix((2 * m, size))
        dev_rows = sparse.vstack(
            [
                sparse.hstack([shown, zeros_v, -pick]),
                sparse.hstack([-shown, zeros_v, -pick]),
                sparse.hstack([zeros_v, shown, -pick]),
                sparse.hstack([zeros_v, -shown, -pick]),
            ]
        )
        rel = self.relations
        zeros_r = sparse.csr_matrix(rel.shape)
        rel_rows = sparse.vstack(
            [
                sparse.hstack([rel, zeros_r, sparse.csr_matrix((rel.shape[0], m))]),
                sparse.hstack([zeros_r, rel, sparse.csr_matrix((rel.shape[0], m))]),
            ]
        )
        slack = -(rel @ self.truth)
        target = _rows(block, [(q.period, np.array(q.atoms), c) for c in counts])
        need = sparse.hstack([-target, target, sparse.csr_matrix((len(counts), m))])
        a_ub = sparse.vstack([rel_rows, dev_rows, need])
        b_ub = np.concatenate([slack, slack, np.zeros(8 * m), np.full(len(counts), -float(t))])
        z_low = np.where(self.fixed, 0.0, -self.truth)
        z_high = np.where(self.fixed, 0.0, np.inf)
        program = Program(
            a_ub,
            np.full(len(b_ub), -np.inf),
            b_ub,
            np.concatenate([z_low, z_low, np.zeros(m)]),
            np.concatenate([z_high, z_high, np.full(m, np.inf)]),
            cost=np.concatenate([np.zeros(2 * size), [block.forms[i].weight for i in movable]]),
        )
        result = program.solve()
        if result.status != "optimal":
            return set(movable)  # cannot protect within the model: hide everything that could move
        used = result.x[2 * size :]
        return {movable[i] for i in np.flatnonzero(used > EPS)}
