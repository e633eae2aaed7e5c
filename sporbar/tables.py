"""Reading the CSV and XLSX tables that users upload (courses, targets, price catalogue).

Every importer reports problems by line and column, so rows keep their line
number in the file (line 1 is the header) and cells are addressed by column name.
"""

import csv
import io
from pathlib import Path


class UnreadableTable(Exception):
    """The file is not a table we can read; the message names the file, in Danish."""


def read_table(content: bytes, name: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The lower-cased header and (line number, {column: text}) for every non-empty data row."""
    try:
        values = _xlsx_rows(content) if name.lower().endswith(".xlsx") else _csv_rows(content)
    except Exception as exc:  # noqa: BLE001 - a broken upload of any kind gets one clear message
        raise UnreadableTable(f"{Path(name).name}: filen kan ikke læses som CSV (UTF-8) eller XLSX.") from exc
    if not values:
        return [], []
    header = [_text(h).lower() for h in values[0]]
    rows = []
    for number, row in enumerate(values[1:], start=2):
        cells = [_text(v) for v in row]
        if any(cells):
            rows.append((number, dict(zip(header, cells, strict=False))))
    return header, rows


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _xlsx_rows(content: bytes) -> list:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    return list(sheet.iter_rows(values_only=True))


def _csv_rows(content: bytes) -> list:
    text = content.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=";,\t")
    return list(csv.reader(io.StringIO(text), dialect))
