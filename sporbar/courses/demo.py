"""Synthetic citizens for the demo, clearly labelled, over the real plan's initiatives.

Seeded (options["seed"]) so runs are reproducible; skipped when synthetic citizens exist.
"""

import datetime
import random
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Value
from django.db.models.functions import Coalesce

from sporbar.accounts.models import Unit, User
from sporbar.plans import services as plan_services
from sporbar.plans.models import Initiative

from .models import (
    Assessment,
    Citizen,
    Course,
    Dimension,
    EmploymentStatus,
    Goal,
    SelfReport,
    SelfReportRating,
)

FIRST_START = datetime.date(2021, 1, 1)
END = datetime.date(2026, 11, 1)
GOAL_TEXTS = {
    Dimension.PERSONAL: [
        "Jeg vil kunne klare min egen økonomi",
        "Jeg vil sove bedre og have faste rutiner",
        "Jeg vil tage min medicin selv",
        "Jeg vil have styr på mit misbrug",
    ],
    Dimension.NETWORK: [
        "Jeg vil se min datter hver uge",
        "Jeg vil være med i et fællesskab",
        "Jeg vil have en ven at ringe til",
        "Jeg vil klare kontakten til kommunen selv",
    ],
    Dimension.LEARNING: [
        "Jeg vil have et job nogle timer om ugen",
        "Jeg vil i gang med en uddannelse",
        "Jeg vil kunne tage bussen alene",
        "Jeg vil komme i praktik",
    ],
}
COMMENTS = [
    "At der var en, der ringede, når jeg ikke kom.",
    "At jeg selv fik lov at bestemme tempoet.",
    "Min kontaktperson tog med til mødet på jobcentret.",
    "Fællesspisningen om torsdagen.",
    "",
    "",
]


def _find(key=None, title=None, track=None):
    """The plan's initiative by key, then by key suffix, title or track number (the plan may differ)."""
    initiatives = Initiative.objects.order_by("id")
    for query in (
        Q(key=key) if key else None,
        Q(key__endswith=f"-{key}") | Q(key__startswith=f"{key}-") if key else None,
        Q(title__icontains=title) if title else None,
        Q(track__number=track) if track else None,
    ):
        if query is not None and (found := initiatives.filter(query).first()):
            return found
    return None


def _units(*codes):
    return [u for u in Unit.objects.filter(code__in=codes)]


# The counts above are the plan's target groups, about one year's intake each; the demo's courses run
# over five years (2021-2026), so by default it holds about five intakes: enough courses that the
# management's figures are not all hidden by the small-number rule, as they would not be in Aarhus.
DEFAULT_CITIZENS = 600


