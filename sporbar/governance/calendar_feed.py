"""A user's calendar feed (iCalendar): meetings, hearing deadlines and the user's open follow-ups.

Calendar programs cannot log in, so the feed has a secret address per user (``CalendarFeed``), which the
user can renew. The feed holds what the user may see, titles and dates only: no citizen, and a follow-up
on a closed agenda item or a proposal that may hold personal data shows as "Opfølgning (lukket punkt)".
"""

import datetime
import re
import secrets
import zoneinfo

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from sporbar.accounts import permissions

from . import access
from .models import CalendarFeed, FollowUp, Hearing, Meeting

MEETINGS_BACK = datetime.timedelta(days=365)
_TIMES = re.compile(r"(\d{1,2})[:.](\d{2})(?:\s*-\s*(\d{1,2})[:.](\d{2}))?")


def feed_for(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed


def renew(user) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed = feed_for(user)
    feed.token = secrets.token_urlsafe(32)
    feed.save()
    return feed


def user_for_token(token: str):
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or permissions.role_of(feed.user) is None:
        return None
    return feed.user


def _meeting_times(meeting: Meeting):
    """(start, end) as aware datetimes from "11:00 - 13:00", or (date, next day) for an all-day event."""
    m = _TIMES.search(meeting.time or "")
    if not m:
        return meeting.date, meeting.date + datetime.timedelta(days=1)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(meeting.date, datetime.time(int(m.group(1)), int(m.group(2))), zone)
    end = (
        datetime.datetime.combine(meeting.date, datetime.time(int(m.group(3)), int(m.group(4))), zone)
        if m.group(3)
        else start + datetime.timedelta(hours=1)
    )
    # In UTC: every calendar program shows it in its own time zone, and the feed needs no time-zone table.
    return start.astimezone(datetime.UTC), max(end, start).astimezone(datetime.UTC)


def _event(uid: str, summary: str, start, end, link: str, location: str = "") -> Event:
    event = Event()
    event.add("uid", f"{uid}@sporbar")
    event.add("dtstamp", timezone.now())
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("url", settings.SITE_URL + link)
    if location:
        event.add("location", location)
    return event


def _follow_up_summary(follow_up: FollowUp) -> str:
    item, proposal = follow_up.agenda_item, follow_up.proposal
    closed = (item is not None and (item.confidential or item.meeting.closed)) or (
        proposal is not None and proposal.flagged_personal_data and not proposal.personal_data_cleared
    )
    return "Opfølgning (lukket punkt)" if closed else f"Opfølgning: {follow_up.title[:120]}"


def calendar_for(user, today: datetime.date | None = None) -> bytes:
    today = today or timezone.localdate()
    calendar = Calendar()
    calendar.add("prodid", "-//Sporbar//Sporbar//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Sporbar")
    meetings = Meeting.objects.filter(date__gte=today - MEETINGS_BACK).select_related("body").order_by("date", "id")
    for meeting in meetings:
        start, end = _meeting_times(meeting)
        summary = f"{meeting.body.name}{': ' + meeting.title if meeting.title else ''}"
        link = reverse("governance:meeting-detail", args=[meeting.pk])
        calendar.add_component(_event(f"moede-{meeting.pk}", summary, start, end, link, meeting.place))
    hearings = access.visible_hearings(user, Hearing.objects.exclude(state=Hearing.State.CONCLUDED))
    for hearing in hearings.filter(deadline__gte=today - MEETINGS_BACK):
        link = reverse("governance:hearing-detail", args=[hearing.pk])
        end = hearing.deadline + datetime.timedelta(days=1)
        summary = f"Høringsfrist: {hearing.title}"
        calendar.add_component(_event(f"hoering-{hearing.pk}", summary, hearing.deadline, end, link))
    mine = Q(owner_user=user) | Q(owner_unit__in=permissions.unit_ids(user))
    follow_ups = access.visible_follow_ups(user, FollowUp.objects.filter(mine, due_date__isnull=False))
    follow_ups = follow_ups.exclude(status=FollowUp.Status.DONE).select_related("agenda_item__meeting", "proposal")
    for follow_up in follow_ups:
        link = reverse("governance:follow-up-list") + "?ansvarlig=mine"
        end = follow_up.due_date + datetime.timedelta(days=1)
        summary = _follow_up_summary(follow_up)
        calendar.add_component(_event(f"opfoelgning-{follow_up.pk}", summary, follow_up.due_date, end, link))
    return calendar.to_ical()
