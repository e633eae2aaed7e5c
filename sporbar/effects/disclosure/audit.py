"""The audit of what one user sees: `sporbar disclosure-audit --plan ID --as USERNAME`.

Independent of how the pattern was chosen: it takes the stored pattern, rebuilds the relations
from the summary, gives the attacker everything the user knows (the shown figures and, for a
worker or lead, the exact counts of their own units) and computes by LP, for every hidden
quantity that breaks the primary rule, the interval of its successes, non-successes and courses.
A quantity is exposed when an interval is narrower than the protection level (rule.Rule.protected);
a shown figure outside the user's units that breaks the primary rule is exposed as it stands.
"""

from dataclasses import dataclass, field

import numpy as np

from sporbar.accounts import permissions

from .. import queries
from ..scopes import PlanScopes
from . import store
from .attack import COUNT_NAMES, Attacker
from .blocks import build_blocks
from .rule import Rule


@dataclass
class Exposure:
    text: str


@dataclass
class AuditReport:
    pattern_id: int
    checked: int = 0
    hidden: int = 0
    shown: int = 0
    exposed: list = field(default_factory=list)


def audit(plan, user) -> AuditReport:
    pattern = store.refresh_disclosure(plan)
    rule, grans = Rule.from_settings(), store.outside_grans()
    scopes = PlanScopes(plan)
    rows = queries.pair_counts(scopes.initiatives, scopes.employment_ids)
    inside = permissions.unit_ids(user) if permissions.can_see_person_data(user) else set()
    hidden_cells = {tuple(c[:5]) for c in pattern.cells if c[7] is not None}
    shown_cells = {tuple(c[:5]): (c[5], c[6]) for c in pattern.cells if c[7] is None}
    report = AuditReport(pattern.id, hidden=len(hidden_cells), shown=len(shown_cells))
    for block in build_blocks(rows, scopes.scopes_of, grans):
        labels = block.periods
        known = np.array([unit in inside for _, unit in block.atoms], dtype=bool)
        hidden = set()
        for i, form in enumerate(block.forms):
            keys = [(block.figure, block.dimension, labels[form.period], kind, sid) for kind, sid in form.scopes]
            if all(k in hidden_cells for k in keys):
                hidden.add(i)
                continue
            if known[form.atoms].all():
                continue
            for k in keys:
                if k in shown_cells and shown_cells[k] != (form.ok, form.n):
                    report.exposed.append(Exposure(f"{_name(scopes, block, form)}: tallet passer ikke med data"))
            if rule.breaks(form.ok, form.n):
                report.exposed.append(
                    Exposure(f"{_name(scopes, block, form)}: vist, men {form.ok} af {form.n} bryder reglen")
                )
        attacker = Attacker(block, hidden, known, rule)
        quantities = attacker.quantities()
        report.checked += len(quantities)
        for q, count, low, high in attacker.exposed(quantities):
            what = _name(scopes, block, block.forms[q.form]) if q.form is not None else _atom(scopes, block, q)
            report.exposed.append(
                Exposure(f"{what}: {COUNT_NAMES[count]} mellem {low:g} og {high:g} (sandt: {q.value(count)})")
            )
    return report


def _name(scopes: PlanScopes, block, form) -> str:
    names = ", ".join(f"{kind} {scopes.names.get((kind, sid), sid)}" for kind, sid in form.scopes)
    return f"{block.figure} {block.dimension or '-'} {block.periods[form.period]} [{names}]"


def _atom(scopes: PlanScopes, block, q) -> str:
    parts = []
    for j in q.atoms:
        ini, unit = block.atoms[j]
        parts.append(f"{scopes.names.get(('initiative', ini), ini)} i {scopes.names.get(('unit', unit), unit)}")
    return f"{block.figure} {block.dimension or '-'} {block.periods[q.period]} [{'; '.join(parts)}]"
