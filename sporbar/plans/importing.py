"""Plan import and export in one format (docs/plan-format.md): one row per initiative.

The same field names are read from CSV (UTF-8, `;` or `,`), XLSX (first sheet, header row)
and YAML (a list of rows, or a mapping with `initiatives:` whose other keys every row inherits).
A file is validated whole before anything is written; a bad file writes nothing.
Importing upserts by (plan_code, theme_number, track_number, initiative_key) and only saves
rows that really change, so a second import of the same file changes nothing.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import openpyxl
import yaml
from django.db import transaction

from sporbar.accounts.models import Unit
from sporbar.tables import UnreadableTable, check_size, decode_text, safe_cell, safe_xlsx_row, table_records

from .models import INITIATIVE_FACTS, BudgetLine, Initiative, Plan, Theme, Track

FIELDS = [
    "plan_code",
    "plan_name",
    "theme_number",
    "theme_name",
    "track_number",
    "track_name",
    "initiative_key",
    "title",
    "amount",
    *INITIATIVE_FACTS,
]
REQUIRED = [
    "plan_code",
    "plan_name",
    "theme_number",
    "theme_name",
    "track_number",
    "track_name",
    "initiative_key",
    "title",
    "amount",
    "owner_unit",
]
TEXT_FIELDS = ["target_group", "partners", "evaluation", "purpose", "value", "what_who_how", "resources", "follow_up"]
# Fields copied onto Initiative as they are (after parsing).
INITIATIVE_FIELDS = [
    "title",
    "amount",
    "period_start",
    "period_end",
    "target_group",
    "target_group_size",
    "target_category",
    "partners",
    "evaluation",
    "is_employment",
    *TEXT_FIELDS[3:],
]
MAX_LENGTHS = {"plan_code": 60, "plan_name": 200, "theme_name": 200, "track_number": 10, "track_name": 200}
MAX_LENGTHS |= {"initiative_key": 60, "title": 300, "owner_unit": 60}
BUDGET_COLUMN = re.compile(r"^budget_(.*)$")
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
CENT = Decimal("0.01")
TRUE = {"ja", "j", "true", "sand", "1", "x", "yes"}
FALSE = {"nej", "n", "false", "falsk", "0", "", "no"}
FIXED_TIME = datetime.datetime(2000, 1, 1)


@dataclass(frozen=True)
class ImportProblem:
    """One problem in a file. `line` is the file's own line (CSV/XLSX) or the 1-based item (YAML)."""

    line: int | None
    field: str
    message: str
    kind: str = "linje"

    @property
    def place(self) -> str:
        return f"{self.kind} {self.line}" if self.line is not None else ""


@dataclass
class PlanRow:
    """One parsed initiative row: `data` holds every field, `budget` maps year → kroner."""

    line: int = field(compare=False)
    data: dict
    budget: dict[int, Decimal]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class Invalid(ValueError):
    """A value that cannot be used; the message is the Danish text shown to the user."""


class _Reader:
    """Collects problems while turning raw cells into typed values."""

    def __init__(self, kind):
        self.kind = kind
        self.errors: list[ImportProblem] = []
        self.missing_columns: list[str] = []  # required columns absent from a table's header

    def problem(self, line, name, message):
        self.errors.append(ImportProblem(line, name, message, self.kind))


# --- reading -------------------------------------------------------------------------------


