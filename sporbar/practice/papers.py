"""Documents behind a self-assessment (a theory of change, a method description): checked, stored, searchable.

A file is refused with a Danish message naming it when it is too large, of another type than PDF or
plain text, unreadable, empty, or when it holds a CPR number. The same file attached twice to the same
element is kept once. The file lies in the default storage and is served only through the download
view, which asks who may read it.
"""

import hashlib
import mimetypes
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from sporbar.accounts import permissions
from sporbar.documents.parsing.pdf import file_text
from sporbar.documents.parsing.personal import find_personal_data

from .models import PracticeDocument
from .services import PracticeError, _valid_element

ALLOWED_SUFFIXES = {".pdf", ".txt", ".md"}
SAFE_NAME = re.compile(r"[^\w.\-]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def max_bytes() -> int:
    return int(getattr(settings, "PRACTICE_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))


def _check(name: str, data: bytes) -> str:
    """The text of the file, or PracticeError with a message that names the file."""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise PracticeError("file", f"{name}: kun PDF- og tekstfiler (.pdf, .txt, .md) kan vedhæftes.")
    limit = max_bytes()
    if len(data) > limit:
        raise PracticeError("file", f"{name}: filen er for stor (højst {limit // (1024 * 1024)} MB).")
    if suffix == ".pdf" and data[:5] != b"%PDF-":
        raise PracticeError("file", f"{name}: filen hedder .pdf, men er ikke en PDF.")
    try:
        text = file_text(name, data)
    except ValueError as exc:
        raise PracticeError("file", f"{name}: {exc}") from exc
    cpr = [f for f in find_personal_data(text) if f["kind"] == "cpr"]
    if cpr:
        raise PracticeError(
            "file",
            f"{name}, linje {cpr[0]['line']}: dokumentet ser ud til at indeholde et CPR-nummer. "
            "Fjern personoplysninger, før dokumentet vedhæftes.",
        )
    return text.replace("\x00", "")


def attach(initiative, number, name: str, data: bytes, user, title: str = "", kind: str = "") -> tuple:
    """(document, created). Writes nothing when the file is refused."""
    if not permissions.can_write_self_assessment(user, initiative):
        raise PermissionDenied
    el = _valid_element(number, assessed_only=True)
    name = CONTROL.sub("", Path(name or "").name) or "dokument"
    if kind and kind not in PracticeDocument.Kind.values:
        raise PracticeError("kind", f"Ukendt dokumenttype »{kind}«.")
    text = _check(name, data)
    sha = hashlib.sha256(data).hexdigest()
    existing = PracticeDocument.objects.filter(initiative=initiative, element=el.number, sha256=sha).first()
    if existing:
        return existing, False
    title = (title or "").strip()[:300] or Path(name).stem[:300]
    safe = SAFE_NAME.sub("_", name)[-100:]
    with transaction.atomic():
        path = default_storage.save(f"practice/{initiative.pk}/{sha[:16]}-{safe}", ContentFile(data))
        try:
            doc = PracticeDocument.objects.create(
                initiative=initiative,
                element=el.number,
                kind=kind or PracticeDocument.Kind.OTHER,
                title=title,
                filename=name[:300],
                file=path,
                sha256=sha,
                size=len(data),
                text=text,
                uploaded_by=user,
            )
        except Exception:
            default_storage.delete(path)
            raise
    return doc, True


def remove(doc: PracticeDocument, user) -> None:
    if not permissions.can_write_self_assessment(user, doc.initiative):
        raise PermissionDenied
    doc.delete()  # the file goes with it (signals.py)


def open_for(doc: PracticeDocument, user):
    """(file, content type) for the download view; every reader of profiles may read the documents."""
    if not permissions.can_view_practice(user):
        raise PermissionDenied
    content_type = mimetypes.guess_type(doc.filename)[0] or "application/octet-stream"
    return default_storage.open(doc.file, "rb"), content_type
