"""Import of the consequence and price catalogue from CSV or XLSX.

One row per price: konsekvens, enhed, betaler, udvalg, pris, prisniveau, kilde, eksempel, and
optionally the measured outcome that drives the consequence (udfald, dimension) and the share
who reach it anyway (basisrate, in per cent). Every error names the file, the line and the
field; nothing is saved unless every line is valid (one transaction); importing the same file
twice changes nothing.
"""

from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from sporbar.effects.models import Figure
from sporbar.tables import UnreadableTable, read_table

from .models import Consequence, Payer, Price, outcome_error

COLUMNS = ["konsekvens", "enhed", "betaler", "udvalg", "pris", "prisniveau", "kilde", "eksempel"]
OUTCOME_COLUMNS = ["udfald", "dimension", "basisrate"]
REQUIRED = ["konsekvens", "enhed", "betaler", "pris", "prisniveau"]
TRUE = {"ja", "j", "x", "1", "true", "sand"}
# The Danish spellings a person may write for the figures' and dimensions' codes.
SPELLINGS = {"mål": "maal", "beskæftigelse": "beskaeftigelse", "netværk": "netvaerk", "læring": "laering"}


class CatalogueImportError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


def _decimal(text: str) -> Decimal:
    cleaned = text.replace(" ", "").replace("kr.", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    return Decimal(cleaned)


def parse(name: str, content: bytes) -> list[dict]:
    try:
        header, rows = read_table(content, name)
    except UnreadableTable as exc:
        raise CatalogueImportError([str(exc)]) from exc
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CatalogueImportError(
            [_("%(file)s, linje 1: kolonnen »%(col)s« mangler.") % {"file": name, "col": c} for c in missing]
        )
    errors, parsed, seen = [], [], {}
    payers = {p.value for p in Payer}
    for line, row in rows:

        def err(col, msg, line=line):
            errors.append(
                _("%(file)s, linje %(line)s, felt »%(col)s«: %(msg)s")
                % {"file": name, "line": line, "col": col, "msg": msg}
            )

        item = {"line": line, "committee": row.get("udvalg", ""), "source": row.get("kilde", "")}
        for col in REQUIRED:
            if not row.get(col):
                err(col, _("mangler."))
        item["name"], item["unit"] = row.get("konsekvens", ""), row.get("enhed", "")
        payer = row.get("betaler", "").lower()
        if payer and payer not in payers:
            err("betaler", _("skal være kommune, region eller stat, ikke »%(v)s«.") % {"v": row["betaler"]})
        if item["committee"] and payer != "kommune":
            err("udvalg", _("kun kommunens priser kan fordeles på udvalg."))
        item["payer"] = payer
        if row.get("pris"):
            try:
                item["amount"] = _decimal(row["pris"])
                if item["amount"] < 0:
                    err("pris", _("kan ikke være negativ."))
            except InvalidOperation:
                err("pris", _("»%(v)s« er ikke et beløb.") % {"v": row["pris"]})
        if row.get("prisniveau"):
            try:
                item["year"] = int(float(row["prisniveau"]))
                if not 1990 <= item["year"] <= 2100:
                    raise ValueError
            except ValueError:
                err("prisniveau", _("»%(v)s« er ikke et årstal.") % {"v": row["prisniveau"]})
        item["is_example"] = row.get("eksempel", "").lower() in TRUE
        _outcome(item, row, header, err)
        key = (item["name"], payer, item["committee"])
        if key in seen:
            err("betaler", _("samme konsekvens, betaler og udvalg står også i linje %(n)s.") % {"n": seen[key]})
        seen[key] = line
        parsed.append(item)
    for item, seen_line in _different_outcomes(parsed):
        errors.append(
            _(
                "%(file)s, linje %(line)s, felt »udfald«: konsekvensen har et andet udfald "
                "eller en anden basisrate i linje %(n)s."
            )
            % {"file": name, "line": item["line"], "n": seen_line}
        )
    if errors:
        raise CatalogueImportError(errors)
    return parsed


def _code(text: str) -> str:
    text = text.strip().lower()
    return SPELLINGS.get(text, text)


def _outcome(item: dict, row: dict, header: list[str], err) -> None:
    """Read udfald, dimension and basisrate (when the file has those columns) into item["outcome"]."""
    if not any(c in header for c in OUTCOME_COLUMNS):
        return
    figure, dimension = _code(row.get("udfald", "")), _code(row.get("dimension", ""))
    message = outcome_error(figure, dimension)
    if message:
        wrong_figure = (figure and figure not in Figure.values) or (dimension and not figure)
        err("udfald" if wrong_figure else "dimension", message)
    baseline = None
    if row.get("basisrate"):
        try:
            baseline = _decimal(row["basisrate"].replace("%", "")) / 100
            if not 0 <= baseline <= 1:
                raise InvalidOperation
        except InvalidOperation:
            err("basisrate", _("»%(v)s« er ikke en procentsats mellem 0 og 100.") % {"v": row["basisrate"]})
            baseline = None
    item["outcome"] = {"outcome_figure": figure, "outcome_dimension": dimension, "baseline_rate": baseline}


def _names_outcome(item: dict) -> bool:
    outcome = item.get("outcome")
    return bool(outcome) and any(v not in ("", None) for v in outcome.values())


def _different_outcomes(items: list[dict]):
    """A consequence's lines may leave the outcome blank, but must not name two different ones."""
    first: dict[str, dict] = {}
    for item in items:
        if not _names_outcome(item):
            continue
        seen = first.setdefault(item["name"], item)
        if seen["outcome"] != item["outcome"]:
            yield item, seen["line"]


@transaction.atomic
def import_catalogue(name: str, content: bytes) -> dict:
    """Create or update consequences and prices; returns counts."""
    items = parse(name, content)
    counts = {"consequences": 0, "prices_created": 0, "prices_updated": 0, "unchanged": 0}
    outcomes = _outcomes_by_consequence(items)
    for item in items:
        consequence, created = Consequence.objects.get_or_create(name=item["name"], defaults={"unit": item["unit"]})
        if created:
            counts["consequences"] += 1
        wanted = {"unit": item["unit"], **outcomes.get(item["name"], {})}
        if any(getattr(consequence, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(consequence, k, v)
            consequence.save()
        values = {
            "amount": item["amount"],
            "price_level_year": item["year"],
            "source": item["source"],
            "is_example": item["is_example"],
        }
        price = Price.objects.filter(consequence=consequence, payer=item["payer"], committee=item["committee"]).first()
        if price is None:
            Price.objects.create(consequence=consequence, payer=item["payer"], committee=item["committee"], **values)
            counts["prices_created"] += 1
        elif any(getattr(price, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(price, k, v)
            price.save()
            counts["prices_updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts


def _outcomes_by_consequence(items: list[dict]) -> dict[str, dict]:
    """The outcome each consequence gets: the one its lines name, or none when the columns are there but blank."""
    out: dict[str, dict] = {}
    for item in items:
        if item.get("outcome") is not None and (_names_outcome(item) or item["name"] not in out):
            out[item["name"]] = item["outcome"]
    return out


def import_catalogue_file(path) -> dict:
    path = Path(path)
    return import_catalogue(path.name, path.read_bytes())
