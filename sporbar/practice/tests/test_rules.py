"""The rules behind the suggestions, on plain data: each level's boundary, hidden and missing numbers."""

import datetime
from decimal import Decimal

import pytest

from sporbar.practice import rules, sources
from sporbar.practice.elements import ELEMENTS, Level


def share(count, n):
    return sources.citizen_share(count, n, {1}, None)


def label(f):
    return f"{f['figure']} {f['dimension']}"


def figure(share_, low, high, target=None, verdict=None, suppressed=False, dimension="personlig"):
    return {
        "figure": "maal",
        "dimension": dimension,
        "period": "2026",
        "count": None if suppressed else round(share_ * 40),
        "denominator": None if suppressed else 40,
        "share": None if suppressed else share_,
        "ci_low": None if suppressed else low,
        "ci_high": None if suppressed else high,
        "target": target,
        "verdict": None if suppressed else verdict,
        "verdict_label": {"met": "nået", "not_met": "ikke nået", "undecidable": "kan ikke afgøres"}.get(verdict, ""),
        "suppressed": suppressed,
        "suppressed_reason": "færre end 5 forløb" if suppressed else "",
    }


def test_the_eleven_elements_in_the_typologys_order():
    assert [(e.number, e.name) for e in ELEMENTS] == [
        (1, "Teori og viden"),
        (2, "Virkning"),
        (3, "Beskrivelse"),
        (4, "Mål"),
        (5, "Overførbarhed"),
        (6, "Økonomi"),
        (7, "Faglig refleksion"),
        (8, "Relationelt samarbejde"),
        (9, "Individuel tilrettelæggelse"),
        (10, "Monitorering"),
        (11, "Opfølgning"),
    ]
    assert [e.number for e in ELEMENTS if e.source == "assessment"] == [1, 5, 7, 8]


# --- the small-number rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "n", "hidden"),
    [(0, 4, True), (3, 4, True), (4, 20, True), (16, 20, True), (19, 20, True), (5, 10, False), (20, 20, False)],
)
def test_citizen_share_hides_few_on_either_side_outside_the_units(count, n, hidden):
    shown = sources.citizen_share(count, n, {1}, None)
    assert shown["hidden"] is hidden
    assert (shown["count"] is None) is hidden and (shown["share"] is None) is hidden


def test_citizen_share_carries_a_wilson_interval():
    shown = share(15, 20)
    assert shown["share"] == 0.75
    assert shown["ci_low"] == pytest.approx(0.531, abs=0.001) and shown["ci_high"] == pytest.approx(0.888, abs=0.001)


# --- 2 Virkning ----------------------------------------------------------------------------------------


def test_effect_met_when_a_figure_is_surely_above_its_target_and_none_surely_below():
    figures = [figure(0.8, 0.7, 0.9, 0.6, "met"), figure(0.6, 0.45, 0.74, 0.6, "undecidable", dimension="netvaerk")]
    s = rules.effect(figures, "2026", {}, label)
    assert s.level == Level.MET
    assert "80 % (95 %-interval 70 %–90 %), 32 af 40 forløb; mål 60 %: nået" in s.evidence[0]["value"]


def test_effect_partly_when_figures_point_both_ways_or_only_lean_towards_the_target():
    both = [figure(0.8, 0.7, 0.9, 0.6, "met"), figure(0.3, 0.2, 0.4, 0.6, "not_met", dimension="netvaerk")]
    assert rules.effect(both, "2026", {}, label).level == Level.PARTLY
    leaning = [figure(0.65, 0.5, 0.78, 0.6, "undecidable")]
    assert rules.effect(leaning, "2026", {}, label).level == Level.PARTLY


def test_effect_not_met_when_no_figure_reaches_its_target():
    figures = [figure(0.5, 0.35, 0.65, 0.6, "undecidable"), figure(0.3, 0.2, 0.4, 0.6, "not_met", dimension="laering")]
    assert rules.effect(figures, "2026", {}, label).level == Level.NOT_MET


def test_effect_is_not_assessed_without_targets_or_when_every_figure_is_hidden():
    no_target = rules.effect([figure(0.8, 0.7, 0.9)], "2026", {}, label)
    assert no_target.level == Level.NOT_ASSESSED and "mål eller en sammenligningsgruppe" in no_target.explanation
    hidden = rules.effect([figure(0, 0, 0, 0.6, suppressed=True)], "2026", {}, label)
    assert hidden.level == Level.NOT_ASSESSED
    assert hidden.evidence[0] == {
        "label": "maal personlig (2026)",
        "value": "skjult – færre end 5 forløb",
        "hidden": True,
        "reason": "færre end 5 forløb",
    }
    assert rules.effect([], None, {}, label).level == Level.NOT_ASSESSED


