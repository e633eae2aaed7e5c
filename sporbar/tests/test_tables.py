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


# --- encodings, dialects and quotes ----------------------------------------------------------

QUOTED = 'navn;citat\r\nAnna;"Jeg vil ""komme ud"", sagde hun"\r\nBo;"to\r\nlinjer"\r\nCarl;slut\r\n'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_csv_in_every_encoding_danish_tools_write_reads_the_same(encoding):
    text = "navn;by\nÆble Østergård;Århus\nSøren;Næstved\n"
    assert read_table(text.encode(encoding), "borgere.csv") == (
        ["navn", "by"],
        [(2, {"navn": "Æble Østergård", "by": "Århus"}), (3, {"navn": "Søren", "by": "Næstved"})],
    )


def test_cp1252_keeps_the_characters_latin1_lacks():
    content = "navn;beløb\n“Bolig” – trin 2;5 €\n".encode("cp1252")
    assert read_table(content, "x.csv")[1] == [(2, {"navn": "“Bolig” – trin 2", "beløb": "5 €"})]


def test_doubled_quotes_and_line_breaks_inside_quotes_import_exactly_and_lines_count_in_the_file():
    header, rows = read_table(QUOTED.encode(), "citater.csv")
    assert rows == [
        (2, {"navn": "Anna", "citat": 'Jeg vil "komme ud", sagde hun'}),
        (3, {"navn": "Bo", "citat": "to\r\nlinjer"}),
        (5, {"navn": "Carl", "citat": "slut"}),
    ]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_the_delimiter_is_sniffed_from_the_data_not_only_the_header(delimiter):
    # The header alone would suggest ";" for every file: its one title contains it.
    lines = [f'"navn{";" if delimiter != ";" else ""}x"{delimiter}tekst']
    lines += [f'Borger {i}{delimiter}"A, b; c ""d"""' for i in range(200)]
    header, rows = read_table("\n".join(lines).encode(), "x.csv")
    assert len(header) == 2
    assert rows[0][1]["tekst"] == 'A, b; c "d"'
    assert len(rows) == 200


def test_a_one_column_file_reads():
    assert read_table(b"navn\nAnna\nBo\n", "x.csv") == (["navn"], [(2, {"navn": "Anna"}), (3, {"navn": "Bo"})])


def test_binary_or_nul_content_is_refused_with_the_file_name():
    with pytest.raises(UnreadableTable, match=r"^x\.csv: filen kan ikke læses som tekst"):
        read_table(b"navn;by\n\x00\x01\x02;a\n", "x.csv")


# --- formulas in exports ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x";"klik")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "'", "'=x", "''", "almindelig"]
)
def test_safe_cell_neutralises_formulas_and_the_csv_reader_undoes_it(text):
    from sporbar.tables import FORMULA_START, safe_cell

    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_START)
    content = f'navn;tekst\r\nA;"{cell.replace(chr(34), chr(34) * 2)}"\r\n'.encode()
    assert read_table(content, "x.csv")[1][0][1]["tekst"] == text.strip()


def test_numbers_stay_numbers_also_negative_ones():
    from sporbar.tables import safe_cell

    assert safe_cell(-500) == -500
    assert safe_cell("'hej") == "''hej"


def test_a_users_own_apostrophe_is_kept():
    assert read_table(b"navn;t\nA;'hej\n", "x.csv")[1][0][1]["t"] == "'hej"


# --- limits ----------------------------------------------------------------------------------


def test_a_file_above_the_size_limit_is_refused(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_bytes": 1000}
    with pytest.raises(UnreadableTable, match=r"^x\.csv: filen er for stor"):
        read_table(b"a;b\n" + b"1;2\n" * 1000, "x.csv")


def test_too_many_rows_are_refused_while_reading(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_rows": 100}
    with pytest.raises(UnreadableTable, match="mere end 100 rækker"):
        read_table(b"a;b\n" + b"1;2\n" * 101, "x.csv")
    read_table(b"a;b\n" + b"1;2\n" * 100, "x.csv")


def test_a_giant_cell_is_refused_with_its_line(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_cell_chars": 10}
    with pytest.raises(UnreadableTable, match=r"^x\.csv, linje 3: en celle har mere end 10 tegn"):
        read_table(b"a;b\n1;2\n1;" + b"x" * 11 + b"\n", "x.csv")


def test_too_many_columns_are_refused(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_columns": 3}
    with pytest.raises(UnreadableTable, match="mere end 3 kolonner"):
        read_table(b"a;b;c;d\n1;2;3;4\n", "x.csv")
