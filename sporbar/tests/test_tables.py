"""Uploaded tables: line numbers as the user sees them in the file, and a clear message for a broken file."""

import io

import openpyxl
import pytest

from sporbar.tables import UnreadableTable, read_table


def test_csv_rows_keep_their_line_numbers_and_skip_empty_lines():
    content = "Navn;Beløb\nOvernatning;500\n;\nSengedag;4.000\n".encode()
    header, rows = read_table(content, "katalog.csv")
    assert header == ["navn", "beløb"]
    assert rows == [(2, {"navn": "Overnatning", "beløb": "500"}), (4, {"navn": "Sengedag", "beløb": "4.000"})]


def test_xlsx_reads_the_first_sheet_as_text():
    book = openpyxl.Workbook()
    book.active.append(["navn", "antal"])
    book.active.append(["Overnatning", 40])
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_table(buffer.getvalue(), "katalog.xlsx") == (
        ["navn", "antal"],
        [(2, {"navn": "Overnatning", "antal": "40"})],
    )


@pytest.mark.parametrize(("content", "name"), [(b"\xff\xfe\x00broken", "katalog.csv"), (b"not a zip", "katalog.xlsx")])
def test_a_broken_file_gets_one_message_naming_the_file(content, name):
    with pytest.raises(UnreadableTable, match=f"^{name}: filen kan ikke læses"):
        read_table(content, f"/tmp/upload/{name}")
