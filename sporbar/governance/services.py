"""Business rules of governance: deadlines, routes, personal-data flag, decisions, follow-ups, links, hearings."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sporbar.accounts.models import Unit
from sporbar.cpr import find_cprs
from sporbar.plans.models import Initiative

from . import access, decisions
from .models import (
    AgendaItem,
    Body,
    DecisionPoint,
    FollowUp,
    GovernanceLog,
    Hearing,
    HearingResponse,
    LinkSuggestion,
    Meeting,
    Proposal,
    ResponsePassage,
)

# ---------------------------------------------------------------- deadlines and the route


def deadline_for(meeting: Meeting) -> datetime.datetime | None:
    """The body's weekday and time strictly before the meeting day (default Thursday 12:00)."""
    if meeting.date is None:
        return None
    body = meeting.body
    day = meeting.date - datetime.timedelta(days=1)
    while day.weekday() != body.deadline_weekday:
        day -= datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, body.deadline_time))


def next_meeting_open_for(body: Body, delivered_at: datetime.datetime, after: datetime.date | None = None):
    """The first meeting of the body whose deadline has not passed at `delivered_at`."""
    meetings = Meeting.objects.filter(body=body, date__isnull=False).order_by("date", "id")
    if after:
        meetings = meetings.filter(date__gt=after)
    for meeting in meetings:
        if deadline_for(meeting) >= delivered_at:
            return meeting
    return None


def log(message: str, proposal=None, hearing=None) -> None:
    GovernanceLog.objects.create(message=message[:500], proposal=proposal, hearing=hearing)


@transaction.atomic
def deliver_proposal(proposal: Proposal, delivered_at: datetime.datetime | None = None) -> Meeting | None:
    """Record delivery; a proposal delivered after its meeting's deadline moves to the body's next meeting."""
    proposal.delivered_at = delivered_at or timezone.now()
    meeting = proposal.planned_meeting
    if meeting is not None and meeting.date is not None and proposal.delivered_at > deadline_for(meeting):
        later = next_meeting_open_for(meeting.body, proposal.delivered_at, after=meeting.date)
        if later is not None:
            log(
                _("Afleveret efter fristen %(deadline)s: flyttet fra mødet %(old)s til mødet %(new)s.")
                % {
                    "deadline": timezone.localtime(deadline_for(meeting)).strftime("%d-%m-%Y %H:%M"),
                    "old": meeting.date.strftime("%d-%m-%Y"),
                    "new": later.date.strftime("%d-%m-%Y"),
                },
                proposal=proposal,
            )
        else:
            log(
                _("Afleveret efter fristen, og der er intet senere møde i %(body)s.") % {"body": meeting.body}, proposal
            )
        proposal.planned_meeting = later
    check_personal_data(proposal)
    proposal.save()
    return proposal.planned_meeting


ROUTE = [Body.Kind.RAADMAND, Body.Kind.UDVALG, Body.Kind.MAGISTRAT, Body.Kind.BYRAAD]


def route(proposal: Proposal) -> list[dict]:
    """The steps of the proposal's route with the first possible meeting of each (rådmand → … → byråd)."""
    kinds = ROUTE if proposal.kind == Proposal.Kind.BYRAAD else ROUTE[:1]
    steps, after = [], None
    for kind in kinds:
        meeting = None
        if proposal.planned_meeting_id and proposal.planned_meeting.body.kind == kind:
            meeting = proposal.planned_meeting
        else:
            candidates = Meeting.objects.filter(body__kind=kind, date__isnull=False).order_by("date", "id")
            if after:
                candidates = candidates.filter(date__gt=after)
            meeting = candidates.first()
        steps.append({"kind": kind, "label": Body.Kind(kind).label, "meeting": meeting})
        if meeting and meeting.date:
            after = meeting.date
    return steps


def deadline_rule(meeting: Meeting | None, now: datetime.datetime | None = None) -> dict | None:
    """The deadline rule as it applies to a proposal for `meeting` now: the deadline, whether it has passed,
    and the meeting a proposal delivered now goes to (the body's next meeting whose deadline is still open)."""
    if meeting is None or meeting.date is None:
        return None
    now = now or timezone.now()
    deadline = deadline_for(meeting)
    passed = now > deadline
    goes_to = next_meeting_open_for(meeting.body, now, after=meeting.date) if passed else meeting
    return {"meeting": meeting, "deadline": deadline, "passed": passed, "goes_to": goes_to}


