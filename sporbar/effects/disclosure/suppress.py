"""Secondary suppression: which more figures to hide so that no hidden figure can be worked out.

The classic cell-suppression heuristic by linear programming (attack.Attacker.protect), run per
block and per kind of viewer:
1. primary: hide every figure that breaks the primary rule (rule.py);
2. for each viewer model (everyone outside the units; then each group of workers and leads, who
   know their own units' atoms exactly), find the hidden quantities whose interval is not shown to
   be wide enough (one LP certifies most at once), and for each of them hide the cheapest set of
   figures that lets it move by the protection level; fine figures (quarters, units, tracks) cost
   little, the plan's and themes' yearly figures a lot;
3. audit exactly (two LPs per remaining count) and repeat for what is still exposed, until every
   viewer model finds nothing; if that does not settle within a few rounds, hide the whole block;
4. the LP step may hide more than one figure where one would do (a linear cost spreads over equal
   choices), so each secondary figure, the most valuable first, is shown again if the audit of
   every viewer model still finds nothing exposed.
Hiding more never makes a protected figure less protected, except that it can remove a shown
all-or-nothing figure that allowed a zero; so the models are repeated until none adds anything.
"""

from dataclasses import dataclass

import numpy as np

from .attack import Attacker
from .blocks import Block
from .rule import Rule

MAX_ROUNDS = 4
MAX_SHOW_AGAIN = 40  # secondary figures per block tried for showing again, the most valuable first


@dataclass
class BlockResult:
    hidden: set
    checked: int  # hidden quantities audited (over all viewer models)
    exposed: list  # what the last audit found (empty unless the fallback failed)


def viewer_masks(block: Block, viewer_units: list[frozenset]) -> list[np.ndarray]:
    """The outside viewer (knows no atom) first, then one mask per distinct group of units."""
    masks = [np.zeros(len(block.atoms), dtype=bool)]
    seen = {masks[0].tobytes()}
    for units in viewer_units:
        mask = np.array([unit in units for _, unit in block.atoms], dtype=bool)
        if mask.any() and mask.tobytes() not in seen:
            seen.add(mask.tobytes())
            masks.append(mask)
    return masks


def suppress_block(block: Block, viewer_units: list[frozenset], rule: Rule) -> BlockResult:
    hidden = {i for i, form in enumerate(block.forms) if rule.breaks(form.ok, form.n)}
    masks = viewer_masks(block, viewer_units)
    for _ in range(MAX_ROUNDS):
        added = False
        checked = 0
        for known in masks:
            new, count = _protect_for(block, hidden, known, rule)
            checked += count
            if new:
                hidden |= new
                added = True
        if not added:
            hidden = _show_again(block, hidden, masks, rule)
            return BlockResult(hidden, checked, [])
    hidden = set(range(len(block.forms)))
    exposed = [e for known in masks for e in Attacker(block, hidden, known, rule).exposed()]
    return BlockResult(hidden, 0, exposed)


def _protect_for(block: Block, hidden: set, known: np.ndarray, rule: Rule) -> tuple[set, int]:
    """Forms to hide for one viewer model, and how many quantities its audit checked."""
    start = set(hidden)
    current = set(hidden)
    attacker = Attacker(block, current, known, rule)
    quantities = attacker.quantities()
    pending = _uncertified(attacker, quantities)
    for _ in range(MAX_ROUNDS):
        while pending:
            q, counts = pending.pop(0)
            new = attacker.protect(q, counts) - current
            if new:
                current |= new
                attacker = Attacker(block, current, known, rule)
                pending = _uncertified(attacker, [p for p, _ in pending])
        exposed = attacker.exposed(quantities)
        if not exposed:
            return current - start, len(quantities)
        grouped: dict = {}
        for q, count, _low, _high in exposed:
            grouped.setdefault(q, []).append(count)
        pending = list(grouped.items())
    return set(range(len(block.forms))) - start, len(quantities)


def _uncertified(attacker: Attacker, quantities) -> list:
    """(quantity, counts) not shown to be protected by the quick checks, largest first."""
    checks = [(q, c) for q in quantities if not attacker.free_to_rise(q) for c in attacker.counts_to_check(q)]
    certified = attacker.certify(checks)
    grouped: dict = {}
    for i, (q, count) in enumerate(checks):
        if i not in certified:
            grouped.setdefault(q, []).append(count)
    return sorted(grouped.items(), key=lambda item: -item[0].n)


def _show_again(block: Block, hidden: set, masks, rule: Rule) -> set:
    secondary = [i for i in hidden if not rule.breaks(block.forms[i].ok, block.forms[i].n)]
    secondary.sort(key=lambda i: -block.forms[i].weight)
    for i in secondary[:MAX_SHOW_AGAIN]:
        trial = hidden - {i}
        if all(not Attacker(block, trial, known, rule).exposed() for known in masks):
            hidden = trial
    return hidden
