"""Property tests: small random plans, unit trees and courses; whatever they are, the disclosure leaves
nothing exposed to anyone and shows no figure that breaks the primary rule (plain data, no database)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sporbar.effects.disclosure.attack import Attacker, period_relations
from sporbar.effects.disclosure.blocks import build_blocks
from sporbar.effects.disclosure.rule import Rule
from sporbar.effects.disclosure.suppress import suppress_block, viewer_masks

RULE = Rule(threshold=5, all_or_nothing_min=20)
UNITS = {1: [1], 2: [1, 2], 3: [1, 3], 4: [1, 2, 4], 5: [1, 3, 5]}  # unit -> its chain from the root


@st.composite
def plans(draw):
    initiatives = draw(st.integers(2, 4))
    structure = {
        i: (draw(st.integers(0, 1)), draw(st.sampled_from(["boern", "unge"]))) for i in range(1, initiatives + 1)
    }
    pairs = draw(
        st.lists(
            st.tuples(st.integers(1, initiatives), st.sampled_from(sorted(UNITS))), min_size=2, max_size=6, unique=True
        )
    )
    # each course: the quarters of 2025 in which it was assessed, and whether it stood as a success then
    courses = draw(
        st.lists(
            st.tuples(
                st.sampled_from(pairs),
                st.lists(st.tuples(st.integers(0, 3), st.booleans()), min_size=1, max_size=3, unique_by=lambda q: q[0]),
            ),
            min_size=1,
            max_size=45,
        )
    )
    viewer = frozenset(UNITS) - {1} if draw(st.booleans()) else frozenset({draw(st.sampled_from([2, 3, 4, 5]))})
    return structure, courses, viewer


def summary_rows(courses) -> list[tuple]:
    """The period rule in plain Python: a course counts in each period where it was assessed, with
    its status at its latest assessment there."""
    counts: dict = {}
    for (ini, unit), quarters in courses:
        status = dict(quarters)
        periods = [("q", 2025 * 4 + q, ok) for q, ok in status.items()]
        for half in (0, 1):
            inside = [q for q in status if q // 2 == half]
            if inside:
                periods.append(("h", 2025 * 2 + half, status[max(inside)]))
        periods.append(("y", 2025, status[max(status)]))
        for gran, key, ok in periods:
            cell = counts.setdefault((gran, key, ini, unit), [0, 0])
            cell[0] += int(ok)
            cell[1] += 1
    return [("maal", "personlig", gran, key, ini, unit, ok, n) for (gran, key, ini, unit), (ok, n) in counts.items()]


def scopes_for(structure):
    def scopes_of(ini, unit):
        track, group = structure[ini]
        return [
            ("initiative", ini),
            ("track", track),
            ("theme", track // 2),
            ("plan", 1),
            ("target_group", group),
            *(("unit", u) for u in UNITS[unit]),
        ]

    return scopes_of


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.sampled_from([("y",), ("y", "h", "q")]))
def test_nothing_exposed_and_no_shown_figure_breaks_the_rule(plan, grans):
    structure, courses, viewer = plan
    for block in build_blocks(summary_rows(courses), scopes_for(structure), grans):
        # the relations between periods hold for real courses
        active = list(block.active)
        assert (period_relations(block) @ block.values[active].reshape(-1) <= 0).all()
        result = suppress_block(block, [viewer], RULE)
        assert result.exposed == []
        for i, form in enumerate(block.forms):
            if i not in result.hidden:
                assert not RULE.breaks(form.ok, form.n)
        for known in viewer_masks(block, [viewer]):
            assert Attacker(block, result.hidden, known, RULE).exposed() == []


def test_the_audit_finds_a_difference_of_two_shown_figures():
    """plan 15/20 − theme 10/15 = the other theme 5/5: both shown figures pass the primary rule, yet
    their difference says that all five in the other theme succeeded (like the issue's examples)."""
    structure = {1: (0, "boern"), 2: (2, "unge")}  # two themes (track 0 → theme 0, track 2 → theme 1)
    courses = [((1, 2), [(0, True)])] * 10 + [((1, 2), [(0, False)])] * 5 + [((2, 3), [(0, True)])] * 5
    (block,) = build_blocks(summary_rows(courses), scopes_for(structure), ("y",))
    primary = {i for i, f in enumerate(block.forms) if RULE.breaks(f.ok, f.n)}
    known = np.zeros(len(block.atoms), dtype=bool)
    assert Attacker(block, primary, known, RULE).exposed()  # every shown figure passes, yet one is exposed
    result = suppress_block(block, [], RULE)
    assert Attacker(block, result.hidden, known, RULE).exposed() == []


def test_the_rule():
    assert RULE.breaks(3, 4) and RULE.breaks(1, 30) and RULE.breaks(29, 30) and RULE.breaks(0, 6)
    assert RULE.breaks(19, 19) and not RULE.breaks(20, 20) and not RULE.breaks(0, 25)
    assert not RULE.breaks(5, 10) and not RULE.breaks(15, 20)
    assert RULE.protected(0, 5) and RULE.protected(6, 7) and not RULE.protected(0, 4) and not RULE.protected(2, 3)
