"""Reading the CSV and XLSX tables that users upload, and writing cells that spreadsheets cannot run.

One reader for every import of tables (courses, targets, price catalogue, the plan):
- rows keep the file's own line number (line 1 is the header), so problems are reported
  where the user sees them;
- CSV: the encoding is found (UTF-8 with or without BOM, UTF-16 with BOM, cp1252 as Excel
  writes Danish CSV, latin-1) and the delimiter (; , or tab) is sniffed from several KB;
  quotes follow Excel's rules (`""` inside a quoted cell is one `"`);
- XLSX: the zip is checked before it is opened (declared sizes and compression ratios), then
  streamed row by row (openpyxl read-only);
- limits on size, rows, columns, cell length and reading time (settings.IMPORT_LIMITS): a
  hostile file is refused within seconds with a Danish message naming the file.

Exports go through `safe_cell`, so that a text such as `=HYPERLINK(…)` stays text in the
spreadsheet; the CSV reader undoes the escape, so an import reads our own exports back exactly.
"""

import codecs
import csv
import io
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# Text starting with one of these is run as a formula by Excel, LibreOffice or Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
DELIMITERS = ";,\t"
SNIFF_CHARS = 16 * 1024
MAX_ZIP_MEMBERS = 1000
RATIO_CHECKED_FROM = 1024 * 1024  # small members may compress well without harm


class UnreadableTable(Exception):
    """The file is not a table we can read; the message names the file (and line), in Danish."""


@dataclass(frozen=True)
class Limits:
    """How much of an uploaded file we are willing to read (settings.IMPORT_LIMITS)."""

    max_bytes: int
    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_unzipped_bytes: int
    max_zip_ratio: int
    max_pdf_pages: int
    max_seconds: float

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(**settings.IMPORT_LIMITS)


class Deadline:
    """Raises UnreadableTable once a file has been read for longer than the limit allows."""

    def __init__(self, name: str, seconds: float):
        self.name, self.seconds = name, seconds
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise UnreadableTable(
                f"{self.name}: filen tager for lang tid at læse (over {self.seconds:.0f} sekunder). "
                "Del den op i mindre filer."
            )


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_size(size: int, name: str, limits: Limits | None = None) -> None:
    limits = limits or Limits.from_settings()
    if size > limits.max_bytes:
        raise UnreadableTable(
            f"{Path(name).name}: filen er for stor ({megabytes(size)}; højst {megabytes(limits.max_bytes)})."
        )


def upload_size(upload) -> None:
    """Form field validator: the upload limit, with the file's name in the message."""
    from django.core.exceptions import ValidationError

    try:
        check_size(upload.size, upload.name)
    except UnreadableTable as exc:
        raise ValidationError(str(exc)) from None


# --- text -------------------------------------------------------------------------------------


def decode_text(content: bytes, name: str) -> str:
    """The text of an uploaded text file in whichever of the encodings Danish users' tools write."""
    if content.startswith(codecs.BOM_UTF8):
        codecs_to_try = ["utf-8-sig"]
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codecs_to_try = ["utf-16"]
    else:
        # Strict UTF-8 almost never accepts a cp1252 file with Danish letters; cp1252 leaves five
        # bytes undefined, and latin-1 reads any byte.
        codecs_to_try = ["utf-8", "cp1252", "latin-1"]
    for codec in codecs_to_try:
        try:
            text = content.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise UnreadableTable(
        f"{Path(name).name}: filen kan ikke læses som tekst (UTF-8, UTF-16, Windows-1252 eller latin-1)."
    )


def _dialect(text: str) -> type[csv.Dialect]:
    """Excel's CSV rules with the delimiter sniffed from the first KB of the file."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    header = sample.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = None
    if delimiter is None or delimiter not in header:
        # Sniffing failed, or found a delimiter the header does not use: take the header's most common one.
        delimiter = max(DELIMITERS, key=header.count) if any(d in header for d in DELIMITERS) else ";"

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


def unescape_cell(text: str) -> str:
    """Undo `safe_cell`: `'=1+2` was exported for the text `=1+2`."""
    if text.startswith(ESCAPE) and text[1:2] and text[1] in (*FORMULA_START, ESCAPE):
        return text[1:]
    return text


def safe_cell(value):
    """A cell value that no spreadsheet runs as a formula. Numbers stay numbers (also negative ones)."""
    if isinstance(value, str) and value.startswith((*FORMULA_START, ESCAPE)):
        return ESCAPE + value
    return value


def safe_xlsx_row(sheet, values) -> None:
    """Append a row whose text cells are typed as text, never formulas. Numbers stay numbers."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


# --- records: (line, cells) -----------------------------------------------------------------


