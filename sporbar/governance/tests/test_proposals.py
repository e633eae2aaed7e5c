import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sporbar.accounts.models import AuditEntry
from sporbar.governance import services
from sporbar.governance.models import DecisionPoint, FollowUp, GovernanceLog, LinkSuggestion, Proposal


def at(y, m, d, hh, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))


def test_deadline_is_thursday_noon_before_the_meeting(gov):
    assert timezone.localtime(services.deadline_for(gov.m1)) == at(2026, 11, 26, 12)


@pytest.mark.parametrize(
    "delivered, meeting",
    [((2026, 11, 26, 11, 59), "m1"), ((2026, 11, 26, 12, 0), "m1"), ((2026, 11, 26, 12, 1), "m2")],
)
def test_a_proposal_delivered_after_the_deadline_moves_to_the_next_meeting(gov, delivered, meeting):
    proposal = Proposal.objects.create(title="Indstilling", planned_meeting=gov.m1)
    services.deliver_proposal(proposal, at(*delivered))
    proposal.refresh_from_db()
    assert proposal.planned_meeting == getattr(gov, meeting)
    moved = GovernanceLog.objects.filter(proposal=proposal).first()
    if meeting == "m2":
        assert "07-12-2026" in moved.message
        audit = AuditEntry.objects.filter(model="governance.Proposal", object_id=str(proposal.pk), action="update")
        assert audit.filter(after__planned_meeting_id=gov.m2.pk).exists()
    else:
        assert moved is None


def test_a_body_with_a_moved_deadline(gov):
    gov.raadmand.deadline_weekday = 1  # Tuesday
    gov.raadmand.deadline_time = datetime.time(10, 0)
    gov.raadmand.save()
    gov.m1.refresh_from_db()
    assert timezone.localtime(services.deadline_for(gov.m1)) == at(2026, 11, 24, 10)
    proposal = Proposal.objects.create(title="Sen", planned_meeting=gov.m1)
    services.deliver_proposal(proposal, at(2026, 11, 25, 9))  # Wednesday: before Thursday, after Tuesday
    proposal.refresh_from_db()
    assert proposal.planned_meeting == gov.m2


def test_the_route_of_a_byraad_proposal_has_a_date_per_step(gov):
    udvalg = gov.udvalg.meetings.create(date=datetime.date(2026, 12, 9))
    gov.magistrat.meetings.create(date=datetime.date(2026, 12, 1))  # before the committee: not usable
    magistrat = gov.magistrat.meetings.create(date=datetime.date(2026, 12, 14))
    byraad = gov.byraad.meetings.create(date=datetime.date(2026, 12, 16))
    proposal = Proposal.objects.create(title="Til byrådet", kind=Proposal.Kind.BYRAAD, planned_meeting=gov.m2)
    assert [s["meeting"] for s in services.route(proposal)] == [gov.m2, udvalg, magistrat, byraad]


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("Sagen handler om borger Anna Hansen og hendes bolig.", True),
        ("CPR 010190-1234 fremgår af sagen.", True),
        ("Indstillingen vedrører 0101901234.", True),
        ("Rådmanden godkender ACT-teamet; 2,5 mio. kr. i 2026-2027.", False),
        ("Borgerne i Aarhus Kommune får bedre hjælp.", False),
    ],
)
def test_personal_data_flag(text, flagged):
    assert bool(services.personal_data_findings(text)) is flagged


def test_a_flagged_proposal_cannot_be_put_on_an_agenda(gov):
    proposal = Proposal.objects.create(title="Klage", resume="Vedrører borger Anna Hansen.")
    with pytest.raises(ValidationError, match="personoplysninger"):
        services.put_on_agenda(proposal, gov.m2)
    proposal.refresh_from_db()
    assert proposal.flagged_personal_data and proposal.agenda_item is None
    proposal.resume = "Vedrører en borger i et botilbud."
    proposal.save()
    item = services.put_on_agenda(proposal, gov.m2)
    assert item.meeting == gov.m2 and not Proposal.objects.get(pk=proposal.pk).flagged_personal_data