def parse_amount(value) -> Decimal:
    """Kroner from "2.500.000", "2500000,00", "2 500 000 kr.", 2500000 or 2500000.5; ValueError if not a number."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = re.sub(r"\s|\u00a0", "", str(value)).lower()
        text = re.sub(r"(kr\.?|dkk)$", "", text)
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise ValueError
        number = Decimal(text)
    try:
        return number.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError from None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _int(value):
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        return int(value)
    return int(str(value).strip())


def _year(value) -> int:
    year = _int(value)
    if not 1900 <= year <= 2100:
        raise ValueError
    return year


def _track_number(value) -> str:
    # "1.2." in the customer's table means 1.2; a YAML 1.2 arrives as a float.
    return _text(value).rstrip(".")


def _normalise(reader: _Reader, line: int, raw: dict, budget_columns: dict[str, int | None]) -> PlanRow:
    data = {}
    for name in FIELDS:
        text = _text(raw.get(name))
        value = raw.get(name)
        if name in REQUIRED and text == "":
            if name not in reader.missing_columns:
                reader.problem(line, name, MISSING_MESSAGES.get(name, "Feltet skal udfyldes."))
            data[name] = None
            continue
        try:
            data[name] = _convert(name, value, text)
        except ValueError as exc:
            reader.problem(
                line, name, str(exc) if isinstance(exc, Invalid) else BAD_MESSAGES.get(name, "Ugyldig værdi.")
            )
            data[name] = None
            continue
        limit = MAX_LENGTHS.get(name)
        if limit and isinstance(data[name], str) and len(data[name]) > limit:
            reader.problem(line, name, f"Højst {limit} tegn (her {len(data[name])}).")
    start, end = data["period_start"], data["period_end"]
    if start and end and end < start:
        reader.problem(line, "period_end", f"Perioden slutter ({end}) før den begynder ({start}).")
    budget = {}
    for column, year in budget_columns.items():
        value = raw.get(column)
        if year is None or _text(value) == "":
            continue
        try:
            budget[year] = parse_amount(value)
        except ValueError:
            reader.problem(line, column, f"Budgettet for {year} er ikke et tal: »{_text(value)}«.")
    return PlanRow(line, data, budget)


MISSING_MESSAGES = {
    "theme_number": "Tema mangler: temanummeret skal udfyldes.",
    "theme_name": "Tema mangler: temaets navn skal udfyldes.",
    "track_number": "Spor mangler: spornummeret skal udfyldes.",
    "track_name": "Spor mangler: sporets navn skal udfyldes.",
    "amount": "Beløbet mangler.",
    "owner_unit": "Ejer (enhedskode) mangler.",
}
BAD_MESSAGES = {
    "theme_number": "Temanummeret skal være et helt tal.",
    "target_group_size": "Målgruppens størrelse skal være et helt tal.",
    "period_start": "Ugyldigt år: skriv et årstal mellem 1900 og 2100.",
    "period_end": "Ugyldigt år: skriv et årstal mellem 1900 og 2100.",
}


def _convert(name, value, text):
    if name in ("plan_code", "initiative_key", "owner_unit"):
        if text and not SLUG.match(text):
            raise Invalid(f"»{text}« må kun indeholde bogstaverne a-z, tal, - og _.")
        return text
    if name == "theme_number":
        number = _int(value)
        if number < 1:
            raise ValueError
        return number
    if name == "track_number":
        return _track_number(value)
    if name == "amount":
        try:
            amount = parse_amount(value)
        except ValueError:
            raise Invalid(f"Beløbet er ikke et tal: »{text}«. Skriv fx 2.500.000 eller 2500000,00.") from None
        if amount < 0:
            raise Invalid("Beløbet må ikke være negativt.")
        return amount
    if name in ("period_start", "period_end"):
        return _year(value) if text else None
    if name == "target_group_size":
        if not text:
            return None
        size = _int(value)
        if size < 0:
            raise ValueError
        return size
    if name == "target_category":
        if not text:
            return ""
        for code, label in Initiative.TargetCategory.choices:
            if text.lower() in (code, str(label).lower()):
                return code
        allowed = ", ".join(Initiative.TargetCategory.values)
        raise Invalid(f"Ukendt målgruppekategori »{text}«. Brug en af: {allowed} (eller lad feltet stå tomt).")
    if name == "is_employment":
        if isinstance(value, bool):
            return value
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise Invalid(f"Skriv ja eller nej, ikke »{text}«.")
    return text


def _budget_columns(reader, line, names) -> dict[str, int | None]:
    columns = {}
    for name in names:
        match = BUDGET_COLUMN.match(name)
        if not match:
            continue
        try:
            columns[name] = _year(match.group(1))
        except ValueError:
            reader.problem(line, name, f"Ugyldigt år i kolonnen »{name}«: skriv fx budget_2021.")
            columns[name] = None
    return columns


def _check_header(reader: _Reader, names: list[str]) -> None:
    known = set(FIELDS)
    seen = set()
    for name in names:
        if name in seen:
            reader.problem(1, name, f"Kolonnen »{name}« står to gange.")
        seen.add(name)
        if name and name not in known and not BUDGET_COLUMN.match(name):
            reader.problem(1, name, f"Ukendt kolonne »{name}«.")
    reader.missing_columns = [n for n in REQUIRED if n not in seen]
    for name in reader.missing_columns:
        reader.problem(1, name, f"Kolonnen »{name}« mangler i overskriften.")


def _table_rows(reader: _Reader, header, records) -> list[PlanRow]:
    """`records` yields (line, cells); the header row is line 1."""
    names = [_text(h).lower() for h in header]
    _check_header(reader, names)
    budget_columns = _budget_columns(reader, 1, names)
    rows = []
    for line, cells in records:
        if all(_text(c) == "" for c in cells):
            continue
        raw = {name: cells[i] if i < len(cells) else None for i, name in enumerate(names) if name}
        rows.append(_normalise(reader, line, raw, budget_columns))
    return rows


def _parse_table(reader, content: bytes, filename: str) -> list[PlanRow]:
    """CSV or XLSX through the one reader of uploaded tables (encoding, dialect, limits)."""
    try:
        records = table_records(content, filename)
        first = next(records, None)
        if first is None:
            reader.problem(None, "", "Filen er tom.")
            return []
        return _table_rows(reader, first[1], records)
    except UnreadableTable as exc:
        reader.problem(None, "", str(exc))
        return []


def _parse_yaml(reader, content: bytes, filename: str) -> list[PlanRow]:
    try:
        check_size(len(content), filename)
        doc = yaml.safe_load(decode_text(content, filename))
    except UnreadableTable as exc:
        reader.problem(None, "", str(exc))
        return []
    except yaml.YAMLError as exc:
        reader.problem(None, "", f"Filen kan ikke læses som YAML: {exc}")
        return []
    inherited = {}
    if isinstance(doc, dict):
        inherited = {k: v for k, v in doc.items() if k != "initiatives"}
        doc = doc.get("initiatives")
    if not isinstance(doc, list) or not doc:
        reader.problem(None, "", "YAML-filen skal være en liste af initiativer eller have nøglen »initiatives«.")
        return []
    rows = []
    for index, item in enumerate(doc, start=1):
        if not isinstance(item, dict):
            reader.problem(index, "", "Posten skal have felter (nøgle: værdi).")
            continue
        raw = {str(k).lower(): v for k, v in {**inherited, **item}.items()}
        for name in raw:
            if name not in FIELDS and not BUDGET_COLUMN.match(name):
                reader.problem(index, name, f"Ukendt felt »{name}«.")
        budget_columns = _budget_columns(reader, index, [n for n in raw if BUDGET_COLUMN.match(n)])
        rows.append(_normalise(reader, index, raw, budget_columns))
    return rows


def file_format(filename: str) -> str | None:
    suffix = Path(filename).suffix.lower()
    return {".csv": "csv", ".xlsx": "xlsx", ".yaml": "yaml", ".yml": "yaml"}.get(suffix)


def parse_plan_file(path_or_bytes, filename: str | None = None) -> tuple[list[PlanRow], list[ImportProblem]]:
    """Read and type-check a plan file. Cross-row and database checks happen in `validate_rows`."""
    if isinstance(path_or_bytes, (bytes, bytearray)):
        content = bytes(path_or_bytes)
    else:
        path = Path(path_or_bytes)
        filename = filename or path.name
        content = path.read_bytes()
    fmt = file_format(filename or "")
    reader = _Reader("post" if fmt == "yaml" else "linje")
    if fmt is None:
        reader.problem(None, "", "Ukendt filtype: brug .csv, .xlsx eller .yaml.")
        return [], reader.errors
    if fmt == "yaml":
        rows = _parse_yaml(reader, content, filename)
    else:
        rows = _parse_table(reader, content, filename)
    if not rows and not reader.errors:
        reader.problem(None, "", "Filen indeholder ingen initiativer.")
    return rows, reader.errors


# --- validating and writing ----------------------------------------------------------------


def validate_rows(rows: list[PlanRow], kind: str = "linje") -> list[ImportProblem]:
    """Problems between rows (duplicates, names that disagree) and against the database (units)."""
    errors = []

    def problem(row, name, message):
        errors.append(ImportProblem(row.line, name, message, kind))

    plans, themes, tracks, initiatives, track_theme = {}, {}, {}, {}, {}
    units = set(
        Unit.objects.filter(code__in={r.data["owner_unit"] for r in rows if r.data["owner_unit"]}).values_list(
            "code", flat=True
        )
    )
    for row in rows:
        d = row.data
        code, theme, track, key = d["plan_code"], d["theme_number"], d["track_number"], d["initiative_key"]
        if code and d["plan_name"]:
            first = plans.setdefault(code, (row, d["plan_name"]))
            if first[1] != d["plan_name"]:
                problem(row, "plan_name", f"Planen »{code}« har et andet navn på {kind} {first[0].line}.")
        if code and theme is not None and d["theme_name"]:
            first = themes.setdefault((code, theme), (row, d["theme_name"]))
            if first[1] != d["theme_name"]:
                problem(row, "theme_name", f"Tema {theme} har et andet navn på {kind} {first[0].line}.")
        if code and track and theme is not None:
            first = track_theme.setdefault((code, track), (row, theme))
            if first[1] != theme:
                problem(
                    row,
                    "track_number",
                    f"Dobbelt spor: spor {track} står under tema {first[1]} på {kind} {first[0].line}"
                    f" og under tema {theme} her.",
                )
            elif d["track_name"]:
                first = tracks.setdefault((code, track), (row, d["track_name"]))
                if first[1] != d["track_name"]:
                    problem(
                        row,
                        "track_name",
                        f"Dobbelt spor: spor {track} har et andet navn på {kind} {first[0].line} (»{first[1]}«).",
                    )
        if code and key:
            first = initiatives.setdefault((code, key), row)
            if first is not row:
                problem(row, "initiative_key", f"Dobbelt initiativ: nøglen »{key}« står også på {kind} {first.line}.")
        if d["owner_unit"] and d["owner_unit"] not in units:
            problem(row, "owner_unit", f"Ukendt enhed »{d['owner_unit']}«.")
    return errors


def _assign(instance, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _write(rows: list[PlanRow], result: ImportResult) -> None:
    units = {u.code: u for u in Unit.objects.filter(code__in={r.data["owner_unit"] for r in rows})}
    plans, themes, tracks = {}, {}, {}
    for row in rows:
        d = row.data
        row_changed = False
        plan = plans.get(d["plan_code"])
        if plan is None:
            plan, created = Plan.objects.get_or_create(code=d["plan_code"], defaults={"name": d["plan_name"]})
            if not created and _assign(plan, {"name": d["plan_name"]}):
                plan.save()
                row_changed = True
            plans[d["plan_code"]] = plan
        theme_id = (plan.pk, d["theme_number"])
        theme = themes.get(theme_id)
        if theme is None:
            theme, created = Theme.objects.get_or_create(
                plan=plan, number=d["theme_number"], defaults={"name": d["theme_name"]}
            )
            if not created and _assign(theme, {"name": d["theme_name"]}):
                theme.save()
                row_changed = True
            themes[theme_id] = theme
        track_id = (theme.pk, d["track_number"])
        track = tracks.get(track_id)
        if track is None:
            track, created = Track.objects.get_or_create(
                theme=theme, number=d["track_number"], defaults={"name": d["track_name"]}
            )
            if not created and _assign(track, {"name": d["track_name"]}):
                track.save()
                row_changed = True
            tracks[track_id] = track
        values = {name: d[name] for name in INITIATIVE_FIELDS} | {"owner_unit_id": units[d["owner_unit"]].pk}
        initiative = Initiative.objects.filter(track=track, key=d["initiative_key"]).first()
        created = initiative is None
        if created:
            initiative = Initiative(track=track, key=d["initiative_key"])
        if _assign(initiative, values) or created:
            initiative.save()
            row_changed = True
        # A row with budget figures replaces the initiative's budget; a row without leaves it as it is.
        if row.budget and _write_budget(initiative, row.budget):
            row_changed = True
        if created:
            result.created += 1
        elif row_changed:
            result.updated += 1
        else:
            result.unchanged += 1


def _write_budget(initiative, budget: dict[int, Decimal]) -> bool:
    changed = False
    existing = {line.year: line for line in initiative.budget_lines.all()}
    for year, line in existing.items():
        if year not in budget:
            line.delete()
            changed = True
    for year, amount in sorted(budget.items()):
        line = existing.get(year)
        if line is None:
            BudgetLine.objects.create(initiative=initiative, year=year, amount=amount)
            changed = True
        elif line.amount != amount:
            line.amount = amount
            line.save()
            changed = True
    return changed


def import_plan_file(path, filename: str | None = None) -> ImportResult:
    """Validate the whole file, then write it in one transaction; on any problem nothing is written."""
    if filename is None:
        filename = Path(path).name
    rows, errors = parse_plan_file(path, filename)
    kind = "post" if file_format(filename) == "yaml" else "linje"
    if rows:
        errors = errors + validate_rows(rows, kind)
    result = ImportResult(errors=errors)
    if errors:
        return result
    with transaction.atomic():
        _write(rows, result)
    return result


def run_job(job, progress) -> dict:
    """The background job of the import page (sporbar.jobs): one transaction, nothing on any problem."""
    from django.utils.translation import gettext

    from sporbar.jobs.services import ImportFailed

    result = import_plan_file(bytes(job.content), job.filename)
    if result.errors:
        raise ImportFailed([" · ".join(p for p in (e.place, e.field, e.message) if p) for e in result.errors])
    rows = result.created + result.updated + result.unchanged
    progress(rows, rows)
    return {
        gettext("Oprettet"): result.created,
        gettext("Ændret"): result.updated,
        gettext("Uændret"): result.unchanged,
    }


# --- export --------------------------------------------------------------------------------


def _natural(number: str):
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\s]+", number))


def plan_rows(plan: Plan) -> tuple[list[dict], list[int]]:
    """The plan as import rows (plain Python values) and the budget years that occur."""
    initiatives = sorted(
        Initiative.objects.filter(track__theme__plan=plan).select_related("track__theme", "owner_unit"),
        key=lambda i: (i.track.theme.number, _natural(i.track.number), i.pk),
    )
    budgets: dict[int, dict[int, Decimal]] = {}
    for initiative_id, year, amount in BudgetLine.objects.filter(initiative__track__theme__plan=plan).values_list(
        "initiative_id", "year", "amount"
    ):
        budgets.setdefault(initiative_id, {})[year] = amount
    years = sorted({year for b in budgets.values() for year in b})
    rows = []
    for i in initiatives:
        row = {
            "plan_code": plan.code,
            "plan_name": plan.name,
            "theme_number": i.track.theme.number,
            "theme_name": i.track.theme.name,
            "track_number": i.track.number,
            "track_name": i.track.name,
            "initiative_key": i.key,
            "owner_unit": i.owner_unit.code,
        }
        row |= {name: getattr(i, name) for name in INITIATIVE_FIELDS}
        row |= {f"budget_{year}": budgets.get(i.pk, {}).get(year) for year in years}
        rows.append({name: row[name] for name in [*FIELDS, *(f"budget_{y}" for y in years)]})
    return rows, years


def _csv_amount(value) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    return str(int(value)) if value == value.to_integral() else f"{value:f}".replace(".", ",")


def _plain_number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral() else float(value)


def _cell(name, value, amount):
    if _is_amount(name):
        return amount(value)
    if name == "is_employment":
        return "ja" if value else "nej"
    return "" if value is None else value


def _csv_cell(name, value):
    """Text that a spreadsheet would run as a formula is escaped; amounts stay numbers."""
    if _is_amount(name):
        return _csv_amount(value)
    return safe_cell(_cell(name, value, _csv_amount))


def _is_amount(name: str) -> bool:
    return name == "amount" or name.startswith("budget_")


def _export_csv(rows, columns) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(c, row[c]) for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _export_xlsx(rows, columns) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Initiativer"
    sheet.append(columns)
    for row in rows:
        safe_xlsx_row(sheet, [_cell(c, row[c], _plain_number) for c in columns])
    book.properties.created = book.properties.modified = FIXED_TIME
    book.properties.creator = "Sporbar"
    raw = io.BytesIO()
    book.save(raw)
    # Same plan, same bytes: give every zip member a fixed time and the core properties a fixed date.
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def _export_yaml(plan, rows, columns) -> bytes:
    items = []
    for row in rows:
        item = {}
        for c in columns:
            if c in ("plan_code", "plan_name"):
                continue
            value = row[c]
            if c == "amount" or c.startswith("budget_"):
                value = _plain_number(value)
            if value is None or value == "" or (c == "is_employment" and value is False):
                continue
            item[c] = value
        items.append(item)
    doc = {"plan_code": plan.code, "plan_name": plan.name, "initiatives": items}
    text = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return text.encode("utf-8")


EXPORT_FORMATS = ("csv", "xlsx", "yaml")


def export_plan(plan: Plan, fmt: str) -> bytes:
    """The plan in the import format; importing the result gives the same plan back."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Ukendt format {fmt!r}")
    rows, years = plan_rows(plan)
    columns = [*FIELDS, *(f"budget_{y}" for y in years)]
    if fmt == "csv":
        return _export_csv(rows, columns)
    if fmt == "xlsx":
        return _export_xlsx(rows, columns)
    return _export_yaml(plan, rows, columns)