def csv_records(content: bytes, name: str, limits: Limits | None = None) -> Iterator[tuple[int, list[str]]]:
    """Every record of a CSV file with the line it starts on, header first."""
    limits = limits or Limits.from_settings()
    check_size(len(content), name, limits)
    text = decode_text(content, name)
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    guard = _Guard(Path(name).name, limits)
    line = 1
    try:
        for cells in reader:
            guard.row(line, cells)
            yield line, [unescape_cell(c) for c in cells]
            line = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableTable(f"{Path(name).name}, linje {reader.line_num}: filen er ikke gyldig CSV ({exc}).") from exc


def xlsx_records(content: bytes, name: str, limits: Limits | None = None) -> Iterator[tuple[int, list]]:
    """Every row of the first sheet with its row number, streamed; values as openpyxl reads them."""
    from openpyxl import load_workbook

    limits = limits or Limits.from_settings()
    check_size(len(content), name, limits)
    _check_zip(content, Path(name).name, limits)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise UnreadableTable(f"{Path(name).name}: filen kan ikke læses som et Excel-regneark (XLSX).") from exc
    guard = _Guard(Path(name).name, limits)
    try:
        # One column more than allowed, so that a row using it is refused rather than cut short.
        rows = book.worksheets[0].iter_rows(values_only=True, max_col=limits.max_columns + 1)
        for line, values in enumerate(rows, start=1):
            guard.row(line, values)
            yield line, _without_trailing_blanks(values)
    except UnreadableTable:
        raise
    except Exception as exc:  # noqa: BLE001
        raise UnreadableTable(f"{Path(name).name}: filen kan ikke læses som et Excel-regneark (XLSX).") from exc
    finally:
        book.close()


def _without_trailing_blanks(values) -> list:
    values = list(values)
    while values and values[-1] is None:
        values.pop()
    return values


def _check_zip(content: bytes, name: str, limits: Limits) -> None:
    """Refuse a zip bomb from its directory, before a byte is unpacked (zipfile then stops at the
    declared sizes, so a directory that lies is caught by the CRC check)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableTable(f"{name}: filen kan ikke læses som et Excel-regneark (XLSX).") from exc
    unpacked = sum(m.file_size for m in members)
    too_dense = [
        m
        for m in members
        if m.file_size > RATIO_CHECKED_FROM and m.file_size > limits.max_zip_ratio * max(m.compress_size, 1)
    ]
    if len(members) > MAX_ZIP_MEMBERS or unpacked > limits.max_unzipped_bytes or too_dense:
        raise UnreadableTable(
            f"{name}: regnearket fylder {megabytes(unpacked)} udpakket eller er usædvanligt tæt pakket "
            f"(højst {megabytes(limits.max_unzipped_bytes)} og {limits.max_zip_ratio} gange). "
            "Filen er afvist for at beskytte systemet; gem den igen fra Excel eller del den op."
        )


class _Guard:
    """Counts rows and checks the shape of each against the limits while a file is read."""

    def __init__(self, name: str, limits: Limits):
        self.name, self.limits = name, limits
        self.deadline = Deadline(name, limits.max_seconds)
        self.rows = 0  # records, header included (a CSV record may span several lines)

    def row(self, line: int, cells) -> None:
        limits = self.limits
        self.rows += 1
        if self.rows > limits.max_rows + 1:
            raise UnreadableTable(f"{self.name}: filen har mere end {limits.max_rows:,} rækker. Del den op.")
        if len(cells) > limits.max_columns and any(_text(c) for c in cells[limits.max_columns :]):
            raise UnreadableTable(f"{self.name}, linje {line}: rækken har mere end {limits.max_columns} kolonner.")
        for cell in cells:
            if isinstance(cell, str):
                if len(cell) > limits.max_cell_chars:
                    raise UnreadableTable(
                        f"{self.name}, linje {line}: en celle har mere end {limits.max_cell_chars:,} tegn."
                    )
                if "\x00" in cell:
                    raise UnreadableTable(f"{self.name}, linje {line}: en celle indeholder et NUL-tegn.")
        if self.rows % 200 == 0:
            self.deadline.check()


# --- the simple table: lower-cased header and rows of text ---------------------------------


def table_records(content: bytes, name: str, limits: Limits | None = None) -> Iterator[tuple[int, list]]:
    """CSV or XLSX records by the file's name."""
    if name.lower().endswith(".xlsx"):
        return xlsx_records(content, name, limits)
    return csv_records(content, name, limits)


def read_table(content: bytes, name: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The lower-cased header and (line number, {column: text}) for every non-empty data row."""
    records = table_records(content, name)
    first = next(records, None)
    if first is None:
        return [], []
    header = [_text(h).lower() for h in first[1]]
    rows = []
    for number, values in records:
        cells = [_text(v) for v in values]
        if any(cells):
            rows.append((number, dict(zip(header, cells, strict=False))))
    return header, rows


def _text(value) -> str:
    return "" if value is None else str(value).strip()
