"""The demo's synthetic citizens: labelled, reproducible, idempotent."""

from io import StringIO

import pytest

from sporbar.accounts.models import Unit
from sporbar.courses import demo
from sporbar.courses.models import Assessment, Citizen, SelfReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_units(org, cdata):
    forsorg = Unit.objects.create(code="center-for-forsorg", name="Center for Forsorg", kind="center", parent=org.area)
    jobs = Unit.objects.create(code="job-og-integration", name="Job og Integration", kind="center", parent=org.area)
    return forsorg, jobs


def snapshot():
    return list(Citizen.objects.filter(is_synthetic=True).values_list("pseudonym", "birth_year", "courses__start_date"))


def test_demo_is_synthetic_reproducible_and_idempotent(demo_units):
    demo.load({"seed": 7, "citizens": None}, StringIO())
    first = snapshot()
    synthetic = Citizen.objects.filter(is_synthetic=True)
    # About DEFAULT_CITIZENS in all, in the plan's proportions (ACT's target group 12, IPS's 50).
    act = synthetic.filter(courses__initiative__key="act").count()
    ips = synthetic.filter(courses__initiative__key="ips").count()
    assert abs(synthetic.count() - demo.DEFAULT_CITIZENS) <= 2 and act / ips == pytest.approx(12 / 50, abs=0.01)
    assert all(p.startswith("Syntetisk borger ") for p, _b, _s in first)
    assert Assessment.objects.filter(course__citizen__is_synthetic=True).exists()
    assert SelfReport.objects.filter(course__citizen__is_synthetic=True).exists()
    out = StringIO()
    demo.load({"seed": 7, "citizens": None}, out)
    assert "springer over" in out.getvalue() and snapshot() == first
    Citizen.objects.filter(is_synthetic=True).delete()
    demo.load({"seed": 7, "citizens": None}, StringIO())
    assert snapshot() == first


def test_demo_scales_with_citizens_option(demo_units):
    demo.load({"seed": 1, "citizens": 200}, StringIO())
    assert Citizen.objects.filter(is_synthetic=True).count() >= 190
