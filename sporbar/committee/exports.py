"""The committee report as PDF (WeasyPrint from HTML), XLSX or CSV: the same content, the same hiding.

XLSX has one sheet per section; CSV has the same sections one after another, each as its name on a
line of its own, its header and its rows, and an empty line between sections. Every cell of both is
written by `csv_text` and `append_xlsx_row` in this module: text a spreadsheet would run as a formula
stays text (the approach of the other exports: an apostrophe in CSV, the text type in XLSX).
"""

import csv
import datetime
import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from sporbar import formats, tables
from sporbar.effects import services as effects
from sporbar.effects.disclosure.rule import reason_label
from sporbar.practice import exports as practice_exports

from . import services, wording

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class Share(float):
    """A share between 0 and 1: "75,0 %" in CSV, a number formatted as a percentage in XLSX."""


def build(plan, fmt: str, since=None, today=None) -> bytes:
    return render(services.report_data(plan, since, today), fmt)


def render(data: dict, fmt: str) -> bytes:
    if fmt == "pdf":
        return pdf(data)
    if fmt == "xlsx":
        return xlsx(sections(data))
    if fmt == "csv":
        return to_csv(sections(data))
    raise ValueError(f"Ukendt format {fmt!r}")


def pdf(data: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(data), base_url=None).write_pdf()


def html(data: dict) -> str:
    return render_to_string("committee/report.html", data)


# --- the cells: the one place that writes a value into a CSV file or a spreadsheet ----------------


def csv_text(value) -> str:
    """A value as CSV text in Danish formats (shares "75,0 %", dates "22-11-2026", amounts "1.500.000")."""
    if value is None:
        return ""
    if isinstance(value, Share):
        return formats.percent(value, 1)
    if isinstance(value, Decimal):
        return formats.number(value)
    if isinstance(value, datetime.date):
        return formats.date(value)
    return tables.safe_cell(value) if isinstance(value, str) else str(value)


def append_xlsx_row(sheet, values: list) -> None:
    """A row of typed cells: numbers as numbers, shares as percentages, dates as dates, text always text."""
    tables.safe_xlsx_row(sheet, [float(v) if isinstance(v, Decimal) else v for v in values])
    for c, value in zip(sheet[sheet.max_row], values, strict=True):
        if isinstance(value, Share):
            c.number_format = "0.0 %"
        elif isinstance(value, datetime.date):
            c.number_format = "DD-MM-YYYY"


