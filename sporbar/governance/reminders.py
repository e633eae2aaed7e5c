"""Reminders by e-mail, sent by `sporbar tick`: follow-ups due within 7 days or overdue, and invitations to
open hearings. Each reminder goes at most once (``ReminderSent``); one e-mail per person per run holds all
of that person's new reminders. A reminder names the task, its due date and a link, never a citizen.

Who is reminded:
- a follow-up: its owner (user); else the initiative leads of its owning unit; else the secretariat
  (analysts) — always only people who may see the follow-up;
- a hearing invitation: the leads of the invited unit; else its other members who may answer.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sporbar.accounts.models import User

from . import access
from .models import FollowUp, Hearing, HearingInvitation, ReminderSent

DUE_SOON_DAYS = 7
Role = User.Role


def _reachable(users) -> list[User]:
    return [u for u in users if u.is_active and u.email]


def follow_up_recipients(follow_up: FollowUp) -> list[User]:
    if follow_up.owner_user_id and follow_up.owner_user.is_active and follow_up.owner_user.email:
        candidates = [follow_up.owner_user]
    else:
        candidates = []
        if follow_up.owner_unit_id:
            candidates = _reachable(follow_up.owner_unit.members.filter(role=Role.LEAD))
        candidates = candidates or _reachable(User.objects.filter(role=Role.ANALYST))
    visible = FollowUp.objects.filter(pk=follow_up.pk)
    return [u for u in candidates if access.visible_follow_ups(u, visible).exists()]


def invitation_recipients(invitation: HearingInvitation) -> list[User]:
    members = invitation.unit.members.exclude(role=Role.LEADERSHIP)
    leads = _reachable(members.filter(role=Role.LEAD))
    return leads or _reachable(members)


def _follow_up_reminders(today: datetime.date):
    due = (
        FollowUp.objects.exclude(status=FollowUp.Status.DONE)
        .filter(due_date__isnull=False, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .select_related("owner_user", "owner_unit")
        .order_by("due_date", "id")
    )
    for follow_up in due:
        kind = ReminderSent.Kind.OVERDUE if follow_up.due_date < today else ReminderSent.Kind.DUE_SOON
        for user in follow_up_recipients(follow_up):
            yield user, {"kind": kind, "follow_up": follow_up, "due_date": follow_up.due_date}


def _hearing_reminders(today: datetime.date):
    invitations = HearingInvitation.objects.filter(
        hearing__state=Hearing.State.OPEN, hearing__start_date__lte=today, hearing__deadline__gte=today
    ).select_related("hearing", "unit")
    for invitation in invitations:
        for user in invitation_recipients(invitation):
            yield user, {"kind": ReminderSent.Kind.HEARING, "invitation": invitation}


def _line(reminder: dict) -> str:
    site = settings.SITE_URL
    if reminder["kind"] == ReminderSent.Kind.HEARING:
        hearing = reminder["invitation"].hearing
        link = site + reverse("governance:hearing-detail", args=[hearing.pk])
        return _("Høring: %(title)s – svarfrist %(deadline)s. %(link)s") % {
            "title": hearing.title,
            "deadline": hearing.deadline.strftime("%d-%m-%Y"),
            "link": link,
        }
    follow_up = reminder["follow_up"]
    state = _("overskredet") if reminder["kind"] == ReminderSent.Kind.OVERDUE else _("frist")
    link = site + reverse("governance:follow-up-list") + "?ansvarlig=mine"
    return f"{follow_up.title[:200]} – {state} {follow_up.due_date:%d-%m-%Y}. {link}"


def _send(user: User, reminders: list[dict], connection) -> int:
    """Record the user's reminders and send one e-mail; if sending fails nothing is recorded (next run retries).
    A reminder already recorded (sent before, or by a run at the same time) is left out."""
    try:
        with transaction.atomic():
            new = []
            for reminder in reminders:
                try:
                    with transaction.atomic():
                        ReminderSent.objects.create(recipient=user, **reminder)
                    new.append(reminder)
                except IntegrityError:
                    continue
            if not new:
                return 0
            body = _("Hej %(name)s\n\nSporbar minder dig om:\n\n") % {"name": user.get_full_name() or user.username}
            body += "\n".join(f"- {_line(r)}" for r in new)
            body += "\n\n" + _("Du får hver påmindelse én gang.")
            subject = _("Sporbar: %(n)s påmindelse(r)") % {"n": len(new)}
            EmailMessage(subject, body, to=[user.email], connection=connection).send()
    except OSError:  # SMTP and socket errors: nothing recorded, the next run tries again
        return 0
    return len(new)


def send_reminders(today: datetime.date | None = None) -> dict:
    """Send every reminder not sent before. Returns {"emails", "reminders"} counts of what went out."""
    today = today or timezone.localdate()
    pending: dict[User, list[dict]] = defaultdict(list)
    for user, reminder in [*_follow_up_reminders(today), *_hearing_reminders(today)]:
        if not _already_sent(user, reminder):
            pending[user].append(reminder)
    sent = {"emails": 0, "reminders": 0}
    with get_connection() as connection:
        for user, reminders in pending.items():
            count = _send(user, reminders, connection)
            sent["emails"] += bool(count)
            sent["reminders"] += count
    return sent


def _already_sent(user: User, reminder: dict) -> bool:
    return ReminderSent.objects.filter(recipient=user, **reminder).exists()