def test_effect_against_a_comparison_group():
    comparison = {("maal", "personlig"): {"share": 0.4, "ci_low": 0.3, "ci_high": 0.5}}
    better = rules.effect([figure(0.8, 0.7, 0.9)], "2026", comparison, label)
    assert better.level == Level.MET and "sammenligningsgruppe 40 %" in better.evidence[0]["value"]
    overlapping = rules.effect([figure(0.55, 0.45, 0.65)], "2026", comparison, label)
    assert overlapping.level == Level.NOT_MET


# --- 3 Beskrivelse and 4 Mål ----------------------------------------------------------------------------


def test_description_counts_the_six_facts():
    facts = [("Målgruppe", "x"), ("Størrelse", "x"), ("Aktiviteter", "x"), ("Mål", "x"), ("Ejer", "x")]
    assert rules.description([*facts, ("Evaluering", "x")]).level == Level.MET
    partly = rules.description([*facts[:3], ("Mål", ""), ("Ejer", ""), ("Evaluering", "")])
    assert (
        partly.level == Level.PARTLY
        and partly.explanation == "3 af 6 fakta er udfyldt; mangler: mål, ejer, evaluering."
    )
    assert rules.description([*facts[:2], ("a", ""), ("b", ""), ("c", ""), ("d", "")]).level == Level.NOT_MET


def test_goals_wants_a_target_for_every_figure_of_the_initiative():
    applicable = [("maal", "Mål nået"), ("selv", "Egen vurdering")]
    target = {"share": 0.6, "via": "initiativ"}
    assert rules.goals(2026, applicable, {("maal", "personlig"): target}, str).level == Level.PARTLY
    both = {("maal", "personlig"): target, ("selv", "netvaerk"): target}
    assert rules.goals(2026, applicable, both, str).level == Level.MET
    none = rules.goals(2026, applicable, {}, str)
    assert none.level == Level.NOT_MET and none.evidence[1]["value"] == "intet mål"


# --- 6 Økonomi -----------------------------------------------------------------------------------------


def case(pv="600000", discounted=2029, known=True, observed=None, hidden=False, error=None):
    return {
        "id": 1,
        "name": "ACT-casen",
        "error": error,
        "first_year": 2025,
        "last_year": 2034,
        "present_value": Decimal(pv),
        "break_even_year": discounted,
        "break_even_discounted": {"known": known, "year": discounted},
        "observed": observed,
        "observed_hidden": hidden,
    }


def observed(point, low, high):
    return {
        "success_rate": Decimal("0.2"),
        "present_value": Decimal(point),
        "present_value_low": Decimal(low),
        "present_value_high": Decimal(high),
    }


def test_economy_levels():
    assert rules.economy(case(observed=observed("5000000", "1000000", "8600000")), True).level == Level.MET
    assert rules.economy(case(observed=observed("500000", "-200000", "900000")), True).level == Level.PARTLY
    assert rules.economy(case(observed=observed("-500000", "-900000", "100000")), True).level == Level.NOT_MET
    assumed_only = rules.economy(case(), True)
    assert assumed_only.level == Level.PARTLY and "antagne effekt" in assumed_only.explanation
    assert rules.economy(case(pv="-100", discounted=None), True).level == Level.NOT_MET


def test_economy_evidence_in_danish_formats():
    s = rules.economy(case(observed=observed("5000000", "1000000", "8600000")), True)
    assert {"label": "Nutidsværdi med antaget effekt", "value": "0,6 mio. kr."} in s.evidence
    assert {"label": "Tjener sig hjem med diskontering", "value": "2029"} in s.evidence
    assert {
        "label": "Nutidsværdi med observeret effekt",
        "value": "5,0 mio. kr. (95 %-interval 1,0 mio. kr. til 8,6 mio. kr.)",
    } in s.evidence


def test_economy_missing_values_give_not_assessed_with_the_reason():
    assert rules.economy(None, True).explanation == "Initiativet har ingen investeringscase."
    unknown = rules.economy(case(known=False), True)
    assert unknown.level == Level.NOT_ASSESSED and "med diskontering, kendes ikke" in unknown.explanation
    broken = rules.economy(case(error="Pris mangler for konsekvensen »X«."), True)
    assert broken.level == Level.NOT_ASSESSED and broken.evidence[-1]["value"] == "Pris mangler for konsekvensen »X«."


