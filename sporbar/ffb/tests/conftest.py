"""Fixtures of the ffb app: KL's example delivery reports and a plan whose initiatives they map to."""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from sporbar.accounts.models import User
from sporbar.ffb import codes
from sporbar.ffb.models import Concept, InitiativeMapping, MunicipalityMapping
from sporbar.plans.models import Initiative, Plan, Theme, Track

EXAMPLES = Path(settings.BASE_DIR) / "data" / "standards" / "kl-ffb-reporting" / "examples"
CPR = "0101814321"  # Børge Mogensen in KL's examples
MUNICIPALITY = "d4e3f4fb-6761-4d6c-9086-74c49231f11e"
BOTILBUD = "498fe92c-d7f7-41cd-9404-5b38fe113be0"
DAGTILBUD = "9401777d-bdc5-4f52-9804-63c8cae9a792"


def example(number: str) -> dict:
    """KL's example report, e.g. example("6th"), as a fresh dict."""
    (path,) = EXAMPLES.glob(f"{number}-encounter-*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def resource(bundle, resource_id):
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["id"] == resource_id)


@pytest.fixture
def code_system(db):
    """KL's code system, loaded by a migration; a transactional test (browser, sign-in) that ran
    before this one has emptied every table, so load it again when it is gone."""
    if not Concept.objects.exists():
        codes.load_code_system()
        codes.load_default_dimensions()


@pytest.fixture
def ffb(org, code_system):
    """`act` (botilbud, run by service_a) and `dag` (dagtilbud, run by centre_b); the examples'
    municipality is the whole department; `system` is a case system of that department."""
    plan = Plan.objects.create(code="testplan", name="Testplanen")
    track = Track.objects.create(theme=Theme.objects.create(plan=plan, number=1, name="Tema"), number="1.1", name="S")
    act = Initiative.objects.create(track=track, key="act", title="ACT", amount=Decimal(1), owner_unit=org.centre_a)
    dag = Initiative.objects.create(
        track=track, key="dag", title="Dagtilbud", amount=Decimal(1), owner_unit=org.centre_b
    )
    InitiativeMapping.objects.create(concept=Concept.objects.get(code=BOTILBUD), initiative=act, unit=org.service_a)
    InitiativeMapping.objects.create(concept=Concept.objects.get(code=DAGTILBUD), initiative=dag, unit=org.centre_b)
    MunicipalityMapping.objects.create(identifier=MUNICIPALITY, name="Eksempelkommunen", unit=org.dept)
    system = User.objects.create_user(username="fagsystem", password=org.password, role=User.Role.SYSTEM)
    system.units.set([org.dept])
    org.act, org.dag, org.system = act, dag, system
    return org


@pytest.fixture
def write_bundles(tmp_path):
    """write_bundles({"name.json": dict or bytes}) -> the folder."""

    def write(files):
        for name, content in files.items():
            data = content if isinstance(content, bytes) else json.dumps(content).encode()
            (tmp_path / name).write_bytes(data)
        return tmp_path

    return write


__all__ = ["copy", "example", "resource"]