# ---------------------------------------------------------------- the secretariat's agenda


def add_item(meeting: Meeting, **fields) -> AgendaItem:
    """A new item last on the agenda; on a closed meeting it is confidential."""
    last = meeting.items.order_by("-position").values_list("position", flat=True).first() or 0
    fields.setdefault("number", last + 1)
    if meeting.closed:
        fields["confidential"] = True
    return AgendaItem.objects.create(meeting=meeting, position=last + 1, **fields)


@transaction.atomic
def reorder_items(meeting: Meeting, ids: list[int]) -> list[AgendaItem]:
    """Put the agenda in the given order and number the items 1, 2, 3 … as they now stand.

    The ids must be exactly the meeting's items; the minutes of a published meeting are final."""
    if meeting.is_published:
        raise ValidationError(_("Referatet er offentliggjort; dagsordenens rækkefølge kan ikke ændres."))
    items = {item.pk: item for item in meeting.items.select_for_update()}
    if sorted(ids) != sorted(items):
        raise ValidationError(_("Rækkefølgen skal omfatte netop mødets punkter."))
    for position, pk in enumerate(ids, start=1):
        item = items[pk]
        if (item.position, item.number) != (position, position):
            item.position = item.number = position
            item.save()
    return [items[pk] for pk in ids]


def move_item(item: AgendaItem, step: int) -> list[AgendaItem]:
    """One place up (-1) or down (+1): the keyboard's way to reorder the agenda."""
    ids = list(item.meeting.items.order_by("position", "number", "id").values_list("id", flat=True))
    index = ids.index(item.pk)
    other = index + step
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    return reorder_items(item.meeting, ids)


def publish_minutes(meeting: Meeting, publish: bool = True) -> Meeting:
    """Publish (or withdraw) the open part of the minutes on the public meeting page; never a closed meeting."""
    if publish and meeting.closed:
        raise ValidationError(_("Et lukket møde offentliggøres ikke."))
    if publish and meeting.date is None:
        raise ValidationError(_("Mødet har ingen dato og kan ikke offentliggøres."))
    if publish:
        flagged = [
            item.title
            for item in meeting.items.exclude(access.closed_q())
            if personal_data_findings(f"{item.title}\n{item.body}\n{item.decision}")
        ]
        if flagged:
            raise ValidationError(
                _("Referatet kan indeholde personoplysninger i %(items)s. Fjern dem eller gør punktet lukket først.")
                % {"items": ", ".join(f"»{t}«" for t in flagged)}
            )
    meeting.is_published = publish
    meeting.save()
    return meeting


@transaction.atomic
def record_item_decision(item: AgendaItem, text: str, outcomes: dict[int, str] | None = None, today=None) -> None:
    """The decision of an agenda item: its text, each decision point of its proposal (record_decision), and
    the follow-ups it names."""
    proposal = item.proposals.order_by("id").first()
    if proposal is not None:
        record_decision(proposal, text.strip(), today, outcomes)
        return
    item.decision = text.strip()
    item.save()
    follow_ups_from_agenda_item(item, today)


# ---------------------------------------------------------------- personal data

PERSON_WORDS = r"(?i:borger(?:en)?|klient(?:en)?|beboer(?:en)?|barnet|drengen|pigen|patient(?:en)?|hr\.|fru)"
NAME_RE = re.compile(r"\b" + PERSON_WORDS + r"\s+([A-ZÆØÅ][a-zæøåé]+(?:\s+[A-ZÆØÅ][a-zæøåé]+)+)")


def personal_data_findings(text: str) -> list[str]:
    """Name-like phrases ("borger Anna Hansen") and CPR-like numbers (ddmmyy-xxxx) in a text."""
    # CPR-like numbers are shown masked: the warning must not repeat the number.
    findings = [f"{m.group(1)}{m.group(2)}{m.group(3)}-****" for m in find_cprs(text or "")]  # sporbar.cpr
    findings += [m.group(0) for m in NAME_RE.finditer(text or "")]
    return findings


PROPOSAL_TEXT_FIELDS = ["title", "resume", "why", "value", "what_who_how", "resources", "follow_up"]


def proposal_text(proposal: Proposal) -> str:
    parts = [getattr(proposal, f) for f in PROPOSAL_TEXT_FIELDS]
    if proposal.pk:
        parts += list(proposal.decision_points.values_list("text", flat=True))
    return "\n".join(p for p in parts if p)


