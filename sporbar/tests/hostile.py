"""Hostile files, built in the test so the repository stays small: zip bombs and huge PDFs."""

import io
import zipfile

import openpyxl

ROW = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{text}</t></is></c></row>'


def xlsx_with_sheet(sheet_xml_chunks, *, dimension: str = "A1:A1") -> bytes:
    """A real workbook whose first sheet is replaced by the streamed XML (deflated as written)."""
    book = openpyxl.Workbook()
    book.active.append(["x"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info.filename, src.read(info.filename))
        with dst.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="{dimension}"/><sheetData>'.encode()
            )
            for chunk in sheet_xml_chunks:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def repeated_rows(rows: int, text: str = "x", per_chunk: int = 10_000):
    """Rows 1..rows of one cell each, yielded in chunks."""
    for start in range(1, rows + 1, per_chunk):
        yield "".join(ROW.format(n=n, text=text) for n in range(start, min(start + per_chunk, rows + 1))).encode()


def zip_bomb(unpacked_mb: int) -> bytes:
    """An XLSX whose sheet unpacks to `unpacked_mb` MB of one row repeated (ratio far above 100)."""
    block = ROW.format(n=1, text="x" * 1000).encode() * 1024  # ~1 MB
    return xlsx_with_sheet(block for _ in range(unpacked_mb))


def pdf_with_pages(pages: int) -> bytes:
    """A valid PDF of `pages` pages with a line of text on each (pypdf writes it)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    font_ref = writer._add_object(font)
    for number in range(1, pages + 1):
        page = writer.add_blank_page(width=595, height=842)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 72 770 Td (Side {number}: Punkt {number}. Beslutning) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
