"""The counts behind Monitorering, Individuel tilrettelæggelse and Opfølgning, from real rows."""

import datetime

from sporbar.accounts.models import AuditEntry
from sporbar.governance.models import AgendaItem, Body, DecisionPoint, FollowUp, Meeting, Proposal
from sporbar.governance.services import set_follow_up_status
from sporbar.practice import measures
from sporbar.practice.tests.conftest import TODAY, d


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert measures.months_before(d("2026-06-30"), 6) == d("2025-12-30")
    assert measures.months_before(d("2026-08-31"), 6) == d("2026-02-28")
    assert measures.months_before(d("2026-03-15"), 15) == d("2024-12-15")


def test_monitoring_counts_active_courses_old_enough_and_assessed_within_the_interval(world):
    world.course(start="2025-01-01", assessed=["2025-02-01", "2026-03-01"])  # due, assessed
    world.course(start="2025-01-01", end="2026-12-31", assessed=["2026-06-30"])  # due, assessed on the day
    world.course(start="2025-01-01", assessed=["2025-10-01"])  # due, last assessed too long ago
    world.course(start="2025-01-01", assessed=["2026-07-15"])  # due, the assessment lies after today
    world.course(start="2026-03-01", assessed=[])  # too young to be due
    world.course(start="2025-01-01", end="2026-01-01", assessed=["2025-12-01"])  # ended
    world.course(initiative=world.other, unit=world.org.centre_b, assessed=["2026-05-01"])
    counts = measures.monitoring([world.act.id, world.other.id], TODAY, 6)
    assert (counts[world.act.id]["due"], counts[world.act.id]["assessed"]) == (4, 2)
    assert counts[world.act.id]["units"] == {world.org.centre_a.id}
    assert (counts[world.other.id]["due"], counts[world.other.id]["assessed"]) == (1, 1)
    twelve = measures.monitoring([world.act.id], TODAY, 12)[world.act.id]
    assert (twelve["due"], twelve["assessed"]) == (4, 3)  # now the 2025-10 assessment is recent enough


def test_individual_counts_courses_whose_goals_are_all_in_the_citizens_words_and_own_ratings(world):
    world.course(goals=[True, True], rated=["2026-01-01"])
    world.course(goals=[True, False], rated=["2026-01-01", "2026-03-01"])
    world.course(goals=[False])
    world.course(goals=[])  # no goals: not counted
    world.course(unit=world.org.service_a, goals=[True])
    counts = measures.individual([world.act.id])[world.act.id]
    assert (counts["courses"], counts["own_words"], counts["rated"]) == (4, 2, 2)
    assert counts["units"] == {world.org.centre_a.id, world.org.service_a.id}


def _follow_up(world, title, due, **links):
    follow_up = FollowUp.objects.create(title=title, due_date=d(due), **links)
    follow_up.initiatives.add(world.act)
    return follow_up


def _done_at(follow_up, day):
    set_follow_up_status(follow_up, FollowUp.Status.DONE, today=day)
    AuditEntry.objects.filter(model="governance.FollowUp", object_id=str(follow_up.pk), after__status="faerdig").update(
        at=datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    )


def test_follow_ups_on_time_late_overdue_unknown_and_pending(world, org):
    _done_at(_follow_up(world, "Til tiden", "2026-05-01"), d("2026-04-20"))
    _done_at(_follow_up(world, "For sent", "2026-05-01"), d("2026-05-10"))
    _follow_up(world, "Overskredet", "2026-06-01")
    _follow_up(world, "Ikke forfalden", "2026-08-01")
    FollowUp.objects.filter(pk=_follow_up(world, "Masseopdateret", "2026-05-01").pk).update(status="faerdig")
    FollowUp.objects.create(title="Et andet initiativ", due_date=d("2026-01-01")).initiatives.add(world.other)
    counts = measures.follow_ups([world.act.id], org.analyst, TODAY)[world.act.id]
    assert counts == {"on_time": 1, "late": 1, "overdue": 1, "unknown": 1, "pending": 1}


def _meeting(org, confidential_owner=None):
    body = Body.objects.create(
        name=f"Udvalg {Body.objects.count()}", kind=Body.Kind.UDVALG, owner_unit=confidential_owner
    )
    return Meeting.objects.create(body=body, date=d("2026-03-01"))


def test_decisions_that_may_have_changed_the_initiative_as_the_viewer_may_see_them(world, org):
    meeting = _meeting(org)
    for title, decision, category in [
        ("Justering af ACT", "Godkendt med ændringer.", AgendaItem.Category.APPROVAL),
        ("Status på ACT", "Taget til efterretning.", AgendaItem.Category.ORIENTATION),
        ("ACT uden beslutning", "", AgendaItem.Category.DISCUSSION),
    ]:
        AgendaItem.objects.create(meeting=meeting, title=title, decision=decision, category=category).initiatives.add(
            world.act
        )
    closed = AgendaItem.objects.create(
        meeting=_meeting(org, confidential_owner=org.centre_b),
        title="Lukket punkt om ACT",
        decision="Godkendt.",
        category=AgendaItem.Category.APPROVAL,
        confidential=True,
    )
    closed.initiatives.add(world.act)
    proposal = Proposal.objects.create(title="Udvidelse af ACT", date=d("2026-04-01"))
    proposal.initiatives.add(world.act)
    DecisionPoint.objects.create(proposal=proposal, number=1, text="At ACT udvides", outcome="godkendt")
    rejected = Proposal.objects.create(title="Lukning af ACT", date=d("2026-05-01"))
    rejected.initiatives.add(world.act)
    DecisionPoint.objects.create(proposal=rejected, number=1, text="At ACT lukkes", outcome="afvist")

    seen_by_analyst = measures.decisions([world.act.id], org.analyst)[world.act.id]
    assert seen_by_analyst == {"count": 3, "latest": d("2026-04-01")}
    seen_by_worker = measures.decisions([world.act.id], org.worker_a)[world.act.id]
    assert seen_by_worker["count"] == 2  # not the closed item of a body owned by centre B
    assert measures.decisions([world.act.id], org.worker_b)[world.act.id]["count"] == 3