def check_personal_data(proposal: Proposal) -> list[str]:
    """Set the flag when the case text looks like it holds a person; returns what was found."""
    findings = personal_data_findings(proposal_text(proposal))
    proposal.flagged_personal_data = bool(findings)
    return findings


def put_on_agenda(proposal: Proposal, meeting: Meeting, confidential: bool = False) -> AgendaItem:
    """Create the agenda item for a proposal; refused (and the flag kept) while possible personal data remains."""
    findings = check_personal_data(proposal)
    proposal.save()
    if findings and not proposal.personal_data_cleared:
        raise ValidationError(
            _("Indstillingen kan indeholde personoplysninger (%(found)s). Fjern dem, før den sættes på en dagsorden.")
            % {"found": ", ".join(findings)}
        )
    with transaction.atomic():
        return _create_agenda_item(proposal, meeting, confidential)


def _create_agenda_item(proposal, meeting, confidential):
    position = (meeting.items.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=position,
        position=position,
        title=proposal.title,
        category=AgendaItem.Category.APPROVAL,
        confidential=confidential,
        body=proposal.resume,
    )
    item.initiatives.set(proposal.initiatives.all())
    proposal.agenda_item = item
    proposal.planned_meeting = meeting
    proposal.save()
    return item


# ---------------------------------------------------------------- decision points and outcomes

# The wording of decisions lives in decisions.py; these names stay for callers of services.
parse_numbered = decisions.parse_numbered
parse_outcomes = decisions.parse_outcomes
outcome_of = decisions.outcome_of
parse_cadence = decisions.parse_cadence
parse_due_date = decisions.parse_due_date


@transaction.atomic
def set_decision_points(proposal: Proposal, text: str, remove_others: bool = False) -> list[DecisionPoint]:
    """Create or update the decision points from section 2 ("At 1) …"); with `remove_others`, points no
    longer in the text go, unless a decision has been recorded on them."""
    points = []
    for number, rest in parse_numbered(text):
        point, _created = DecisionPoint.objects.update_or_create(
            proposal=proposal, number=number, defaults={"text": rest}
        )
        points.append(point)
    if remove_others:
        keep = [p.pk for p in points]
        proposal.decision_points.exclude(pk__in=keep).filter(outcome=DecisionPoint.Outcome.PENDING).delete()
    return points


def decision_points_text(proposal: Proposal) -> str:
    """Section 2 as the form shows it: "At 1) …" per line."""
    return "\n".join(f"At {p.number}) {p.text}" for p in proposal.decision_points.all())


@transaction.atomic
def record_decision(
    proposal: Proposal, text: str, today: datetime.date | None = None, outcomes: dict[int, str] | None = None
) -> list[DecisionPoint]:
    """Give each decision point its own outcome (chosen in `outcomes`, else what the text says: "1) Godkendt.
    2) Taget til efterretning."), store the decision on the agenda item, create the follow-ups."""
    points = list(proposal.decision_points.all())
    read = decisions.outcomes_for_points(text, [p.number for p in points])
    for point in points:
        outcome = (outcomes or {}).get(point.number) or read[point.number]
        if outcome and outcome in DecisionPoint.Outcome.values and outcome != point.outcome:
            point.outcome = outcome
            point.save()
    if proposal.agenda_item_id:
        item = proposal.agenda_item
        item.decision = text
        item.save()
    create_follow_ups(proposal, decision_text=text, today=today)
    return points


# ---------------------------------------------------------------- follow-ups


def resolve_owner(name: str) -> tuple[Unit | None, object | None]:
    """The unit or user a follow-up's owner text names exactly ("Job og Virksomhedsservice", "Lotte Henriksen")."""
    from sporbar.accounts.models import User

    name = " ".join((name or "").split())
    if not name:
        return None, None
    unit = Unit.objects.filter(name__iexact=name).first()
    if unit is not None:
        return unit, None
    parts = name.split(" ", 1)
    if len(parts) == 2:
        users = list(User.objects.filter(first_name__iexact=parts[0], last_name__iexact=parts[1], is_active=True)[:2])
        if len(users) == 1:
            return None, users[0]
    return None, None


