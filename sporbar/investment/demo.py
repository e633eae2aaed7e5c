"""Demo catalogue and cases. The prices are OUR OWN EXAMPLE VALUES, made up for the demo and
marked `is_example`: a municipality must replace them with its own prices before any decision."""

from decimal import Decimal

from sporbar.plans.models import BudgetLine, Initiative

from .models import CaseConsequence, Consequence, InvestmentCase, Price

PRICE_LEVEL = 2024
SOURCE = "Eksempelværdi lavet til demoen – erstat med kommunens egen pris"

# name, unit, [(payer, committee, price per unit)]
CATALOGUE = [
    (
        "Overnatning på forsorgshjem",
        "overnatninger på forsorgshjem",
        [("kommune", "Socialudvalget", 1100), ("stat", "", 1100)],
    ),
    ("Uge på kontanthjælp", "uger på kontanthjælp", [("kommune", "Beskæftigelsesudvalget", 2300), ("stat", "", 700)]),
    ("Sengedag i psykiatrien", "sengedage i regionspsykiatrien", [("region", "", 5200)]),
    ("Politiudrykning", "udrykninger fra politiet", [("stat", "", 2800)]),
    ("Skadestuebesøg", "besøg på skadestuen", [("region", "", 2400)]),
    ("Time med bostøtte", "timer med socialpædagogisk støtte (§ 85)", [("kommune", "Socialudvalget", 520)]),
]

# key, defaults, [(consequence name, quantity per successful citizen per year)]
CASES = [
    (
        "act",
        {"citizens_per_year": 12, "intake_years": 1, "success_rate": Decimal("0.20"), "baseline_rate": Decimal("0.05")},
        [
            ("Overnatning på forsorgshjem", 60),
            ("Sengedag i psykiatrien", 4),
            ("Politiudrykning", 2),
            ("Skadestuebesøg", 2),
        ],
    ),
    (
        "ips",
        {"citizens_per_year": 25, "intake_years": 2, "success_rate": Decimal("0.15"), "baseline_rate": Decimal("0.05")},
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
    for name, unit, prices in CATALOGUE:
        consequence, _ = Consequence.objects.get_or_create(name=name, defaults={"unit": unit})
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
        defaults = {
            **values,
            "start_year": start,
            "horizon_years": 10,
            "effect_offset": 1,
            "note": "Demo: antagelser og priser er eksempelværdier.",
        }
        if budget_years:
            defaults["cost_source"] = InvestmentCase.CostSource.BUDGET
        else:
            years = max(1, (initiative.period_end or start) - start + 1)
            running = (initiative.amount / years).quantize(Decimal("0.01"))
            defaults.update(
                cost_source=InvestmentCase.CostSource.ENTERED,
                startup_cost=initiative.amount - running * years,  # the rounding remainder, so the total is exact
                running_cost=running,
                running_years=years,
            )
        case, created = InvestmentCase.objects.get_or_create(
            initiative=initiative, name=f"Investeringscase: {key.upper()}", defaults=defaults
        )
        made += created
        for name, quantity in uses:
            CaseConsequence.objects.get_or_create(
                case=case, consequence=consequences[name], defaults={"quantity": Decimal(quantity)}
            )
    stdout.write(f"investering: {len(CATALOGUE)} konsekvenser i eksempelkataloget, {made} nye cases.")
