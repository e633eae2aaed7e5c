"""Text from a PDF: pdfplumber first, pypdf as fallback, within the upload limits.

The page count is read from the page tree before any text is extracted, so a PDF of more pages
than the limit is refused at once; extraction then goes page by page, freeing each page's
objects, and stops when the time limit is passed (settings.IMPORT_LIMITS).
"""

import io

from sporbar.tables import Deadline, Limits, UnreadableTable, check_size, decode_text


def _page_count(data: bytes) -> int:
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
        raise ValueError("PDF-filen er beskadiget eller kan ikke læses.") from exc


def _pages_text(pages, deadline: Deadline) -> str:
    texts = []
    for page in pages:
        deadline.check()
        texts.append(page.extract_text() or "")
        if hasattr(page, "close"):  # pdfplumber keeps every parsed object of a page until closed
            page.close()
    return "\n\n".join(texts)


def pdf_text(data: bytes, name: str = "PDF-filen") -> str:
    """Return the text of a PDF; raise ValueError with a Danish message if it cannot be read."""
    limits = Limits.from_settings()
    pages = _page_count(data)
    if pages > limits.max_pdf_pages:
        raise ValueError(f"PDF-filen har {pages} sider; der kan højst læses {limits.max_pdf_pages}. Del den op.")
    deadline = Deadline(name, limits.max_seconds)
    errors = []
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            text = _pages_text(pdf.pages, deadline)
        if text.strip():
            return text
    except UnreadableTable as exc:
        raise ValueError(str(exc).removeprefix(f"{name}: ")) from exc
    except Exception as exc:  # noqa: BLE001 - pdfplumber raises many kinds on broken files
        errors.append(str(exc))
    try:
        from pypdf import PdfReader

        text = _pages_text(PdfReader(io.BytesIO(data)).pages, deadline)
        if text.strip():
            return text
    except UnreadableTable as exc:
        raise ValueError(str(exc).removeprefix(f"{name}: ")) from exc
    except Exception as exc:  # noqa: BLE001
        errors.append(str(exc))
    if errors:
        raise ValueError("PDF-filen er beskadiget eller kan ikke læses.")
    raise ValueError("PDF-filen indeholder ingen tekst (måske et scannet billede).")


def file_text(name: str, data: bytes) -> str:
    """Text of an uploaded/imported file (PDF or text in UTF-8, UTF-16, cp1252 or latin-1).

    Raises ValueError with a Danish message on bad input.
    """
    try:
        check_size(len(data), name)
    except UnreadableTable as exc:
        raise ValueError(str(exc).split(": ", 1)[1]) from exc
    if not data.strip():
        raise ValueError("Filen er tom.")
    if data[:5] == b"%PDF-" or name.lower().endswith(".pdf"):
        return pdf_text(data, name)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("Filen er hverken tekst eller PDF.")
    try:
        return decode_text(data, name)
    except UnreadableTable:
        raise ValueError("Filen er hverken tekst eller PDF.") from None
