"""The migration to one record per unit and person, on data from before it: CPR hashes move to
persons, a citizen with courses in two units becomes two linked records, and the change log
keeps which person fields changed, without their values."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("courses", "0001_initial")]
AFTER = [("courses", "0002_person_and_unit_records")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_schema():
    """The tests after this one expect every migration applied, not just the one tested here."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_old_citizens_are_split_by_unit_linked_to_one_person_and_the_change_log_is_emptied_of_values():
    old = _migrate(BEFORE)
    Unit = old.get_model("accounts", "Unit")
    a = Unit.objects.create(code="a", name="A", kind="center", path="/1/")
    b = Unit.objects.create(code="b", name="B", kind="center", path="/2/")
    Plan, Theme, Track = (old.get_model("plans", m) for m in ("Plan", "Theme", "Track"))
    track = Track.objects.create(
        theme=Theme.objects.create(plan=Plan.objects.create(code="p", name="P"), number=1, name="T"),
        number="1.1",
        name="S",
    )
    initiative = old.get_model("plans", "Initiative").objects.create(
        track=track, key="i", title="I", amount=1, owner_unit=a
    )
    Citizen, Course = old.get_model("courses", "Citizen"), old.get_model("courses", "Course")
    both = Citizen.objects.create(pseudonym="Borger AB", initials="AB", birth_year=1990, cpr_hash="h" * 64)
    only_a = Citizen.objects.create(pseudonym="Borger CD")
    start = datetime.date(2025, 1, 1)
    Course.objects.create(citizen=both, initiative=initiative, unit=a, start_date=start)
    Course.objects.create(citizen=both, initiative=initiative, unit=b, start_date=start + datetime.timedelta(days=9))
    Course.objects.create(citizen=only_a, initiative=initiative, unit=a, start_date=start)
    old.get_model("accounts", "AuditEntry").objects.create(
        action="update", model="courses.Goal", object_id="1", object_repr="personlig: Sove bedre",
        before={"text": "Sove dårligt"}, after={"text": "Sove bedre"},
    )  # fmt: skip

    new = _migrate(AFTER)
    Citizen, Course = new.get_model("courses", "Citizen"), new.get_model("courses", "Course")
    records = list(Citizen.objects.filter(pseudonym="Borger AB").order_by("unit__code"))
    assert [r.unit.code for r in records] == ["a", "b"]
    assert records[0].person_id == records[1].person_id is not None
    assert new.get_model("courses", "Person").objects.get().cpr_hash == "h" * 64
    assert [c.unit.code for c in Course.objects.filter(citizen=records[1])] == ["b"]
    assert Citizen.objects.get(pseudonym="Borger CD").unit.code == "a"
    entry = new.get_model("accounts", "AuditEntry").objects.get(model="courses.Goal")
    assert (entry.before, entry.after, entry.object_repr) == ({"text": "[skjult]"}, {"text": "[skjult]"}, "Goal 1")