def load(options, stdout):
    if Citizen.objects.filter(is_synthetic=True).exists():
        stdout.write("Syntetiske borgere findes allerede – springer over.")
        return
    rng = random.Random(options.get("seed") or 2026)
    act = _find("act", "ACT")
    ips = _find("ips", "IPS")
    peer = _find("peer", "peer")
    housing = _find("3.2", track="3.2")
    if not any([act, ips, peer, housing]):
        stdout.write("Planen er ikke indlæst – ingen syntetiske borgere.")
        return
    forsorg = _units("center-for-forsorg")
    jobs = _units("job-og-integration")
    homes = _units("sletten", "tilst-soendervej", "havkaerhus")
    plan = []  # (initiative, units, count)
    for initiative, units, count in (
        (act, forsorg, 12),
        (ips, jobs, 50),
        (housing, homes, 27),
        (peer, [peer.owner_unit] if peer else [], 15),
    ):
        if initiative and units and initiative.id not in {i.id for i, _u, _n in plan}:
            plan.append((initiative, units, count))
    used = {i.id for i, _u, _n in plan}
    adults = Initiative.objects.exclude(id__in=used).exclude(target_category__in=["boern", "unge"])
    for other in adults.order_by("id")[:4]:
        plan.append((other, [other.owner_unit], 6))
    base_total = sum(n for _i, _u, n in plan)
    scale = max(1.0, (options.get("citizens") or DEFAULT_CITIZENS) / base_total)
    citizens, courses_spec = [], []
    number = 0
    for initiative, units, count in plan:
        for i in range(round(count * scale)):
            number += 1
            unit = units[i % len(units)]
            citizens.append(
                Citizen(
                    pseudonym=f"Syntetisk borger {number:04d}",
                    initials="".join(rng.choice("ABDEFHJKLMNPRST") for _ in range(2)),
                    birth_year=rng.randint(1960, 2004),
                    unit=unit,
                    is_synthetic=True,
                )
            )
            courses_spec.append((initiative, unit))
    # ACT and IPS work better than the rest, so their investment cases have an effect over a comparison.
    better = {i.id for i in (act, ips) if i}
    citizens = Citizen.objects.bulk_create(citizens)
    courses = []
    for citizen, (initiative, unit) in zip(citizens, courses_spec, strict=True):
        start = FIRST_START + datetime.timedelta(days=rng.randint(0, (END - FIRST_START).days - 60))
        course = Course(citizen=citizen, initiative=initiative, unit=unit, start_date=start)
        fate = rng.random()
        if fate < 0.15:
            course.end_date = min(END, start + datetime.timedelta(days=rng.randint(60, 400)))
            course.end_reason = Course.EndReason.DROPPED_OUT
        elif fate < 0.35 and (END - start).days > 500:
            course.end_date = start + datetime.timedelta(days=rng.randint(400, (END - start).days))
            course.end_reason = rng.choice([Course.EndReason.GOAL_REACHED, Course.EndReason.MOVED_ON])
        courses.append(course)
    courses = Course.objects.bulk_create(courses)
    goals = []
    # Its own stream, so the rest of the synthetic data stays as it was before goals had the flag.
    own_words = random.Random(f"own-words-{options.get('seed') or 2026}")
    for course in courses:
        for dimension in rng.sample(list(Dimension), rng.randint(1, 3)):
            goal_type = rng.choices(list(Goal.GoalType), weights=[6, 3, 1])[0]
            text = rng.choice(GOAL_TEXTS[dimension])
            in_words = own_words.random() < 0.85
            goals.append(
                Goal(course=course, dimension=dimension, goal_type=goal_type, text=text, in_citizens_words=in_words)
            )
    goals = Goal.objects.bulk_create(goals)
    by_course = {}
    for goal in goals:
        by_course.setdefault(goal.course_id, []).append(goal)
    assessments, statuses, ratings_spec = [], [], []
    for course in courses:
        last = course.end_date or END
        weights = [1, 2, 8] if course.initiative_id in better else [2, 3, 6]
        trend = rng.choices([-1, 0, 1], weights=weights)[0]  # most improve, some get worse
        levels = {g.id: rng.randint(2, 4) for g in by_course[course.id]}
        hours, occupation = Decimal(0), 0
        date = course.start_date
        step = 0
        while date <= last:
            for goal in by_course[course.id]:
                if step and rng.random() < 0.5:
                    levels[goal.id] = min(4, max(0, levels[goal.id] - trend))
                level = levels[goal.id]
                status = "opfyldt" if level <= 1 else "delvist" if level == 2 else "ikke"
                assessments.append(Assessment(course=course, goal=goal, date=date, level=level, status=status))
            if course.initiative.is_employment:
                if step and trend > 0 and rng.random() < 0.5:
                    hours = min(Decimal(37), hours + rng.choice([Decimal(4), Decimal(6), Decimal(10)]))
                    occupation = 3 if hours >= 15 else 2 if hours >= 6 else 1
                statuses.append(EmploymentStatus(course=course, date=date, hours_per_week=hours, occupation=occupation))
            if step and rng.random() < 0.5:
                ratings = {
                    g.id: min(10, max(0, 10 - 2 * levels[g.id] + rng.randint(-1, 2))) for g in by_course[course.id]
                }
                ratings_spec.append((course, date, ratings))
            step += 1
            date += datetime.timedelta(days=rng.randint(90, 180))
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    EmploymentStatus.objects.bulk_create(statuses, batch_size=2000)
    reports = SelfReport.objects.bulk_create(
        [SelfReport(course=c, date=d, comment=rng.choice(COMMENTS)) for c, d, _r in ratings_spec], batch_size=2000
    )
    SelfReportRating.objects.bulk_create(
        [
            SelfReportRating(self_report=report, course=course, goal_id=gid, date=date, rating=rating)
            for report, (course, date, ratings) in zip(reports, ratings_spec, strict=True)
            for gid, rating in ratings.items()
        ],
        batch_size=2000,
    )
    stdout.write(
        f"Syntetiske borgere: {len(citizens)} borgere, {len(courses)} forløb, {len(goals)} mål, "
        f"{len(assessments)} vurderinger, {len(reports)} selvrapporteringer."
    )
    updates, spendings = follow_the_courses(rng)
    stdout.write(f"Planen følger forløbene: {updates} statusopdateringer, {spendings} forbrugsposter.")


