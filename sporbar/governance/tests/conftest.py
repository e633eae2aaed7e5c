"""Fixtures of governance: a small plan, the bodies and a few meetings over the `org` fixture."""

import datetime
from decimal import Decimal

import pytest

from sporbar.governance.models import AgendaItem, Body, Hearing, HearingInvitation, Meeting
from sporbar.plans.models import Initiative, Plan, Theme, Track


class Data:
    pass


@pytest.fixture
def gov(org):
    d = Data()
    d.plan = Plan.objects.create(code="plan", name="Planen")
    d.theme1 = Theme.objects.create(plan=d.plan, number=1, name="Bedre hverdag for borgere med psykisk sygdom")
    d.theme3 = Theme.objects.create(plan=d.plan, number=3, name="Flere hjemløse i egen bolig")
    track33 = Track.objects.create(theme=d.theme3, number="3.3", name="Bostøtte")
    track11 = Track.objects.create(theme=d.theme1, number="1.1", name="Job")
    d.act = Initiative.objects.create(
        track=track33, key="act", title="ACT-team", amount=Decimal("2500000"), owner_unit=org.centre_a
    )
    d.ips = Initiative.objects.create(
        track=track11, key="ips", title="IPS", amount=Decimal("1700000"), owner_unit=org.centre_b
    )
    # The rådmand's body is owned by centre_a: its members may see its closed items.
    d.raadmand = Body.objects.create(name="Rådmandsmøde MSB", kind=Body.Kind.RAADMAND, owner_unit=org.centre_a)
    d.udvalg = Body.objects.create(name="Socialudvalget", kind=Body.Kind.UDVALG)
    d.magistrat = Body.objects.create(name="Magistraten", kind=Body.Kind.MAGISTRAT)
    d.byraad = Body.objects.create(name="Byrådet", kind=Body.Kind.BYRAAD)
    # Mondays 2026-11-30 and 2026-12-07; deadlines Thursday 26-11 and 03-12 at 12:00.
    d.m1 = Meeting.objects.create(body=d.raadmand, date=datetime.date(2026, 11, 30), is_published=True)
    d.m2 = Meeting.objects.create(body=d.raadmand, date=datetime.date(2026, 12, 7))
    d.open_item = AgendaItem.objects.create(
        meeting=d.m1, number=1, position=1, title="Åbent punkt om ACT", decision="Godkendt."
    )
    d.closed_item = AgendaItem.objects.create(
        meeting=d.m1, number=2, position=2, title="Hemmelig personalesag", confidential=True, decision="Drøftet."
    )
    return d


@pytest.fixture
def hearing(gov, org):
    """An open hearing (10-11 to 30-11-2026) owned by the department, with centre_a invited and centre_b not."""
    h = Hearing.objects.create(
        title="Høring om planen",
        plan=gov.plan,
        owner_unit=org.dept,
        created_by=org.analyst,
        start_date=datetime.date(2026, 11, 10),
        deadline=datetime.date(2026, 11, 30),
        ready=True,
        state=Hearing.State.OPEN,
    )
    HearingInvitation.objects.create(hearing=h, unit=org.centre_a)
    return h