def test_economy_is_hidden_from_those_who_may_not_see_investment_cases():
    s = rules.economy(case(observed=observed("5000000", "1000000", "8600000")), False)
    assert s.level == Level.NOT_ASSESSED
    assert all(e.get("hidden") for e in s.evidence) and "mio" not in str(s.evidence)


# --- 9, 10, 11 --------------------------------------------------------------------------------------------


def test_individual_tailoring_levels():
    assert rules.individual(share(20, 20), share(15, 20)).level == Level.MET
    assert rules.individual(share(10, 20), share(15, 20)).level == Level.PARTLY
    assert rules.individual(share(0, 20), share(0, 20)).level == Level.NOT_MET
    hidden = rules.individual(share(18, 20), share(15, 20))  # 2 not in own words: hidden
    assert hidden.level == Level.NOT_ASSESSED and hidden.evidence[0]["hidden"]
    assert rules.individual(share(0, 0), share(0, 0)).level == Level.NOT_ASSESSED


def test_monitoring_levels():
    assert rules.monitoring(share(20, 20), 6).level == Level.MET
    assert rules.monitoring(share(45, 50), 6).level == Level.MET
    assert rules.monitoring(share(6, 10), 6).level == Level.NOT_ASSESSED  # 4 on the other side: hidden
    assert rules.monitoring(share(12, 20), 6).level == Level.PARTLY
    assert rules.monitoring(share(5, 20), 6).level == Level.NOT_MET
    assert rules.monitoring(share(0, 0), 6).level == Level.NOT_ASSESSED
    assert rules.monitoring(share(20, 20), 6).evidence[0] == {
        "label": "Aktive forløb vurderet inden for 6 måneder",
        "value": "100 % (95 %-interval 84 %–100 %), 20 af 20 forløb",
    }


def follow_ups(on_time=0, late=0, overdue=0, unknown=0, pending=0):
    return {"on_time": on_time, "late": late, "overdue": overdue, "unknown": unknown, "pending": pending}


def test_follow_up_levels():
    one = {"count": 1, "latest": datetime.date(2026, 3, 1)}
    none = {"count": 0, "latest": None}
    assert rules.follow_up(follow_ups(on_time=4, late=1), one).level == Level.MET
    assert rules.follow_up(follow_ups(on_time=4, late=1), none).level == Level.PARTLY
    assert rules.follow_up(follow_ups(on_time=1, overdue=2), none).level == Level.NOT_MET
    assert rules.follow_up(follow_ups(overdue=2), one).level == Level.PARTLY
    assert rules.follow_up(follow_ups(pending=3, unknown=1), none).level == Level.NOT_ASSESSED
    evidence = rules.follow_up(follow_ups(on_time=4, late=1), one).evidence
    assert {"label": "Beslutninger om initiativet", "value": "1 (seneste 01-03-2026)"} in evidence


def test_follow_up_explanation_counts_in_singular_and_plural():
    one = {"count": 1, "latest": datetime.date(2026, 3, 1)}
    two = {"count": 2, "latest": datetime.date(2026, 3, 1)}
    assert rules.follow_up(follow_ups(on_time=1), one).explanation == (
        "100 % af 1 forfalden opfølgning blev færdig til tiden; 1 beslutning om initiativet."
    )
    assert rules.follow_up(follow_ups(on_time=1, late=1), two).explanation == (
        "50 % af 2 forfaldne opfølgninger blev færdige til tiden; 2 beslutninger om initiativet."
    )
    assert rules.follow_up(follow_ups(pending=1), one).explanation == (
        "Ingen forfaldne opfølgninger; 1 beslutning om initiativet."
    )


def test_self_assessment_needs_a_document_to_be_met():
    current = {
        "text": "Vi bygger på ACT-modellen.",
        "proposed_level": "opfyldt",
        "written_by": "Lene",
        "written_at": None,
    }
    assert rules.self_assessment(current, []).level == Level.PARTLY
    assert rules.self_assessment(current, ["Metodebeskrivelse"]).level == Level.MET
    assert rules.self_assessment({**current, "proposed_level": "ikke opfyldt"}, []).level == Level.NOT_MET
    assert rules.self_assessment(None, []).level == Level.NOT_ASSESSED