def save_follow_up(entry: dict, today: datetime.date, initiatives=(), owner_unit=None, **links) -> FollowUp:
    """One follow-up from plain data ({owner, text, due, cadence_days}); the same entry twice is stored once.

    The due date is the stated one, else one cadence from `today`, else none.
    """
    due = entry.get("due")
    if isinstance(due, str):
        due = datetime.date.fromisoformat(due)
    cadence = entry.get("cadence_days")
    if due is None and cadence:
        due = today + datetime.timedelta(days=cadence)
    unit, user = resolve_owner(entry.get("owner", ""))
    unit = unit or (owner_unit if user is None else None)
    follow_up, created = FollowUp.objects.get_or_create(
        title=entry["text"][:500],
        **links,
        defaults={
            "source_text": entry.get("source_text", entry["text"]),
            "cadence_days": cadence,
            "due_date": due,
            "owner_name": entry.get("owner", "")[:200],
            "owner_unit": unit,
            "owner_user": user,
        },
    )
    if created and initiatives:
        follow_up.initiatives.set(initiatives)
    return follow_up


def save_paper_follow_ups(item: AgendaItem, entries: list[dict], proposal: Proposal | None = None, today=None):
    """The follow-ups the minutes name for an item (decisions.follow_ups_named), linked to item, proposal and
    decision point. Idempotent: importing the same minutes again adds nothing."""
    today = today or item.meeting.date or timezone.localdate()
    initiatives = list(item.initiatives.all()) + (list(proposal.initiatives.all()) if proposal else [])
    points = {p.number: p for p in proposal.decision_points.all()} if proposal else {}
    made = []
    for entry in entries:
        made.append(
            save_follow_up(
                entry,
                today,
                initiatives,
                agenda_item=item,
                proposal=proposal,
                decision_point=points.get(entry.get("point")),
            )
        )
    return made


def create_follow_ups(proposal: Proposal, decision_text: str = "", today: datetime.date | None = None) -> list:
    """One follow-up per approved decision point, plus the promises of section 7 and of the decision. Idempotent."""
    today = today or timezone.localdate()
    initiatives = list(proposal.initiatives.all())
    section7_cadence = parse_cadence(proposal.follow_up)
    links = {"proposal": proposal, "agenda_item": proposal.agenda_item, "owner_unit": proposal.owner_unit}
    made = []
    approved = [DecisionPoint.Outcome.APPROVED, DecisionPoint.Outcome.AMENDED]
    for point in proposal.decision_points.filter(outcome__in=approved):
        entry = {"text": f"{proposal.title}: {point.number}) {point.text}", "source_text": point.text,
                 "owner": _owner_of(proposal), "cadence_days": section7_cadence,
                 "due": parse_due_date(point.text, today)}  # fmt: skip
        made.append(save_follow_up(entry, today, initiatives, decision_point=point, **links))
    points = {p.number: p for p in proposal.decision_points.all()}
    for entry in decisions.follow_ups_named(decision_text, proposal.follow_up, _owner_of(proposal), today):
        if entry["source"] == "indstilling":
            entry = {**entry, "text": f"{proposal.title}: {_('opfølgning')} — {entry['text'][:300]}"}
        made.append(save_follow_up(entry, today, initiatives, decision_point=points.get(entry["point"]), **links))
    return made


def _owner_of(proposal: Proposal) -> str:
    return proposal.owner_unit.name if proposal.owner_unit_id else proposal.sender


def follow_ups_from_agenda_item(item: AgendaItem, today: datetime.date | None = None) -> list[FollowUp]:
    """ "X følger op" in an agenda item's decision becomes a follow-up. Idempotent."""
    today = today or timezone.localdate()
    initiatives = list(item.initiatives.all())
    return [
        save_follow_up(entry, today, initiatives, agenda_item=item)
        for entry in decisions.follow_up_promises(item.decision, today)
    ]


def overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(due_date__lt=today) & ~Q(status=FollowUp.Status.DONE)


