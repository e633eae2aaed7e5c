"""Reading KL's FFB delivery reports: the profile's examples, idempotency, withdrawal, bad bundles."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from sporbar.accounts.models import AuditEntry
from sporbar.courses.models import Assessment, Citizen, Course, Goal
from sporbar.courses.services import cpr_hash
from sporbar.effects import summary
from sporbar.effects.models import FigureCount
from sporbar.ffb.models import Delivery, Resource

from .conftest import CPR, EXAMPLES, example, resource

pytestmark = pytest.mark.django_db


def run(*paths):
    """sporbar import-ffb PATH… --json: (exit status, JSON printed)."""
    out = StringIO()
    try:
        call_command("import_ffb", *map(str, paths), "--json", stdout=out)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, json.loads(out.getvalue())


def figure_counts():
    return sorted(
        FigureCount.objects.values_list("figure", "initiative_id", "unit_id", "dimension", "period_key", "ok", "n")
    )


def state():
    return (
        sorted(Course.objects.values_list("source_ref", "initiative__key", "unit__code", "start_date", "end_date")),
        sorted(Goal.objects.values_list("course__source_ref", "source_ref", "goal_type", "target_level", "dimension")),
        sorted(Assessment.objects.values_list("goal__source_ref", "date", "level", "status")),
    )


def test_the_profiles_examples_become_courses_goals_and_assessments(ffb):
    status, result = run(EXAMPLES)
    assert status == 0
    assert result == {"bundles": 5, "imported": 5, "rejected": 0, "problems": []}
    citizen = Citizen.objects.get()
    assert citizen.person.cpr_hash == cpr_hash(CPR)
    assert citizen.unit == ffb.dept  # the record is kept by the unit the municipality maps to
    courses = {c.initiative.key: c for c in Course.objects.filter(citizen=citizen)}
    # The botilbud care plan is a course in `act`, run by service_a, ended 30-08-2021 (7th report).
    botilbud = Course.objects.get(source_ref="CarePlan/944c7c24-37b4-455e-9319-cd9f35a7aec9")
    assert (botilbud.initiative, botilbud.unit) == (ffb.act, ffb.service_a)
    assert (botilbud.start_date, botilbud.end_date) == (datetime.date(2021, 5, 29), datetime.date(2021, 8, 30))
    # The first dagtilbud ended on 18-06 with "afslutning og visiter til ny": moved on; a new one followed.
    first_day = Course.objects.get(source_ref="CarePlan/8ea1d7f3-3c40-4826-bf35-d16b313610d4")
    assert (first_day.end_date, first_day.end_reason) == (datetime.date(2021, 6, 18), Course.EndReason.MOVED_ON)
    assert set(courses) == {"act", "dag"} and Course.objects.count() == 3
    # Four intervention goals on each course, coded with FFB conditions and goal types.
    goal = botilbud.goals.get(source_ref="Goal/90fa089a-1f80-40d0-96db-8e875e241b06")
    assert goal.condition.display == "Spise"
    assert (goal.goal_type, goal.target_level, goal.dimension) == ("begraense", 3, "personlig")
    assert botilbud.goals.count() == 4
    # "Indgå i samspil og kontakt" was assessed on 28-05 and again on 18-06 (6th report).
    keep = botilbud.goals.get(source_ref="Goal/83fdfed2-f182-4a11-8ea1-de8181e6eab9")
    assert [(a.date, a.level) for a in keep.assessments.order_by("date")] == [
        (datetime.date(2021, 5, 28), 2),
        (datetime.date(2021, 6, 18), 2),
    ]
    assert all(a.source for a in Assessment.objects.all())


def test_no_cpr_number_is_stored_anywhere(ffb):
    run(EXAMPLES)
    stored = [
        json.dumps(list(Resource.objects.values()), default=str),
        json.dumps(list(Delivery.objects.values()), default=str),
        json.dumps(list(AuditEntry.objects.values()), default=str),
        json.dumps(list(Citizen.objects.values()), default=str),
    ]
    assert not any(CPR in text or "010181-4321" in text for text in stored)


def test_importing_again_changes_nothing(ffb):
    run(EXAMPLES)
    before, audits = state(), AuditEntry.objects.count()
    status, result = run(EXAMPLES)
    assert status == 0 and result["imported"] == 5
    assert state() == before
    assert Citizen.objects.count() == 1
    assert AuditEntry.objects.count() == audits  # nothing changed, so nothing logged


def test_an_older_version_does_not_overwrite_a_newer_one(ffb, write_bundles):
    folder = write_bundles({"a.json": example("7th")})
    run(folder)
    run(EXAMPLES)  # the 5th report, older, comes after the 7th
    botilbud = Course.objects.get(source_ref="CarePlan/944c7c24-37b4-455e-9319-cd9f35a7aec9")
    assert botilbud.end_date == datetime.date(2021, 8, 30)


def test_entered_in_error_withdraws_the_course_and_the_goal(ffb, write_bundles):
    run(EXAMPLES)
    bundle = example("6th")
    bundle["timestamp"] = "2021-09-01T10:00:00Z"
    resource(bundle, "d54a2bb0-4fdc-4ea8-adaf-1241836a94f5")["status"] = "entered-in-error"
    resource(bundle, "76b9d91b-4b28-4c4a-944c-aa16b8cca82c")["lifecycleStatus"] = "entered-in-error"
    status, _result = run(write_bundles({"fejl.json": bundle}))
    assert status == 0
    assert not Course.objects.filter(source_ref="CarePlan/d54a2bb0-4fdc-4ea8-adaf-1241836a94f5").exists()
    assert not Goal.objects.filter(source_ref="Goal/76b9d91b-4b28-4c4a-944c-aa16b8cca82c").exists()
    assert Course.objects.count() == 2 and Goal.objects.count() == 6


def later_assessment():
    """The 6th report again on 30-08-2021, "Indgå i samspil og kontakt" now at let nedsat funktionsevne."""
    bundle = example("6th")
    bundle["timestamp"] = "2021-08-30T12:00:00Z"
    condition = resource(bundle, "3a0e2994-9f3f-44ab-a684-06bb85c7bf9d")
    condition["severity"]["coding"][0]["code"] = "8328ce4a-6238-4f73-bf1a-74aadb68eff8"
    condition["extension"][0]["valueDateTime"] = "2021-08-30"
    return bundle


def test_a_new_level_is_a_new_assessment_and_the_effect_figures_follow(ffb, write_bundles):
    run(EXAMPLES)
    run(write_bundles({"8th.json": later_assessment()}))
    keep = Goal.objects.get(course__initiative=ffb.act, source_ref="Goal/83fdfed2-f182-4a11-8ea1-de8181e6eab9")
    assert [(a.date.isoformat(), a.level, a.status) for a in keep.assessments.order_by("date")] == [
        ("2021-05-28", 2, "ikke"),
        ("2021-06-18", 2, "ikke"),
        ("2021-08-30", 1, "opfyldt"),
    ]
    kept = figure_counts()
    assert kept  # the courses count in the figures
    summary.rebuild()
    assert figure_counts() == kept


def bad_bundles():
    two_citizens = example("2nd")
    two_citizens["entry"].append(
        {
            "fullUrl": "Patient/x",
            "resource": {**resource(two_citizens, "da16c0a1-840a-46b0-98b3-761e4501b343"), "id": "x"},
        }
    )
    bad_cpr = example("2nd")
    resource(bad_cpr, "da16c0a1-840a-46b0-98b3-761e4501b343")["identifier"][0]["value"] = "3213814321"
    unknown_code = example("2nd")
    resource(unknown_code, "57dc36db-56ce-4a4a-95e8-2d2c8a85871a")["code"]["coding"][0]["code"] = "no-such-code"
    missing_reference = example("3rd")
    missing_reference["entry"] = [
        e for e in missing_reference["entry"] if e["resource"]["id"] != "a2c6378d-66da-4aa8-b973-729687224ab0"
    ]
    severity_on_function = example("2nd")
    resource(severity_on_function, "5089bbd1-6ec1-4f4d-a83e-4a89f44c482e")["severity"] = {
        "coding": [{"system": "urn:oid:1.2.208.176.2.22", "code": "8328ce4a-6238-4f73-bf1a-74aadb68eff8"}]
    }
    wrong_structure = example("2nd")
    resource(wrong_structure, "57dc36db-56ce-4a4a-95e8-2d2c8a85871a")["recordedDate"] = {"not": "a date"}
    return {
        "b1-json.json": b'{"resourceType": "Bundle", ',
        "b2-two.json": two_citizens,
        "b3-cpr.json": bad_cpr,
        "b4-code.json": unknown_code,
        "b5-ref.json": missing_reference,
        "b6-severity.json": severity_on_function,
        "b7-structure.json": wrong_structure,
        "b8-latin1.json": '{"resourceType": "Bundle", "id": "Æ"}'.encode("latin-1"),
    }


def test_bad_bundles_are_rejected_with_their_problems_and_the_rest_imported(ffb, write_bundles):
    folder = write_bundles({**bad_bundles(), "ok.json": example("2nd")})
    status, result = run(folder)
    assert status == 1
    assert (result["bundles"], result["imported"], result["rejected"]) == (9, 1, 8)
    messages = {(p["resource"], p["message"]) for p in result["problems"]}
    text = json.dumps(result, ensure_ascii=False)
    assert "Ikke gyldig JSON (linje 1" in text
    assert "præcis én borger (Patient), denne har 2" in text
    assert (
        "Patient/da16c0a1-840a-46b0-98b3-761e4501b343",
        "CPR-nummeret er ikke syntaktisk gyldigt (10 cifre, de første seks en dato).",
    ) in messages
    assert any(r == "Condition/57dc36db-56ce-4a4a-95e8-2d2c8a85871a" and "no-such-code" in m for r, m in messages)
    assert any("Condition/a2c6378d-66da-4aa8-b973-729687224ab0" in m and "ikke er med" in m for _r, m in messages)
    assert any(
        r.endswith("5089bbd1-6ec1-4f4d-a83e-4a89f44c482e") and "Aktivitet og deltagelse" in m for r, m in messages
    )
    assert any("recordedDate" in m and "FHIR-strukturen" in m for _r, m in messages)
    assert "UTF-8" in text
    assert "3213814321" not in text and CPR not in text
    # Only the good report was written: one citizen, its 15 conditions and nothing from the others.
    assert Citizen.objects.count() == 1
    assert Resource.objects.count() == 15
    assert Delivery.objects.filter(imported=False).count() == 8


def test_a_report_from_an_unknown_municipality_is_rejected(ffb, write_bundles):
    bundle = example("2nd")
    resource(bundle, "da16c0a1-840a-46b0-98b3-761e4501b343")["managingOrganization"]["identifier"]["value"] = "ukendt"
    status, result = run(write_bundles({"a.json": bundle}))
    assert status == 1 and "ikke sat op til FFB-indberetning" in result["problems"][0]["message"]
    assert not Citizen.objects.exists()


def test_erasing_the_citizen_deletes_what_the_case_system_sent(ffb):
    from sporbar.courses.services import erase_citizen

    run(EXAMPLES)
    erase_citizen(Citizen.objects.get())
    assert not Resource.objects.exists()


def test_hostile_files_are_rejected_without_harm(ffb, write_bundles, monkeypatch):
    from sporbar.ffb import reading

    duplicate = example("5th")
    duplicate["entry"].append(duplicate["entry"][2])
    folder = write_bundles(
        {
            "deep.json": b"[" * 6000 + b"]" * 6000,
            "list.json": b"[1, 2, 3]",
            "duplicate.json": duplicate,
            "big.json": example("6th"),
        }
    )
    monkeypatch.setattr(reading, "MAX_BUNDLE_BYTES", 18000)  # the 6th report is 28 kB
    status, result = run(folder)
    assert status == 1 and result["rejected"] == 4, result
    text = json.dumps(result, ensure_ascii=False)
    for expected in ("indlejret for dybt", "ikke en FHIR Bundle", "findes to gange", "mere end 17 kB"):
        assert expected in text
    assert not Citizen.objects.exists() and not Resource.objects.exists()
