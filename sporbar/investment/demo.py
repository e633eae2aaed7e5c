"""Demo catalogue and cases. The prices are OUR OWN EXAMPLE VALUES, made up for the demo and
marked `is_example`: a municipality must replace them with its own prices before any decision."""

from decimal import Decimal

from sporbar.plans.models import BudgetLine, Initiative

from .models import CaseConsequence, Consequence, InvestmentCase, Price

PRICE_LEVEL = 2024
SOURCE = "Eksempelværdi lavet til demoen – erstat med kommunens egen pris"

# name, unit, [(payer, committee, price per unit)], outcome (figure, dimension) or None, catalogue baseline
CATALOGUE = [
    (
        "Overnatning på forsorgshjem",
        "overnatninger på forsorgshjem",
        [("kommune", "Socialudvalget", 1100), ("stat", "", 1100)],
        ("maal", "personlig"),  # a housing goal: personal development (managing one's own home)
        Decimal("0.10"),
    ),
    (
        "Uge på kontanthjælp",
        "uger på kontanthjælp",
        [("kommune", "Beskæftigelsesudvalget", 2300), ("stat", "", 700)],
        ("beskaeftigelse", ""),
        Decimal("0.10"),
    ),
    ("Sengedag i psykiatrien", "sengedage i regionspsykiatrien", [("region", "", 5200)], None, None),
    ("Politiudrykning", "udrykninger fra politiet", [("stat", "", 2800)], None, None),
    ("Skadestuebesøg", "besøg på skadestuen", [("region", "", 2400)], None, None),
    (
        "Time med bostøtte",
        "timer med socialpædagogisk støtte (§ 85)",
        [("kommune", "Socialudvalget", 520)],
        None,
        None,
    ),
    (
        "ACT-forløb, år",
        "år i et ACT-forløb (kommunens team og regionspsykiatriens del)",
        [("kommune", "Socialudvalget", 95000), ("region", "", 25000)],
        None,
        None,
    ),
    (
        "IPS-forløb, år",
        "år i et IPS-forløb (IPS-konsulent)",
        [("kommune", "Beskæftigelsesudvalget", 24000)],
        None,
        None,
    ),
    (
        "Time med sædvanlig beskæftigelsesindsats",
        "timer med jobrettet indsats i jobcentret",
        [("kommune", "Beskæftigelsesudvalget", 650)],
        None,
        None,
    ),
]

# key, case settings, [(consequence name, quantity per successful citizen per year)]
CASES = [
    (
        "act",
        {
            "citizens_per_year": 12,
            "intake_years": 1,
            "success_rate": Decimal("0.20"),
            "baseline_rate": Decimal("0.05"),
            # ACT follows a citizen for about two years; the effect starts when the course ends.
            "course_months": 24,
            "effect_start": InvestmentCase.EffectStart.COURSE_END,
            "effect_years": Decimal(5),
            "effect_decay": Decimal("0.20"),
            # The team costs the municipality and the region per citizen-year (the catalogue's price).
            "cost_item": "ACT-forløb, år",
            # Without ACT the citizens would have had § 85 housing support.
            "usual_offer": "Time med bostøtte",
            "usual_offer_quantity": Decimal(100),
        },
        [
            ("Overnatning på forsorgshjem", 60),
            ("Sengedag i psykiatrien", 4),
            ("Politiudrykning", 2),
            ("Skadestuebesøg", 2),
        ],
    ),
    (
        "ips",
        {
            "citizens_per_year": 25,
            "intake_years": 2,
            "success_rate": Decimal("0.15"),
            "baseline_rate": Decimal("0.05"),
            # IPS places people in work while the course runs: the effect starts after about nine months.
            "course_months": 18,
            "effect_start": InvestmentCase.EffectStart.MONTHS,
            "effect_start_months": 9,
            "effect_years": Decimal(5),
            "effect_decay": Decimal("0.15"),
            "cost_item": "IPS-forløb, år",
            # Without IPS the citizens would have had the jobcentre's usual effort.
            "usual_offer": "Time med sædvanlig beskæftigelsesindsats",
            "usual_offer_quantity": Decimal(15),
        },
        [("Uge på kontanthjælp", 20), ("Sengedag i psykiatrien", 2), ("Time med bostøtte", 40)],
    ),
]


def _find(key: str):
    initiatives = list(Initiative.objects.all())
    for match in (
        lambda i: i.key.lower() == key,
        lambda i: i.key.lower().endswith(f"-{key}"),
        lambda i: key.upper() in i.title,
    ):
        found = [i for i in initiatives if match(i)]
        if found:
            return found[0]
    return None


def load(options, stdout):
    consequences = {}
    for name, unit, prices, outcome, baseline in CATALOGUE:
        figure, dimension = outcome or ("", "")
        consequence, _ = Consequence.objects.get_or_create(
            name=name,
            defaults={
                "unit": unit,
                "outcome_figure": figure,
                "outcome_dimension": dimension,
                "baseline_rate": baseline,
            },
        )
        consequences[name] = consequence
        for payer, committee, amount in prices:
            Price.objects.get_or_create(
                consequence=consequence,
                payer=payer,
                committee=committee,
                defaults={
                    "amount": Decimal(amount),
                    "price_level_year": PRICE_LEVEL,
                    "source": SOURCE,
                    "is_example": True,
                },
            )
    made = 0
    for key, values, uses in CASES:
        initiative = _find(key)
        if initiative is None:
            stdout.write(f"investering: initiativet »{key}« findes ikke; casen springes over.")
            continue
        budget_years = list(BudgetLine.objects.filter(initiative=initiative).values_list("year", flat=True))
        start = min(budget_years) if budget_years else (initiative.period_start or 2021)
        values = dict(values)
        for field in ("usual_offer", "cost_item"):
            values[field] = consequences[values[field]]
        defaults = {
            **values,
            "intake_source": InvestmentCase.IntakeSource.OBSERVED,
            "cost_source": InvestmentCase.CostSource.CATALOGUE,
            "cost_item_quantity": Decimal(1),
            "start_year": start,
            "horizon_years": 10,
            "note": "Demo: antagelser, priser og basisrater i kataloget er eksempelværdier.",
        }
        case, created = InvestmentCase.objects.get_or_create(
            initiative=initiative, name=f"Investeringscase: {key.upper()}", defaults=defaults
        )
        made += created
        for name, quantity in uses:
            CaseConsequence.objects.get_or_create(
                case=case, consequence=consequences[name], defaults={"quantity": Decimal(quantity)}
            )
    stdout.write(f"investering: {len(CATALOGUE)} konsekvenser i eksempelkataloget, {made} nye cases.")