def to_csv(parts: list[tuple]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for number, (title, header, rows) in enumerate(parts):
        if number:
            writer.writerow([])
        writer.writerow([csv_text(title)])
        writer.writerow([csv_text(h) for h in header])
        for row in rows:
            writer.writerow([csv_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx(parts: list[tuple]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in parts:
        sheet = book.create_sheet(title[:31])
        append_xlsx_row(sheet, header)
        for c in sheet[1]:
            c.font = Font(bold=True)
        for row in rows:
            append_xlsx_row(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the sections ---------------------------------------------------------------------------------

FIGURE_HEADER = [
    "Niveau",
    "Navn",
    "Nøgletal",
    "Dimension",
    "Periode",
    "Antal",
    "Forløb",
    "Andel",
    "Interval fra",
    "Interval til",
    "Mål",
    "Vurdering",
    "Skjult fordi",
]


def sections(data: dict) -> list[tuple[str, list, list]]:
    """(name, header, rows) for each section of the report, in the report's order."""
    matrix = data["matrix"]
    return [
        (_("Sammenfatning"), [_("Emne"), _("Tekst")], summary_rows(data)),
        (_("Initiativer"), INITIATIVE_HEADER, initiative_rows(data)),
        (_("Rækkevidde og økonomi"), REACH_HEADER, reach_rows(data)),
        (_("Nøgletal"), FIGURE_HEADER, [figure_cells(f) for f in data["figures"]]),
        (_("Beslutninger"), DECISION_HEADER, decision_rows(data)),
        (_("Opfølgninger"), FOLLOW_UP_HEADER, follow_up_rows(data)),
        (_("Investeringscases"), CASE_HEADER, case_rows(data)),
        (_("Konsekvenser"), CONSEQUENCE_HEADER, consequence_rows(data)),
        (_("Lovende praksis"), practice_exports.header(matrix), practice_exports.rows(matrix)),
        (_("Lovende praksis, evidens"), practice_exports.EVIDENCE_HEADER, practice_exports.evidence_rows(matrix)),
    ]


def summary_rows(data: dict) -> list[list]:
    rows = [[_("Rapport"), _("Statusrapport til udvalget: %(plan)s") % {"plan": data["plan"].name}]]
    rows.append([_("Udskrevet"), data["today"]])
    rows.append([_("Nøgletal for"), data["period"] or "–"])
    for topic in data["summary"]:
        rows.append([topic["topic"], topic["text"]])
        rows.extend([topic["topic"], item] for item in topic["items"])
    return rows


INITIATIVE_HEADER = [
    "Spor",
    "Initiativ",
    "Ejer",
    "Status",
    "Budget (kr.)",
    "Forbrug (kr.)",
    "Seneste status",
    "Seneste fortælling",
]


def initiative_rows(data: dict) -> list[list]:
    return [
        [
            row["initiative"].track.number,
            row["initiative"].title,
            row["owner"],
            row["status"],
            row["budget"],
            row["spent"],
            row["update"].date if row["update"] else None,
            row["update"].narrative if row["update"] else "",
        ]
        for row in data["initiatives"]
    ]


REACH_HEADER = [
    "År",
    "Initiativ",
    "Startet",
    "Aktive",
    "Afsluttet",
    "Forbrug (kr.)",
    "Budget (kr.)",
    "Forbrug pr. forløb (kr.)",
    "Budget pr. forløb (kr.)",
]


def reach_rows(data: dict) -> list[list]:
    hidden = reason_label("small")
    return [
        [
            r["year"],
            r["initiative"]["title"],
            *(hidden if v is None else v for v in r["counts"]),
            r["spent"],
            r["budget"],
            r["spent_per_course"],
            r["budget_per_course"],
        ]
        for r in data["reach"]
    ]


def figure_cells(f: dict) -> list:
    suppressed = f["suppressed"]
    why = reason_label(f["suppressed_reason"])
    return [
        str(dict(effects.ScopeKind.choices).get(f["scope"]["kind"], f["scope"]["kind"])),
        f["scope"]["name"],
        effects.FIGURE_LABELS[f["figure"]],
        effects.DIMENSION_LABELS[f["dimension"]],
        f["period"],
        why if suppressed else f["count"],
        why if suppressed else f["denominator"],
        None if suppressed else Share(round(f["share"], 3)),
        None if suppressed else Share(round(f["ci_low"], 3)),
        None if suppressed else Share(round(f["ci_high"], 3)),
        None if f["target"] is None else Share(round(f["target"], 3)),
        effects.VERDICT_LABELS.get(f["verdict"], "") if f["verdict"] else "",
        why,
    ]


def _titles(data: dict, ids) -> str:
    return "; ".join(data["initiative_titles"][i] for i in ids)


DECISION_HEADER = ["Dato", "Møde", "Punkt", "Beslutning", "Beslutningspunkter", "Initiativer"]


def decision_rows(data: dict) -> list[list]:
    return [
        [
            d["date"],
            d["meeting"],
            d["title"],
            d["decision"],
            "; ".join(f"{p['number']}) {p['text'].rstrip('.')}: {p['outcome']}" for p in d["outcomes"]),
            _titles(data, d["initiative_ids"]),
        ]
        for d in data["decisions"]
    ]


FOLLOW_UP_HEADER = ["Opgave", "Ansvarlig", "Frist", "Status", "Overskredet", "Kilde", "Initiativer"]


def follow_up_rows(data: dict) -> list[list]:
    return [
        [
            f["title"],
            f["owner"],
            f["due_date"],
            f["status"],
            _("ja") if f["overdue"] else _("nej"),
            f["source"],
            _titles(data, f["initiative_ids"]),
        ]
        for f in data["follow_ups"]
    ]


CASE_HEADER = [
    "Initiativ",
    "Case",
    "Fra år",
    "Til år",
    "Diskonteringsrente",
    "Omkostninger (kr.)",
    "Akkumuleret resultat (kr.)",
    "Nutidsværdi (kr.)",
    "Tjener sig hjem",
    "Tjener sig hjem, diskonteret",
    "Målte konsekvenser",
    "Antagne konsekvenser",
    "Bemærkning",
]


def case_rows(data: dict) -> list[list]:
    rows = []
    for case in data["cases"]:
        title = data["initiative_titles"][case["initiative_id"]]
        if case["error"]:
            rows.append([title, case["name"], *([None] * 10), case["error"]])
            continue
        rows.append(
            [
                title,
                case["name"],
                case["first_year"],
                case["last_year"],
                Share(case["discount_rate"]),
                case["cost"],
                case["cumulative"],
                case["present_value"],
                case["break_even_year"],
                case["break_even_year_discounted"],
                case["measured"],
                case["assumed"],
                wording.case_line(case),
            ]
        )
    return rows


CONSEQUENCE_HEADER = ["Case", "Konsekvens", "Regnet med", "Rate", "Basisrate", "Netto", "Bemærkning"]


def consequence_rows(data: dict) -> list[list]:
    return [
        [
            case["name"],
            c["name"],
            _("målt") if c["measured"] else _("antaget"),
            Share(c["gross"]),
            Share(c["baseline"]),
            Share(c["net"]),
            c["note"],
        ]
        for case in data["cases"]
        if not case["error"]
        for c in case["consequences"]
    ]
