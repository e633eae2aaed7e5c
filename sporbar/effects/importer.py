"""Import of targets from CSV or XLSX: one transaction, line-precise errors, idempotent.

Columns: figur, dimension, niveau, id, maalgruppe, aar, maal
  figur: maal | selv | beskaeftigelse;  dimension: personlig | netvaerk | laering (empty for beskaeftigelse)
  niveau: plan | theme | track | initiative | unit | target_group;  id: the scope's id (empty for target_group)
  maalgruppe: boern | unge | handicap | psykiatri | udsatte (only for target_group)
  aar: 2026;  maal: 75 %, 75 or 0,75
"""

from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from sporbar.courses.models import Dimension
from sporbar.plans.models import Initiative
from sporbar.tables import UnreadableTable, read_table

from .models import Figure, ScopeKind, Target

COLUMNS = ["figur", "dimension", "niveau", "id", "maalgruppe", "aar", "maal"]


class ImportError_(Exception):  # noqa: N801 - not the builtin
    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


def _share(value: str) -> Decimal:
    text = value.replace("%", "").replace(",", ".").strip()
    share = Decimal(text)
    if share > 1:
        share = share / 100
    if not 0 <= share <= 1:
        raise InvalidOperation
    return share.quantize(Decimal("0.001"))


def import_targets(content: bytes, name: str) -> dict:
    file = Path(name).name
    try:
        header, rows = read_table(content, name)
    except UnreadableTable as exc:
        raise ImportError_([str(exc)]) from exc
    if not header:
        raise ImportError_([f"{file}: filen er tom."])
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportError_([f"{file}, linje 1: kolonnen mangler: {', '.join(missing)}."])
    errors, parsed = [], []
    for line, cells in rows:
        v = {c: cells.get(c, "") for c in COLUMNS}

        def err(field, message, line=line):
            errors.append(f"{file}, linje {line}, felt »{field}«: {message}")

        if v["figur"] not in Figure.values:
            err("figur", f"ukendt nøgletal »{v['figur']}« (brug {', '.join(Figure.values)}).")
        if v["dimension"] and v["dimension"] not in Dimension.values:
            err("dimension", f"ukendt dimension »{v['dimension']}«.")
        if v["niveau"] not in ScopeKind.values:
            err("niveau", f"ukendt niveau »{v['niveau']}« (brug {', '.join(ScopeKind.values)}).")
        scope_id, category = 0, ""
        if v["niveau"] == ScopeKind.TARGET_GROUP:
            category = v["maalgruppe"]
            if category not in Initiative.TargetCategory.values:
                err("maalgruppe", f"ukendt målgruppe »{category}«.")
        elif v["niveau"] in ScopeKind.values:
            if not v["id"].split(".")[0].isdigit():
                err("id", "skal være et helt tal.")
            else:
                scope_id = int(v["id"].split(".")[0])
        year = v["aar"].split(".")[0]
        if not (year.isdigit() and 2000 <= int(year) <= 2100):
            err("aar", f"»{v['aar']}« er ikke et år.")
        try:
            share = _share(v["maal"])
        except (InvalidOperation, ValueError):
            err("maal", f"»{v['maal']}« er ikke en andel (fx 75 %).")
            share = None
        parsed.append((v, scope_id, category, year, share))
    if errors:
        raise ImportError_(errors)
    created = updated = 0
    with transaction.atomic():
        for v, scope_id, category, year, share in parsed:
            _, was_created = Target.objects.update_or_create(
                figure=v["figur"],
                dimension=v["dimension"],
                scope_kind=v["niveau"],
                scope_id=scope_id,
                target_category=category,
                year=int(year),
                defaults={"share": share},
            )
            created += was_created
            updated += not was_created
    return {"created": created, "updated": updated}
