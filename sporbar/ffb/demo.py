"""Demo: KL's example delivery reports (Børge Mogensen, data/standards/kl-ffb-reporting/examples) import
into the demo as they are. Their municipality identifier is the demo municipality, their offers map
to two demo initiatives, and the synthetic goals get an FFB condition of their own dimension."""

from django.conf import settings

from sporbar.accounts.audit import acting_as
from sporbar.accounts.models import Unit, User
from sporbar.courses.models import Citizen, Goal
from sporbar.plans.models import Initiative

from . import codes, importing
from .models import Concept, Delivery, DimensionMapping, InitiativeMapping, MunicipalityMapping, Resource

EXAMPLES_DIR = settings.BASE_DIR / "data" / "standards" / "kl-ffb-reporting" / "examples"
EXAMPLE_MUNICIPALITY = "d4e3f4fb-6761-4d6c-9086-74c49231f11e"  # managingOrganization in KL's examples
# FFB offer or service code → (initiative key, unit code)
EXAMPLE_MAPPINGS = {
    "498fe92c-d7f7-41cd-9404-5b38fe113be0": ("act", "center-for-forsorg"),  # Almindeligt længerevarende botilbud
    "9401777d-bdc5-4f52-9804-63c8cae9a792": ("hjemloese-i-job", "vaerestedet"),  # Aktivitets- og samværstilbud
    "cb1169ee-8969-46d3-813d-f0dd555bd838": ("ips", "job-og-integration"),  # Støtte til beskæftigelse (ydelse)
}


def load(options, stdout):
    root = Unit.objects.filter(code="msb").first()
    if root is None:
        stdout.write("FFB: ingen demo-organisation – springer over.")
        return
    MunicipalityMapping.objects.get_or_create(
        identifier=EXAMPLE_MUNICIPALITY, defaults={"name": "Demokommunen (KL's eksempler)", "unit": root}
    )
    for code, (key, unit_code) in EXAMPLE_MAPPINGS.items():
        initiative = Initiative.objects.filter(key=key).first()
        unit = Unit.objects.filter(code=unit_code).first()
        concept = Concept.objects.filter(code=code).first()
        if initiative and unit and concept:
            InitiativeMapping.objects.get_or_create(concept=concept, defaults={"initiative": initiative, "unit": unit})
    system, created = User.objects.get_or_create(
        username="fagsystem", defaults={"first_name": "Fagsystem", "last_name": "(FFB)", "role": User.Role.SYSTEM}
    )
    if created:
        system.set_unusable_password()  # a case system signs in with an API token only
        system.save()
        system.units.set([root])
    coded = code_synthetic_goals()
    if not Delivery.objects.filter(channel="demo").exists():
        with acting_as(None, "demo"):
            importing.import_paths([EXAMPLES_DIR], channel="demo")
    Citizen.objects.filter(ffb_resources__isnull=False, is_synthetic=False).update(is_synthetic=True)
    stdout.write(
        f"FFB: {coded} syntetiske mål fik en FFB-tilstand; KL's eksempelindberetninger: "
        f"{Delivery.objects.filter(channel='demo', imported=True).count()} indlæst, "
        f"{Resource.objects.count()} ressourcer. Fagsystemet »fagsystem« indberetter med et API-token "
        "(sporbar token fagsystem)."
    )


def code_synthetic_goals() -> int:
    """Each uncoded synthetic goal gets an FFB condition that maps to the goal's own dimension, so the
    demo's figures stay as they were."""
    by_dimension: dict = {}
    allowed = set(codes.conditions_for_goals().values_list("id", flat=True))
    for condition_id, dimension in DimensionMapping.objects.values_list("condition_id", "dimension"):
        if condition_id in allowed:
            by_dimension.setdefault(dimension, []).append(condition_id)
    goals = list(
        Goal.objects.filter(condition__isnull=True, course__citizen__is_synthetic=True).only("id", "dimension")
    )
    for goal in goals:
        choices = sorted(by_dimension.get(goal.dimension, []))
        goal.condition_id = choices[goal.id % len(choices)] if choices else None
    Goal.objects.bulk_update([g for g in goals if g.condition_id], ["condition"], batch_size=1000)
    return sum(1 for g in goals if g.condition_id)
