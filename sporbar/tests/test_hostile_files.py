"""Hostile uploads are refused within seconds and a bounded amount of memory, with a Danish message."""

import re
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sporbar.tables import UnreadableTable, read_table

from .hostile import pdf_with_pages, repeated_rows, xlsx_with_sheet, zip_bomb


def refused_within(seconds, megabytes, read):
    """Run `read`, which must raise UnreadableTable, and check time and peak Python memory."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(UnreadableTable) as refused:
            read()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert time.monotonic() - started < seconds
    assert peak < megabytes * 1024 * 1024
    return str(refused.value)


def test_an_xlsx_zip_bomb_is_refused_from_its_directory_before_unpacking():
    bomb = zip_bomb(unpacked_mb=400)
    assert len(bomb) < 3 * 1024 * 1024
    message = refused_within(5, 50, lambda: read_table(bomb, "forløb.xlsx"))
    assert re.match(r"forløb\.xlsx: regnearket fylder 4\d\d MB udpakket", message)


def test_a_densely_packed_sheet_below_the_size_limit_is_refused_by_its_ratio():
    bomb = zip_bomb(unpacked_mb=60)
    message = refused_within(5, 50, lambda: read_table(bomb, "forløb.xlsx"))
    assert "usædvanligt tæt pakket" in message


def test_a_sheet_that_passes_the_zip_checks_stops_at_the_row_limit(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_rows": 5000, "max_zip_ratio": 10_000}
    sheet = xlsx_with_sheet(repeated_rows(200_000), dimension="A1:XFD1048576")
    message = refused_within(10, 200, lambda: read_table(sheet, "mange.xlsx"))
    assert message == "mange.xlsx: filen har mere end 5,000 rækker. Del den op."


def test_a_declared_dimension_of_the_whole_sheet_does_not_pad_rows():
    sheet = xlsx_with_sheet(repeated_rows(3), dimension="A1:XFD1048576")
    header, rows = read_table(sheet, "lille.xlsx")
    assert header == ["x"] and len(rows) == 2


def test_reading_stops_at_the_time_limit(settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_seconds": 0.0}
    with pytest.raises(UnreadableTable, match="tager for lang tid"):
        read_table(b"a;b\n" + b"1;2\n" * 1000, "langsom.csv")


def test_a_500_page_pdf_is_refused_from_its_page_count_before_any_text_is_extracted():
    from sporbar.documents.parsing.pdf import file_text

    pdf = pdf_with_pages(500)
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(ValueError, match="PDF-filen har 500 sider; der kan højst læses 300"):
        file_text("referat.pdf", pdf)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert time.monotonic() - started < 5 and peak < 100 * 1024 * 1024


def test_a_pdf_within_the_limit_is_read_page_by_page():
    from sporbar.documents.parsing.pdf import file_text

    text = file_text("referat.pdf", pdf_with_pages(3))
    assert "Side 1: Punkt 1. Beslutning" in text and "Side 3: Punkt 3. Beslutning" in text


def test_pdf_reading_stops_at_the_time_limit(settings):
    from sporbar.documents.parsing.pdf import file_text

    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_seconds": 0.0}
    with pytest.raises(ValueError, match="tager for lang tid"):
        file_text("referat.pdf", pdf_with_pages(3))


def test_the_big_pdf_uploaded_through_the_page_is_refused_and_nothing_is_stored(org, client_for):
    from sporbar.documents.models import Document

    upload = SimpleUploadedFile("referat.pdf", pdf_with_pages(500), content_type="application/pdf")
    response = client_for(org.analyst).post("/dokumenter/import/", {"kind": "minutes", "file": upload})
    assert response.status_code == 200
    assert "PDF-filen har 500 sider" in response.content.decode()
    assert Document.objects.count() == 0
