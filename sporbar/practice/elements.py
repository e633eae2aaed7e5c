"""The 11 elements of promising practice ("lovende praksis", SFI for Socialstyrelsen 2016) and their levels.

Seven elements are suggested from what Sporbar measures (source "data"); four rest on the
initiative's own self-assessment with documents (source "assessment"). An analyst confirms a
suggestion or sets another level with a reason.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

DATA, ASSESSMENT = "data", "assessment"


class Level(models.TextChoices):
    MET = "opfyldt", _("opfyldt")
    PARTLY = "delvist opfyldt", _("delvist opfyldt")
    NOT_MET = "ikke opfyldt", _("ikke opfyldt")
    NOT_ASSESSED = "ikke vurderet", _("ikke vurderet")


@dataclass(frozen=True)
class Element:
    number: int
    key: str
    name: str
    source: str
    definition: str


# Names and order as in the typology; the definitions paraphrase Socialstyrelsen's overview. The names stay
# plain strings: they are joined, padded and serialised as they are (services, exports, the command's JSON).
ELEMENTS = [
    Element(1, "theory", "Teori og viden", ASSESSMENT, _("Praksis bygger på veldefineret teori og den bedste viden.")),
    Element(
        2,
        "effect",
        "Virkning",
        DATA,
        _(
            "Undersøgelser tyder på, at praksis virker positivt for borgerne på et eller flere af de områder, der er "
            "sat mål for."
        ),
    ),
    Element(
        3,
        "description",
        "Beskrivelse",
        DATA,
        _("Praksis er beskrevet systematisk: målgruppe, aktiviteter og mål."),
    ),
    Element(4, "goals", "Mål", DATA, _("Praksis har klare og relevante mål for borgernes udvikling eller trivsel.")),
    Element(
        5,
        "transfer",
        "Overførbarhed",
        ASSESSMENT,
        _("Praksis kan overføres til andre tilbud til tilsvarende grupper af borgere."),
    ),
    Element(6, "economy", "Økonomi", DATA, _("Praksis er forbundet med en vis økonomisk rentabilitet.")),
    Element(7, "reflection", "Faglig refleksion", ASSESSMENT, _("Praksis understøtter fælles faglig refleksion.")),
    Element(
        8,
        "relations",
        "Relationelt samarbejde",
        ASSESSMENT,
        _("Medarbejderne har relationskompetencer til at samarbejde med borgere, kolleger og andre fagfolk."),
    ),
    Element(
        9,
        "individual",
        "Individuel tilrettelæggelse",
        DATA,
        _("Praksis tager udgangspunkt i borgernes styrker, udfordringer og ønsker og inddrager borgerne."),
    ),
    Element(
        10,
        "monitoring",
        "Monitorering",
        DATA,
        _("Borgernes udvikling følges systematisk i forhold til de mål, der er sat."),
    ),
    Element(11, "follow_up", "Opfølgning", DATA, _("Praksis følges løbende op og tilpasses.")),
]
BY_NUMBER = {e.number: e for e in ELEMENTS}
ASSESSMENT_NUMBERS = [e.number for e in ELEMENTS if e.source == ASSESSMENT]
ELEMENT_CHOICES = [(e.number, f"{e.number}. {e.name}") for e in ELEMENTS]
ASSESSMENT_CHOICES = [(e.number, f"{e.number}. {e.name}") for e in ELEMENTS if e.source == ASSESSMENT]


def element(number: int) -> Element:
    """The element with this number; KeyError for anything else."""
    return BY_NUMBER[int(number)]
