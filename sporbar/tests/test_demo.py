"""What a new user sees after `make demo`: the real plan, 25,0 mio. kr. across 5 themes."""

from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Sum

from sporbar.accounts.demo import DEMO_USERS
from sporbar.plans.models import Initiative, Plan


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo attaches a document
    out = StringIO()
    call_command("demo", no_serve=True, citizens=None, stdout=out)
    return out.getvalue()


def test_demo_loads_the_real_plan_and_prints_the_logins(demo, client):
    plan = Plan.objects.get()
    assert plan.name == "Den Sociale Bæredygtighedsplan – investeringsinitiativer"
    assert plan.themes.count() == 5
    total = Initiative.objects.filter(track__theme__plan=plan).aggregate(total=Sum("amount"))["total"]
    assert total == Decimal("25000000")
    assert settings.DEMO_PASSWORD in demo
    for username, *_ in DEMO_USERS:
        assert username in demo
        response = client.post("/login/", {"username": username, "password": settings.DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.post("/logout/")


def test_loading_the_demo_twice_changes_nothing(demo):
    from django.apps import apps

    def counts():
        return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label != "sessions"}

    before = counts()
    call_command("demo", no_serve=True, citizens=None, stdout=StringIO())
    after = counts()
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert changed == {}
