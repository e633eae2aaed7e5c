"""Text from a PDF: pdfplumber first, pypdf as fallback."""

import io


def pdf_text(data: bytes) -> str:
    """Return the text of a PDF; raise ValueError with a Danish message if it cannot be read."""
    errors = []
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            text = "\n\n".join(page.extract_text() or "" for page in pdf.pages)
        if text.strip():
            return text
    except Exception as exc:  # pdfplumber raises many kinds on broken files
        errors.append(str(exc))
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        text = "\n\n".join(page.extract_text() or "" for page in reader.pages)
        if text.strip():
            return text
    except Exception as exc:
        errors.append(str(exc))
    if errors:
        raise ValueError("PDF-filen er beskadiget eller kan ikke læses.")
    raise ValueError("PDF-filen indeholder ingen tekst (måske et scannet billede).")


def file_text(name: str, data: bytes) -> str:
    """Text of an uploaded/imported file (PDF or UTF-8/Latin-1 text). Raises ValueError on bad input."""
    if not data.strip():
        raise ValueError("Filen er tom.")
    if data[:5] == b"%PDF-" or name.lower().endswith(".pdf"):
        return pdf_text(data)
    if b"\x00" in data[:4096]:
        raise ValueError("Filen er hverken tekst eller PDF.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")