def is_overdue(follow_up: FollowUp, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return follow_up.status != FollowUp.Status.DONE and follow_up.due_date is not None and follow_up.due_date < today


def set_follow_up_status(follow_up: FollowUp, status: str, today: datetime.date | None = None) -> FollowUp:
    """A status report on a recurring follow-up moves its due date one cadence on."""
    today = today or timezone.localdate()
    if status != FollowUp.Status.DONE and follow_up.cadence_days:
        follow_up.due_date = today + datetime.timedelta(days=follow_up.cadence_days)
    follow_up.status = status
    follow_up.save()
    return follow_up


# ---------------------------------------------------------------- links to the plan

TRACK_RE = re.compile(r"(?:\bspor\s+)?(?<![\d.])(\d{1,2}\.\d{1,2})(?![\d.])", re.IGNORECASE)


def suggest_links(text: str) -> list[tuple[Initiative, str]]:
    """Initiatives whose title or key, or whose track number ("spor 3.3"), appears in the text."""
    text = text or ""
    low = text.lower()
    found: dict[int, tuple[Initiative, str]] = {}
    for initiative in Initiative.objects.select_related("track"):
        title = initiative.title.lower()
        if len(title) >= 4 and title in low:
            found.setdefault(initiative.pk, (initiative, initiative.title))
        elif re.search(rf"\b{re.escape(initiative.key.lower())}\b", low):
            found.setdefault(initiative.pk, (initiative, initiative.key))
    numbers = {m.group(1) for m in TRACK_RE.finditer(text)}
    if numbers:
        for initiative in Initiative.objects.filter(track__number__in=numbers).select_related("track"):
            found.setdefault(initiative.pk, (initiative, f"spor {initiative.track.number}"))
    return list(found.values())


def create_link_suggestions(obj) -> list[LinkSuggestion]:
    """Store suggestions for an agenda item or proposal; already linked initiatives are skipped. Idempotent."""
    if isinstance(obj, AgendaItem):
        text, field = f"{obj.title}\n{obj.body}\n{obj.decision}", "agenda_item"
    else:
        text, field = proposal_text(obj), "proposal"
    linked = set(obj.initiatives.values_list("pk", flat=True))
    made = []
    for initiative, matched in suggest_links(text):
        if initiative.pk in linked:
            continue
        suggestion, _created = LinkSuggestion.objects.get_or_create(
            initiative=initiative, **{field: obj}, defaults={"matched": matched[:200]}
        )
        made.append(suggestion)
    return made


def decide_suggestion(suggestion: LinkSuggestion, confirm: bool) -> None:
    suggestion.state = LinkSuggestion.State.CONFIRMED if confirm else LinkSuggestion.State.REJECTED
    suggestion.save()
    if confirm:
        target = suggestion.agenda_item or suggestion.proposal
        target.initiatives.add(suggestion.initiative)


# ---------------------------------------------------------------- hearings


def hearing_state_on(hearing: Hearing, today: datetime.date) -> str:
    """The state the dates call for: a ready draft opens on its start date, closes after its deadline."""
    State = Hearing.State
    if hearing.state == State.CONCLUDED:
        return State.CONCLUDED
    if hearing.state == State.DRAFT and not hearing.ready:
        return State.DRAFT
    if today < hearing.start_date:
        return State.DRAFT
    if today <= hearing.deadline:
        return State.OPEN
    return State.AWAITING


def tick(today: datetime.date | None = None) -> list[tuple[Hearing, str, str]]:
    """Move every hearing to the state its dates call for; running it twice changes nothing more."""
    today = today or timezone.localdate()
    moved = []
    for hearing in Hearing.objects.exclude(state=Hearing.State.CONCLUDED):
        new = hearing_state_on(hearing, today)
        if new != hearing.state:
            old = hearing.state
            hearing.state = new
            hearing.save()
            log(
                _("Høringen skiftede fra %(old)s til %(new)s.")
                % {"old": Hearing.State(old).label, "new": Hearing.State(new).label},
                hearing=hearing,
            )
            moved.append((hearing, old, new))
    return moved


def is_open_for_answers(hearing: Hearing, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return hearing.state == Hearing.State.OPEN and hearing.start_date <= today <= hearing.deadline


@transaction.atomic
def submit_response(hearing, unit, sender, text="", document=None, user=None, today=None) -> HearingResponse:
    today = today or timezone.localdate()
    if not is_open_for_answers(hearing, today):
        raise ValidationError(_("Høringen er ikke åben for svar (fristen var %(d)s).") % {"d": hearing.deadline})
    if not hearing.invitations.filter(unit=unit).exists():
        raise ValidationError(_("Enheden er ikke inviteret til høringen."))
    if not (text or "").strip() and not document:
        raise ValidationError(_("Skriv et svar eller vedhæft et dokument."))
    path = None
    if document:
        from django.core.files.storage import default_storage

        path = default_storage.save(f"governance/hearings/{hearing.pk}/{document.name}", document)
    return HearingResponse.objects.create(
        hearing=hearing, unit=unit, sender=sender, date=today, text=text, document=path, submitted_by=user
    )


def invited_unit_named(hearing: Hearing, sender: str) -> Unit | None:
    """The invited unit a response's sender names ("Center for Forebyggelse og Rehabilitering – MED-udvalget");
    the longest name wins, so "Center A" never takes a response from "Center A Nord"."""
    low = " ".join((sender or "").lower().split())
    named = [inv.unit for inv in hearing.invitations.select_related("unit") if inv.unit.name.lower() in low]
    return max(named, key=lambda unit: len(unit.name)) if named else None


@transaction.atomic
def save_imported_response(hearing: Hearing, *, unit, sender, date, text, passages, user=None, source_key=None):
    """An imported response replaces the earlier response of the same unit (or, without a unit, the same
    sender) in the hearing, passages and all: one response per unit. Returns (response, replaced)."""
    same = HearingResponse.objects.filter(hearing=hearing)
    same = same.filter(unit=unit) if unit is not None else same.filter(unit=None, sender=sender)
    response = same.order_by("id").first()
    replaced = response is not None
    if replaced:
        same.exclude(pk=response.pk).delete()  # earlier duplicates of the same unit's response
    else:
        response = HearingResponse(hearing=hearing)
    response.unit, response.sender, response.date, response.text = unit, sender[:300], date, text
    response.submitted_by, response.source_key = user, source_key
    response.save()
    response.passages.all().delete()
    for passage in passages:
        ResponsePassage.objects.create(response=response, **passage)
    return response, replaced


@transaction.atomic
def conclude(hearing: Hearing, conclusion: str, today: datetime.date | None = None) -> Hearing:
    if hearing.state != Hearing.State.AWAITING:
        raise ValidationError(_("Kun en høring, der afventer konklusion, kan konkluderes."))
    if not conclusion.strip():
        raise ValidationError(_("Skriv konklusionen."))
    hearing.conclusion = conclusion
    hearing.concluded_at = today or timezone.localdate()
    hearing.state = Hearing.State.CONCLUDED
    hearing.save()
    log(_("Høringen er konkluderet."), hearing=hearing)
    return hearing


def hearing_summary(hearing: Hearing) -> list[dict]:
    """Responses per theme (and initiative): passages grouped with counts per stance."""
    passages = (
        ResponsePassage.objects.filter(response__hearing=hearing)
        .select_related("theme", "initiative", "response")
        .order_by("theme__number", "initiative__title", "id")
    )
    groups: dict = {}
    for passage in passages:
        key = passage.theme_id or (passage.initiative.track.theme_id if passage.initiative_id else None)
        theme = passage.theme or (passage.initiative.track.theme if passage.initiative_id else None)
        group = groups.setdefault(
            key, {"theme": theme, "passages": [], "counts": {s: 0 for s in ResponsePassage.Stance.values}}
        )
        group["passages"].append(passage)
        group["counts"][passage.stance] += 1
    for group in groups.values():
        group["stances"] = [(ResponsePassage.Stance(s).label, n) for s, n in group["counts"].items()]
    return sorted(groups.values(), key=lambda g: (g["theme"] is None, g["theme"].number if g["theme"] else 0))


# ---------------------------------------------------------------- an initiative's governance


def initiative_governance(initiative: Initiative, user) -> dict:
    """The decisions about an initiative, its open follow-ups and the hearing responses on it, as the user may see."""
    items = access.visible_items(user, AgendaItem.objects.filter(initiatives=initiative))
    items = items.select_related("meeting__body").order_by(F("meeting__date").desc(nulls_last=True), "position")
    proposals = access.visible_proposals(user, Proposal.objects.filter(initiatives=initiative))
    points = (
        DecisionPoint.objects.filter(proposal__in=proposals)
        .exclude(outcome="")
        .select_related("proposal")
        .order_by("-proposal__date", "number")
    )
    follow_ups = access.visible_follow_ups(
        user, FollowUp.objects.filter(initiatives=initiative).exclude(status=FollowUp.Status.DONE)
    ).select_related("owner_unit")
    passages = ResponsePassage.objects.filter(
        initiative=initiative, response__hearing__in=access.visible_hearings(user, Hearing.objects.all())
    ).select_related("response__hearing")
    today = timezone.localdate()
    return {
        "initiative": initiative,
        "agenda_items": list(items[:50]),
        "decision_points": list(points[:50]),
        "follow_ups": [(f, is_overdue(f, today)) for f in follow_ups[:50]],
        "passages": list(passages[:50]),
    }
