"""Demo profile for the ACT initiative: the ACT lead's self-assessments with a method description, and an
analyst who has confirmed one suggestion and set another level with a reason. Running it twice adds nothing.

The texts are OUR OWN EXAMPLES written for the demo, not the municipality's.
"""

from sporbar.accounts.audit import acting_as
from sporbar.accounts.models import User
from sporbar.plans.models import Initiative

from . import papers, services
from .elements import Level
from .models import LevelDecision, SelfAssessment

SELF_ASSESSMENTS = {
    1: (
        "ACT (Assertive Community Treatment) er en udgående, tværfaglig indsats med et team, der deler "
        "ansvaret for borgeren. Vi bygger på den internationale ACT-model og Housing First og bruger "
        "forandringsteorien i bilaget. Eksempeltekst til demoen.",
        Level.MET,
    ),
    5: (
        "Teamet er sammensat af fagpersoner fra tre forvaltninger. Metoden kan overføres til andre centre, "
        "hvis de kan stille et tværfagligt team med fælles sagsansvar. Eksempeltekst til demoen.",
        Level.PARTLY,
    ),
    7: (
        "Teamet holder ugentlige sagsgennemgange og månedlig supervision, hvor mål og metoder drøftes på "
        "tværs af fagene. Eksempeltekst til demoen.",
        Level.MET,
    ),
}
METHOD_DESCRIPTION = """Metodebeskrivelse: ACT-teamet (eksempel til demoen)

Målgruppe: funktionelt hjemløse borgere over 25 år med komplekse behov.
Team: socialrådgiver, sygeplejerske, misbrugsbehandler, jobkonsulent og PEER-medarbejder.
Arbejdsform: fælles sagsansvar, opsøgende kontakt, mindst ugentlig kontakt med hver borger.
Forandringsteori: stabil kontakt og en bolig skaber ro til at arbejde med misbrug, helbred og netværk;
det mindsker brugen af forsorgshjem, skadestue og psykiatriske sengedage.
"""


def load(options, stdout):
    act = Initiative.objects.filter(key="act").first()
    lead = User.objects.filter(username="leder-act").first()
    analyst = User.objects.filter(username="analytiker").first()
    if act is None or lead is None or analyst is None:
        return
    if SelfAssessment.objects.filter(initiative=act).exists() or LevelDecision.objects.filter(initiative=act).exists():
        return
    with acting_as(lead):
        for number, (text, level) in SELF_ASSESSMENTS.items():
            services.write_self_assessment(act, number, text, level, lead)
        papers.attach(
            act,
            1,
            "metodebeskrivelse-act.txt",
            METHOD_DESCRIPTION.encode("utf-8"),
            lead,
            title="Metodebeskrivelse og forandringsteori for ACT-teamet",
            kind="metodebeskrivelse",
        )
    with acting_as(analyst):
        profile = {e["number"]: e for e in services.initiative_profile(act, analyst)["elements"]}
        services.set_level(act, 3, profile[3]["suggested_level"], analyst)
        services.set_level(
            act,
            5,
            Level.NOT_MET,
            analyst,
            "Metoden er endnu ikke afprøvet andre steder, og der er ingen manual, et andet center kan arbejde efter.",
        )
    stdout.write("Lovende praksis: selvevaluering og niveauer for ACT-indsatsen.")
