"""The plan's matrix (initiatives × the 11 elements) as CSV or XLSX, and as a sheet for the committee report.

A level that no analyst has confirmed yet is marked "(forslag)". Text that a spreadsheet would read as a
formula (=, +, -, @) is written as text.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from sporbar import formats, tables

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def cell_text(cell: dict) -> str:
    return cell["level"] if cell["confirmed"] else f"{cell['level']} (forslag)"


def header(matrix: dict) -> list[str]:
    return ["Spor", "Initiativ", *(f"{e['number']}. {e['name']}" for e in matrix["elements"])]


def rows(matrix: dict) -> list[list[str]]:
    return [
        [row["initiative"]["track"], row["initiative"]["title"], *(cell_text(c) for c in row["cells"])]
        for row in matrix["rows"]
    ]


def evidence_rows(matrix: dict) -> list[list[str]]:
    """One row per initiative and element: level, suggestion, who confirmed, explanation, evidence, rule."""
    titles = {row["initiative"]["id"]: row["initiative"]["title"] for row in matrix["rows"]}
    out = []
    for initiative_id, elements in matrix["profiles"].items():
        for e in elements:
            decision = e["decision"]
            out.append(
                [
                    titles[initiative_id],
                    f"{e['number']}. {e['name']}",
                    e["level"],
                    e["suggested_level"],
                    f"{decision['set_by']} {formats.date(decision['set_at'])}" if decision else "",
                    decision["reason"] if decision else "",
                    e["explanation"],
                    "; ".join(f"{i['label']}: {i['value']}" for i in e["evidence"]),
                    e["rule"],
                ]
            )
    return out


EVIDENCE_HEADER = [
    "Initiativ",
    "Element",
    "Niveau",
    "Forslag",
    "Bekræftet af",
    "Begrundelse",
    "Forklaring",
    "Evidens",
    "Regel",
]


def to_csv(matrix: dict) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header(matrix))
    for row in rows(matrix):
        writer.writerow([tables.safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def add_matrix_sheets(book: Workbook, matrix: dict) -> None:
    """Two sheets, "Lovende praksis" (the matrix) and "Lovende praksis, evidens", for any workbook."""
    sheet = book.create_sheet("Lovende praksis")
    tables.safe_xlsx_row(sheet, header(matrix))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(matrix):
        tables.safe_xlsx_row(sheet, row)
    evidence = book.create_sheet("Lovende praksis, evidens")
    tables.safe_xlsx_row(evidence, EVIDENCE_HEADER)
    for cell in evidence[1]:
        cell.font = Font(bold=True)
    for row in evidence_rows(matrix):
        tables.safe_xlsx_row(evidence, row)


def to_xlsx(matrix: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    add_matrix_sheets(book, matrix)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(matrix: dict, fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv(matrix)
    if fmt == "xlsx":
        return to_xlsx(matrix)
    raise ValueError(f"Ukendt format {fmt!r}")