def test_each_decision_point_gets_its_own_outcome(gov):
    proposal = Proposal.objects.create(title="Rådmandsmøder 2023")
    services.set_decision_points(
        proposal,
        "Det indstilles:\n\nAt 1) Rådmanden godkender de i punkt 5 beskrevne tiltag\n\n"
        "At 2) Rådmanden godkender retningslinjerne for åbne og lukkede indstillinger.",
    )
    services.record_decision(proposal, "1) Godkendt.\n\n2) Taget til efterretning.")
    points = list(proposal.decision_points.order_by("number"))
    assert [p.number for p in points] == [1, 2]
    assert points[0].text.startswith("Rådmanden godkender de i punkt 5")
    assert [p.outcome for p in points] == [DecisionPoint.Outcome.APPROVED, DecisionPoint.Outcome.NOTED]
    assert services.parse_outcomes("1) Ikke godkendt. 2) Udsat.") == {1: "afvist", 2: "udsat"}


def test_follow_ups_from_a_decision_become_overdue(gov):
    proposal = Proposal.objects.create(
        title="ACT videreføres", follow_up="Center A giver status hver tredje uge.", owner_unit=gov.act.owner_unit
    )
    proposal.initiatives.add(gov.act)
    services.set_decision_points(proposal, "At 1) ACT videreføres. At 2) Orienteringen tages til efterretning.")
    decided = datetime.date(2026, 11, 1)
    services.record_decision(proposal, "1) Godkendt. 2) Taget til efterretning. Center A følger op.", today=decided)
    services.record_decision(proposal, "1) Godkendt. 2) Taget til efterretning. Center A følger op.", today=decided)
    follow_ups = FollowUp.objects.filter(proposal=proposal)
    # Approved point 1, section 7 and "Center A følger op" — point 2 (noted) needs no follow-up; no duplicates.
    assert follow_ups.count() == 3
    point = follow_ups.get(decision_point__number=1)
    assert point.cadence_days == 21 and point.due_date == datetime.date(2026, 11, 22)
    promise = follow_ups.get(title__startswith="Center A følger op")
    assert promise.owner_unit == gov.act.owner_unit and promise.decision_point.number == 2
    assert follow_ups.get(title__contains="opfølgning").owner_unit == gov.act.owner_unit
    assert set(follow_ups.values_list("initiatives", flat=True)) == {gov.act.pk}
    assert not services.is_overdue(point, datetime.date(2026, 11, 22))
    assert services.is_overdue(point, datetime.date(2026, 11, 23))
    assert FollowUp.objects.filter(services.overdue_q(datetime.date(2026, 11, 23))).filter(pk=point.pk).exists()
    services.set_follow_up_status(point, FollowUp.Status.DONE)
    assert not services.is_overdue(point, datetime.date(2026, 11, 23))


def test_follow_up_from_an_agenda_item_with_a_due_date(gov):
    gov.open_item.decision = "Godkendt. Center B følger op senest 15-01-2027."
    gov.open_item.save()
    (follow_up,) = services.follow_ups_from_agenda_item(gov.open_item)
    assert follow_up.due_date == datetime.date(2027, 1, 15) and follow_up.owner_name == "Center B"
    assert services.parse_cadence("status hver tredje uge") == 21
    assert services.parse_cadence("hver anden måned") == 60


def test_link_suggestions_are_confirmed_by_a_person(gov):
    proposal = Proposal.objects.create(title="Status", resume="Om spor 3.3 og IPS-forløbene.")
    suggestions = services.create_link_suggestions(proposal)
    assert {s.initiative for s in suggestions} == {gov.act, gov.ips}
    assert not proposal.initiatives.exists()
    services.decide_suggestion(next(s for s in suggestions if s.initiative == gov.act), confirm=True)
    services.decide_suggestion(next(s for s in suggestions if s.initiative == gov.ips), confirm=False)
    assert list(proposal.initiatives.all()) == [gov.act]
    services.create_link_suggestions(proposal)
    assert [(s.initiative, s.state) for s in LinkSuggestion.objects.filter(proposal=proposal, initiative=gov.ips)] == [
        (gov.ips, LinkSuggestion.State.REJECTED)
    ]