def follow_the_courses(rng) -> tuple[int, int]:
    """Statuses and spending that agree with the demo's courses, up to END.

    An initiative is "i gang" from its first course and spends in every year a course runs; after its
    period it is "videreført" while courses run, "afsluttet" when the last has ended. One without
    courses whose period is over ran and ended within it; one without courses or period is "planlagt".
    Only what is missing is added (the plan's own live data for ACT and IPS stays), by the analyst.
    """
    analyst = User.objects.filter(username="analytiker").first()
    if analyst is None:
        return 0, 0
    courses = {
        row["initiative_id"]: row
        for row in Course.objects.order_by()
        .values("initiative_id")
        .annotate(
            first=Min("start_date"),
            last=Max(Coalesce("end_date", Value(END))),
            active=Count("id", filter=Q(end_date=None)),
        )
    }
    updates = spendings = 0
    for initiative in Initiative.objects.order_by("id").prefetch_related("budget_lines"):
        budget = {line.year: line.amount for line in initiative.budget_lines.all()}
        run = courses.get(initiative.id)
        if run:
            years = range(run["first"].year, END.year + 1 if run["active"] else run["last"].year + 1)
            statuses = _statuses_with_courses(initiative, run)
        elif initiative.period_end and initiative.period_end < END.year and budget:
            years = range(initiative.period_start or initiative.period_end, initiative.period_end + 1)
            statuses = [
                (datetime.date(years[0], 1, 15), Initiative.Status.RUNNING, "Indsatsen er gået i gang."),
                (datetime.date(years[-1], 12, 31), Initiative.Status.ENDED, "Indsatsen er gennemført i perioden."),
            ]
        else:
            continue
        if not initiative.status_updates.exists():
            for date, status, narrative in statuses:
                plan_services.record_status_update(initiative, analyst, date, status, "groen", narrative)
                updates += 1
        spent_years = set(initiative.spendings.values_list("date__year", flat=True))
        for year in years:
            if year in budget and year not in spent_years:
                share = Decimal(rng.randint(80, 100)) / 100
                amount = (budget[year] * share / 1000).quantize(Decimal(1)) * 1000  # whole thousands
                after = initiative.period_end is not None and year > initiative.period_end
                note = f"Drift {year}, efter investeringsperioden" if after else f"Løn og drift {year}"
                date = min(datetime.date(year, 12, 31), END)
                plan_services.record_spending(initiative, analyst, date, amount, note)
                spendings += 1
    return updates, spendings


def _statuses_with_courses(initiative, run) -> list:
    statuses = [(run["first"], Initiative.Status.RUNNING, "De første borgere er startet i forløb.")]
    if not run["active"]:
        statuses.append((run["last"], Initiative.Status.ENDED, "Det sidste forløb er afsluttet."))
    elif initiative.period_end and initiative.period_end < END.year:
        statuses.append(
            (
                datetime.date(initiative.period_end + 1, 1, 31),
                Initiative.Status.CONTINUED,
                "Investeringsperioden er slut, og indsatsen er videreført i drift.",
            )
        )
    return statuses
