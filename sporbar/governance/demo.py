"""Demo governance: the four bodies, a few meetings, proposals and follow-ups (some overdue), and a
hearing on the demo plan (the documents demo imports the response of seed 000 into it through the real
importer). Running it twice adds nothing.

The meetings of seed 002 are loaded by the documents importer, not here.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from sporbar.accounts.audit import acting_as
from sporbar.accounts.models import Unit
from sporbar.plans.models import Initiative, Plan

from . import services
from .models import (
    AgendaItem,
    Body,
    FollowUp,
    Hearing,
    HearingInvitation,
    Meeting,
    Proposal,
)

BODIES = [
    ("Rådmandsmøde", Body.Kind.RAADMAND, "ledelsessekretariatet"),
    ("Socialudvalget", Body.Kind.UDVALG, None),
    ("Magistraten", Body.Kind.MAGISTRAT, None),
    ("Byrådet", Body.Kind.BYRAAD, None),
]


def _find(key: str, title: str | None = None):
    query = Q(key=key) | Q(key__endswith=f"-{key}")
    if title:
        query |= Q(title__icontains=title)
    return Initiative.objects.filter(query).order_by("id").first()


def _unit(code):
    return Unit.objects.filter(code=code).first()


def _next_weekday(day: datetime.date, weekday: int, weeks: int = 0) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7 + 7 * weeks)


def _bodies():
    bodies = {}
    for name, kind, unit_code in BODIES:
        body, _ = Body.objects.get_or_create(name=name, defaults={"kind": kind, "owner_unit": _unit(unit_code)})
        bodies[kind] = body
    return bodies


def _meeting(body, date, key, **fields):
    meeting, _ = Meeting.objects.get_or_create(
        source_key=f"demo:{key}", defaults={"body": body, "date": date, **fields}
    )
    return meeting


def _meetings(bodies, today):
    monday = _next_weekday(today, 0)
    past = _meeting(
        bodies[Body.Kind.RAADMAND],
        monday - datetime.timedelta(days=42),
        "raadmand-past",
        time="13.00-15.00",
        place="Rådhuset, lokale 390",
        minute_taker="Kontorchef, Ledelsessekretariatet",
        is_published=True,
    )
    upcoming = [
        _meeting(bodies[Body.Kind.RAADMAND], _next_weekday(today, 0, w), f"raadmand-{w}", time="13.00-15.00")
        for w in (1, 2, 3)
    ]
    _meeting(bodies[Body.Kind.UDVALG], _next_weekday(today, 2, 3), "udvalg-1", time="16.30-19.00")
    _meeting(bodies[Body.Kind.MAGISTRAT], _next_weekday(today, 0, 5), "magistrat-1")
    _meeting(bodies[Body.Kind.BYRAAD], _next_weekday(today, 2, 6), "byraad-1", time="16.00")
    return past, upcoming


def _past_items(meeting, act, ips, today):
    if meeting.items.exists():
        return
    open_item = AgendaItem.objects.create(
        meeting=meeting,
        number=1,
        position=1,
        title="Status på ACT-teamet (spor 3.3)",
        category=AgendaItem.Category.ORIENTATION,
        body="Orientering om de første måneders drift af ACT-teamet og udviklingen i antallet af borgere i forløb.",
        decision="Taget til efterretning. Center for Forsorg følger op med status hver tredje uge.",
    )
    if act:
        open_item.initiatives.add(act)
    for fu in services.follow_ups_from_agenda_item(open_item, today=today - datetime.timedelta(days=42)):
        fu.owner_unit = _unit("center-for-forsorg")
        fu.save()
    closed = AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        position=2,
        title="Personalesag i Center for Forsorg",
        category=AgendaItem.Category.DISCUSSION,
        confidential=True,
        body="Lukket punkt.",
        decision="Drøftet.",
    )
    ips_item = AgendaItem.objects.create(
        meeting=meeting,
        number=3,
        position=3,
        title="IPS i Jobcenteret – udvidelse af målgruppen",
        category=AgendaItem.Category.APPROVAL,
        body="Forslag om at udvide IPS til borgere med angst og depression.",
        decision="Godkendt. Job og Integration følger op senest "
        + (today - datetime.timedelta(days=5)).strftime("%d-%m-%Y")
        + ".",
    )
    if ips:
        ips_item.initiatives.add(ips)
    for fu in services.follow_ups_from_agenda_item(ips_item, today=today):
        fu.owner_unit = _unit("job-og-integration")
        fu.save()
    return closed


def _proposals(bodies, past, upcoming, act, ips, today):
    if Proposal.objects.filter(case_number__startswith="DEMO-").exists():
        return
    ls = _unit("ledelsessekretariatet")
    decided = Proposal.objects.create(
        kind=Proposal.Kind.BYRAAD,
        to="Rådmanden",
        sender="Job, Udsatte og Socialpsykiatri",
        date=today - datetime.timedelta(days=60),
        title="Videreførelse af ACT-teamet",
        resume="ACT-teamet foreslås videreført på baggrund af de første resultater.",
        why="Bevillingen udløber, og effekten skal sikres.",
        value="Færre indlæggelser og flere borgere i stabil bolig.",
        what_who_how="Center for Forsorg driver teamet i samarbejde med psykiatrien.",
        resources="2,5 mio. kr. årligt.",
        follow_up="Center for Forsorg giver status til rådmanden hver tredje uge.",
        case_number="DEMO-2026-001",
        case_officer="Jacob Brøgger",
        owner_unit=_unit("center-for-forsorg"),
    )
    if act:
        decided.initiatives.add(act)
    services.set_decision_points(
        decided,
        "At 1) Rådmanden godkender, at ACT-teamet videreføres. "
        "At 2) Rådmanden tager orienteringen om de første resultater til efterretning.",
    )
    services.put_on_agenda(decided, past)
    services.record_decision(
        decided, "1) Godkendt. 2) Taget til efterretning.", today=today - datetime.timedelta(days=60)
    )
    # The demo shows one status report overdue and the next one still ahead.
    FollowUp.objects.filter(proposal=decided, decision_point__isnull=True).update(
        due_date=today - datetime.timedelta(days=18)
    )
    FollowUp.objects.filter(proposal=decided, decision_point__isnull=False).update(
        due_date=today + datetime.timedelta(days=10), status=FollowUp.Status.IN_PROGRESS
    )

    on_way = Proposal.objects.create(
        kind=Proposal.Kind.RAADMAND,
        to="Rådmanden",
        sender="Beskæftigelse",
        date=today,
        title="IPS – status og næste skridt",
        resume="Status på IPS-forløbene i Jobcenteret (spor 4.2) og forslag til næste skridt.",
        follow_up="Job og Integration følger op hver måned.",
        case_number="DEMO-2026-002",
        case_officer="Mette Medarbejder",
        owner_unit=_unit("job-og-integration"),
        planned_meeting=upcoming[0],
    )
    if ips:
        on_way.initiatives.add(ips)
    services.set_decision_points(on_way, "At 1) Rådmanden tager status til efterretning.")
    services.create_link_suggestions(on_way)

    late = Proposal.objects.create(
        kind=Proposal.Kind.RAADMAND,
        to="Rådmanden",
        sender="Organisation og Ledelse",
        date=today,
        title="Retningslinjer for åbne og lukkede indstillinger",
        resume="Udgangspunktet er, at alle indstillinger er åbne.",
        case_number="DEMO-2026-003",
        case_officer="Jacob Brøgger",
        owner_unit=ls,
        planned_meeting=upcoming[0],
    )
    # Delivered the day after the deadline: moves to the following meeting by itself.
    services.deliver_proposal(late, services.deadline_for(upcoming[0]) + datetime.timedelta(days=1))

    flagged = Proposal.objects.create(
        kind=Proposal.Kind.RAADMAND,
        to="Rådmanden",
        sender="Center for Boområdet",
        date=today,
        title="Klage over botilbud",
        resume="Sagen vedrører borger Anna Hansen (fiktiv) og hendes ophold.",
        case_number="DEMO-2026-004",
        case_officer="Sagsbehandler i Center for Boområdet",
        owner_unit=_unit("center-for-boomraadet"),
        planned_meeting=upcoming[1],
    )
    services.check_personal_data(flagged)
    flagged.save()

    FollowUp.objects.get_or_create(
        title="Evaluering af IPS-udvidelsen forelægges Socialudvalget",
        defaults={
            "owner_unit": _unit("job-og-integration"),
            "due_date": today - datetime.timedelta(days=3),
            "proposal": on_way,
        },
    )[0].initiatives.set([ips] if ips else [])


def _hearing(stdout):
    plan = Plan.objects.order_by("id").first()
    if plan is None:
        stdout.write("governance: ingen plan; demo-høringen springes over.")
        return
    hearing, created = Hearing.objects.get_or_create(
        title="Høring om Den Sociale Bæredygtighedsplan",
        defaults={
            "plan": plan,
            "description": "Høring blandt centrene i MSB om planens temaer og initiativer.",
            "owner_unit": _unit("ledelsessekretariatet"),
            "start_date": datetime.date(2021, 2, 1),
            "deadline": datetime.date(2021, 2, 26),
            "ready": True,
        },
    )
    if not created:
        return
    for code in ["center-for-forebyggelse-og-rehabilitering", "center-for-forsorg", "job-og-integration"]:
        unit = _unit(code)
        if unit:
            HearingInvitation.objects.get_or_create(hearing=hearing, unit=unit)
    services.tick()


def load(options, stdout) -> None:
    today = timezone.localdate()
    with acting_as(None, "demo"):
        bodies = _bodies()
        past, upcoming = _meetings(bodies, today)
        act, ips = _find("act", "ACT"), _find("ips", "IPS")
        _past_items(past, act, ips, today)
        _proposals(bodies, past, upcoming, act, ips, today)
        _hearing(stdout)
    overdue = FollowUp.objects.filter(services.overdue_q(today)).count()
    stdout.write(
        f"Fora: {Body.objects.count()}, møder: {Meeting.objects.count()}, indstillinger: {Proposal.objects.count()}, "
        f"opfølgninger: {FollowUp.objects.count()} ({overdue} overskredne), høringer: {Hearing.objects.count()}"
    )
