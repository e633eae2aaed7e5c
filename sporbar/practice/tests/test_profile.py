"""The profile end to end: the command's contract, suggestions per viewer, levels and self-assessments kept."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from sporbar.effects.models import Target
from sporbar.investment.models import CaseConsequence, Consequence, InvestmentCase, Price
from sporbar.practice import services
from sporbar.practice.models import LevelDecision, SelfAssessment
from sporbar.practice.tests.conftest import TODAY, element

NAMES = [
    "Teori og viden",
    "Virkning",
    "Beskrivelse",
    "Mål",
    "Overførbarhed",
    "Økonomi",
    "Faglig refleksion",
    "Relationelt samarbejde",
    "Individuel tilrettelæggelse",
    "Monitorering",
    "Opfølgning",
]
LEVELS = {"opfyldt", "delvist opfyldt", "ikke opfyldt", "ikke vurderet"}


def profile(world, user, initiative=None):
    return services.initiative_profile(initiative or world.act, user, today=TODAY)


def improving(world, n, unit=None):
    """n courses whose goal improves in 2026 (level 3 → 2), assessed recently."""
    return world.courses(n, unit=unit, assessed=["2026-01-10", "2026-04-10"])


def act_case(world):
    consequence = Consequence.objects.create(name="Overnatning på forsorgshjem", unit="overnatninger")
    Price.objects.create(consequence=consequence, payer="kommune", amount=Decimal("1000"), price_level_year=2024)
    case = InvestmentCase.objects.create(
        initiative=world.act,
        name="ACT-casen",
        start_year=2025,
        horizon_years=10,
        citizens_per_year=12,
        success_rate=Decimal("0.25"),
        discount_rate=Decimal("0.035"),
        cost_source=InvestmentCase.CostSource.ENTERED,
        startup_cost=Decimal("590000"),
        # The planned intake, and the effect from the first month for ten years without fading: the
        # plain arithmetic below.
        intake_source=InvestmentCase.IntakeSource.PLANNED,
        effect_start=InvestmentCase.EffectStart.MONTHS,
        effect_start_months=0,
        effect_years=Decimal("10"),
        effect_decay=Decimal("0"),
    )
    CaseConsequence.objects.create(case=case, consequence=consequence, quantity=Decimal("100"))
    return case


def test_command_prints_the_contract(world):
    today = datetime.date.today()
    # 20 of 20: an all-or-nothing share is shown outside the units only from 20 courses (docs/figures.md).
    world.courses(
        20, start=str(today - datetime.timedelta(days=400)), assessed=[str(today - datetime.timedelta(days=10))]
    )
    out = io.StringIO()
    call_command("promising_practice", initiative=world.act.id, json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"initiative", "elements"}
    assert data["initiative"]["id"] == world.act.id and data["initiative"]["title"] == "ACT-indsats"
    assert [(e["number"], e["name"]) for e in data["elements"]] == list(enumerate(NAMES, start=1))
    for e in data["elements"]:
        assert e["level"] in LEVELS and e["rule"]
        assert e["source"] == ("assessment" if e["number"] in (1, 5, 7, 8) else "data")
        assert all(set(item) >= {"label", "value"} and isinstance(item["value"], str) for item in e["evidence"])
    monitoring = data["elements"][9]
    assert monitoring["level"] == "opfyldt"
    assert monitoring["evidence"][0]["value"] == "100 % (95 %-interval 84 %–100 %), 20 af 20 forløb"


def test_command_refuses_unknown_ids_in_danish(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Initiativet 999999 findes ikke"):
        call_command("promising_practice", initiative=999999, json=True, stdout=io.StringIO())
    with pytest.raises(CommandError, match="Brugeren ingen findes ikke"):
        call_command("promising_practice", initiative=world.act.id, username="ingen", stdout=io.StringIO())


def test_description_and_goals_from_the_initiative_and_its_targets(world, org):
    Target.objects.create(
        figure="maal", dimension="personlig", scope_kind="initiative", scope_id=world.act.id, year=2026, share=0.6
    )
    Target.objects.create(
        figure="selv", dimension="netvaerk", scope_kind="target_group", target_category="udsatte", year=2026, share=0.5
    )
    shown = profile(world, org.analyst)
    assert element(shown, 3)["suggested_level"] == "opfyldt"
    goals = element(shown, 4)
    assert goals["suggested_level"] == "delvist opfyldt"  # the target group's target needs the category
    assert goals["evidence"][0] == {
        "label": "Mål nået eller forbedret (2026)",
        "value": "personlig udvikling: 60 % (initiativ)",
    }
    world.act.target_category = "udsatte"
    world.act.save()
    assert element(profile(world, org.analyst), 4)["suggested_level"] == "opfyldt"


def test_effect_figures_come_disclosure_controlled_for_each_viewer(world, org):
    Target.objects.create(
        figure="maal", dimension="personlig", scope_kind="initiative", scope_id=world.act.id, year=2026, share=0.5
    )
    improving(world, 3)
    outside = element(profile(world, org.analyst), 2)
    assert outside["suggested_level"] == "ikke vurderet"
    assert outside["evidence"][0]["hidden"] and "3 af 3" not in json.dumps(outside["evidence"])
    inside = element(profile(world, org.lead_a), 2)  # the lead of the unit that works with the citizens
    assert (
        "100 % (95 %-interval 44 %–100 %), 3 af 3 forløb; mål 50 %: kan ikke afgøres" in inside["evidence"][0]["value"]
    )
    assert inside["suggested_level"] == "delvist opfyldt"
    improving(world, 17)  # 20 of 20: all-or-nothing is shown outside the units from 20 courses
    assert element(profile(world, org.analyst), 2)["suggested_level"] == "opfyldt"


def test_monitoring_and_own_words_follow_the_small_number_rule_per_viewer(world, org):
    world.courses(6, goals=[True], assessed=["2026-05-01"], rated=["2026-05-01"])
    world.courses(2, goals=[False], assessed=["2025-05-01"])
    for viewer in (org.analyst, org.leadership, org.worker_b, org.lead_b):
        shown = profile(world, viewer)
        assert element(shown, 10)["suggested_level"] == "ikke vurderet"
        assert element(shown, 10)["evidence"][0]["value"].startswith("skjult")
        assert "6 af 8" not in json.dumps(services.profile_json(shown))
        assert element(shown, 9)["suggested_level"] == "ikke vurderet"
    for viewer in (org.lead_a, org.worker_a):
        shown = profile(world, viewer)
        assert element(shown, 10)["evidence"][0]["value"] == "75 % (95 %-interval 41 %–93 %), 6 af 8 forløb"
        assert element(shown, 10)["suggested_level"] == "delvist opfyldt"
        assert element(shown, 9)["evidence"][0]["value"].endswith("6 af 8 forløb")


def test_economy_from_the_investment_case_only_for_those_who_may_see_it(world, org):
    act_case(world)
    economy = element(profile(world, org.analyst), 6)
    assert economy["suggested_level"] == "delvist opfyldt"  # positive, but on the assumed effect alone
    labels = {e["label"]: e["value"] for e in economy["evidence"]}
    assert labels["Investeringscase"] == "ACT-casen"
    assert labels["Nutidsværdi med antaget effekt"].endswith("mio. kr.")
    # 590.000 kr. in 2025; 12 citizens a year from 1 July, 25 % of them saving 100.000 kr. a year: half a
    # year's 300.000 kr. in 2025, then 300.000 kr. a year. At 3,5 % the sum turns positive in 2027
    # (−440.000 + 289.855 + 280.053 kr.).
    assert labels["Tjener sig hjem med diskontering"] == "2027"
    worker = element(profile(world, org.worker_a), 6)
    assert worker["suggested_level"] == "ikke vurderet"
    assert "ACT-casen" not in json.dumps(worker["evidence"]) and "mio. kr." not in json.dumps(worker["evidence"])


def test_an_analyst_confirms_or_sets_another_level_with_a_reason_and_history_is_kept(world, org):
    suggested = element(profile(world, org.analyst), 3)["suggested_level"]
    services.set_level(world.act, 3, suggested, org.analyst, today=TODAY)
    with pytest.raises(services.PracticeError, match="Skriv en begrundelse"):
        services.set_level(world.act, 3, "ikke opfyldt", org.analyst, today=TODAY)
    services.set_level(world.act, 3, "ikke opfyldt", org.analyst, "Beskrivelsen er forældet.", today=TODAY)
    shown = element(profile(world, org.leadership), 3)
    assert shown["level"] == "ikke opfyldt" and shown["confirmed"]
    assert shown["decision"]["reason"] == "Beskrivelsen er forældet." and shown["decision"]["set_by"] == "analytiker"
    rows = services.history(world.act, 3, org.leadership)["levels"]
    assert [(r.level, r.kind) for r in rows] == [("ikke opfyldt", "fastsat"), (suggested, "bekraeftet")]
    assert rows[1].evidence[0]["label"] == "Målgruppe" and rows[1].rule.startswith("Hvor mange")
    with pytest.raises(ValueError, match="ændres aldrig"):
        rows[0].save()


def test_the_page_says_when_the_suggestion_changed_after_confirmation(world, org):
    services.set_level(world.act, 3, "opfyldt", org.analyst, today=TODAY)
    world.act.evaluation = ""
    world.act.save()
    shown = element(profile(world, org.analyst), 3)
    assert shown["level"] == "opfyldt" and shown["suggested_level"] == "delvist opfyldt"
    assert shown["decision"]["suggestion_changed"]


def test_only_those_who_set_levels_are_told_the_suggestion_changed(world, org):
    world.courses(6, goals=[True], assessed=["2026-05-01"])
    world.courses(2, goals=[True], assessed=["2025-05-01"])
    services.set_level(world.act, 10, "ikke vurderet", org.analyst, today=TODAY)  # the share is hidden for them
    lead = element(profile(world, org.lead_a), 10)  # inside the unit the lead sees 6 of 8 and a suggestion
    assert lead["suggested_level"] == "delvist opfyldt" and not lead["decision"]["suggestion_changed"]
    assert not element(profile(world, org.analyst), 10)["decision"]["suggestion_changed"]


def test_only_analysts_and_admins_set_levels(world, org):
    for user in (org.leadership, org.lead_a, org.worker_a):
        with pytest.raises(PermissionDenied):
            services.set_level(world.act, 3, "opfyldt", user, "fordi", today=TODAY)
    assert not LevelDecision.objects.exists()
    services.set_level(world.act, 3, "opfyldt", org.admin, today=TODAY)
    with pytest.raises(services.PracticeError, match="Ukendt niveau"):
        services.set_level(world.act, 3, "fantastisk", org.admin, "x")
    with pytest.raises(services.PracticeError, match="findes ikke"):
        services.set_level(world.act, 12, "opfyldt", org.admin, "x")


def test_the_lead_of_the_owning_unit_writes_the_self_assessment(world, org):
    services.write_self_assessment(world.act, 1, "Vi bygger på ACT-modellen.", "opfyldt", org.lead_a)
    services.write_self_assessment(world.act, 1, "Vi bygger på ACT-modellen og Housing First.", "opfyldt", org.lead_a)
    theory = element(profile(world, org.leadership), 1)
    assert theory["self_assessment"]["text"] == "Vi bygger på ACT-modellen og Housing First."
    assert theory["suggested_level"] == "delvist opfyldt"  # no document attached yet
    assert SelfAssessment.objects.filter(initiative=world.act, element=1).count() == 2
    for user in (org.lead_b, org.worker_a, org.leadership):
        with pytest.raises(PermissionDenied):
            services.write_self_assessment(world.act, 1, "Overtaget", "opfyldt", user)
    with pytest.raises(services.PracticeError, match="hører til elementerne Teori og viden"):
        services.write_self_assessment(world.act, 2, "Virker", "opfyldt", org.lead_a)
    with pytest.raises(services.PracticeError, match="Skriv selvevalueringen"):
        services.write_self_assessment(world.act, 1, "   ", "opfyldt", org.lead_a)
    assert SelfAssessment.objects.filter(initiative=world.act).count() == 2


def test_matrix_has_every_initiative_and_counts_the_levels(world, org):
    services.set_level(world.act, 3, "opfyldt", org.analyst, today=TODAY)
    data = services.matrix(world.plan, org.leadership, today=TODAY)
    assert [r["initiative"]["title"] for r in data["rows"]] == ["ACT-indsats", "Andet initiativ"]
    act_cells = data["rows"][0]["cells"]
    assert [c["number"] for c in act_cells] == list(range(1, 12))
    assert act_cells[2] == {"number": 3, "level": "opfyldt", "confirmed": True, "suggested_level": "opfyldt"}
    assert data["rows"][1]["cells"][2]["level"] == "ikke opfyldt"  # the other initiative has no facts
    assert data["totals"][2]["counts"] == {"opfyldt": 1, "delvist opfyldt": 0, "ikke opfyldt": 1, "ikke vurderet": 0}


def test_the_economy_kept_in_the_history_is_hidden_from_workers(world, org):
    act_case(world)
    services.set_level(world.act, 6, "delvist opfyldt", org.analyst, today=TODAY)
    kept = services.history(world.act, 6, org.leadership)["levels"][0]
    assert "ACT-casen" in json.dumps(kept.evidence)
    for viewer in (org.worker_a, org.worker_b):
        seen = services.history(world.act, 6, viewer)["levels"][0]
        assert seen.level == "delvist opfyldt"
        assert "ACT-casen" not in json.dumps(seen.evidence) and "mio. kr." not in json.dumps(seen.evidence)
    assert "ACT-casen" in json.dumps(LevelDecision.objects.get().evidence)  # the row itself is untouched


def test_a_self_assessment_with_a_cpr_number_is_refused(world, org):
    with pytest.raises(services.PracticeError, match="Linje 2 ser ud til at indeholde et CPR-nummer"):
        services.write_self_assessment(world.act, 1, "Eksempel:\nBorger 010190-1234 fik bolig.", "opfyldt", org.lead_a)
    assert not SelfAssessment.objects.exists()


def test_the_demo_profile_of_act(settings, tmp_path, db):
    from sporbar.accounts.demo import load as load_accounts
    from sporbar.plans.demo import load as load_plans
    from sporbar.practice.demo import load

    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    for loader in (load_accounts, load_plans, load, load):
        loader({}, out)
    from sporbar.plans.models import Initiative

    act = Initiative.objects.get(key="act")
    assert SelfAssessment.objects.filter(initiative=act).count() == 3
    assert [d.kind for d in LevelDecision.objects.filter(initiative=act).order_by("id")] == ["bekraeftet", "fastsat"]
    analyst = act.practice_levels.first().set_by
    theory = element(services.initiative_profile(act, analyst), 1)
    assert theory["suggested_level"] == "opfyldt" and theory["documents"][0].kind == "metodebeskrivelse"
