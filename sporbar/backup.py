"""Backup and restore of the whole product: a portable zip, the same on SQLite and PostgreSQL.

The file (format FORMAT, version VERSION) holds
- `manifest.json`: format, version, when, from which database, the applied migrations, the number
  of rows per model and the media files;
- `data/NNN-<app>.<model>.jsonl`: every row of every model, in Django's JSON-lines serialisation,
  keys as stored (content types and permissions included, so every reference stays valid);
- `media/…`: the uploaded files (MEDIA_ROOT).

Not in it: sessions, API tokens and login-throttling state (issue new tokens after a restore),
and the derived tables (figure summaries, search index), which a restore rebuilds.

A restore needs a database on the same migrations as the backup (it migrates an empty database
first), refuses a database that holds data unless forced, and runs in one transaction: a bad or
damaged file changes nothing.
"""

import datetime
import io
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "sporbar-backup"
VERSION = 1
BATCH = 1000
# Not backed up: short-lived or secret (sessions, tokens, lockouts), or derived and rebuilt.
SKIPPED = {"sessions.Session", "knox.AuthToken", "effects.CourseFigure", "effects.FigureCount"}
SKIPPED_APPS = {"axes"}
DERIVED = {"effects.CourseFigure", "effects.FigureCount", "documents.SearchEntry"}
# Created by `migrate` in every database; replaced by the backup's own rows.
BUILT_IN = {"contenttypes.ContentType", "auth.Permission"}


class RestoreRefused(Exception):
    """A clear Danish reason; nothing was changed."""


@dataclass
class Summary:
    rows: dict = field(default_factory=dict)
    media: int = 0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def backed_up_models() -> list:
    """Every model whose rows the backup holds, in an order that loads (dependencies first)."""
    app_list = [
        (config, [m for m in config.get_models() if _included(m)])
        for config in apps.get_app_configs()
        if config.label not in SKIPPED_APPS
    ]
    return serializers.sort_dependencies([(c, ms) for c, ms in app_list if ms], allow_cycles=True)


def _included(model) -> bool:
    return model._meta.managed and not model._meta.proxy and model._meta.label not in SKIPPED | DERIVED


def applied_migrations() -> dict:
    recorder = MigrationRecorder(connection)
    applied: dict[str, list[str]] = {}
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


# --- backup -----------------------------------------------------------------------------------


def backup(path: Path) -> Summary:
    """Write the backup to `path` (a new file, written completely or not at all)."""
    summary = Summary()
    partial = path.with_name(path.name + ".part")
    outermost = not connection.in_atomic_block
    with transaction.atomic(), zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        if outermost and connection.vendor == "postgresql":
            # One consistent snapshot of every table, however long the backup takes.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for number, model in enumerate(backed_up_models()):
            summary.rows[model._meta.label] = _write_model(archive, number, model)
        media = _write_media(archive)
        summary.media = len(media)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "rows": summary.rows,
            "media": media,
        }
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    partial.replace(path)
    return summary


def _write_model(archive, number: int, model) -> int:
    queryset = model._base_manager.order_by("pk")
    name = f"data/{number:03d}-{model._meta.label}.jsonl"
    with archive.open(name, "w", force_zip64=True) as raw, io.TextIOWrapper(raw, encoding="utf-8") as stream:
        serializers.serialize("jsonl", queryset.iterator(chunk_size=BATCH), stream=stream)
    return queryset.count()


def _write_media(archive) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    names = []
    if root.is_dir():
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            name = file.relative_to(root).as_posix()
            archive.write(file, f"media/{name}")
            names.append(name)
    return names


# --- restore ----------------------------------------------------------------------------------


def read_manifest(archive) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise RestoreRefused(
            "Filen er ikke en sikkerhedskopi fra Sporbar (manifest.json mangler eller er ugyldig)."
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreRefused("Filen er ikke en sikkerhedskopi fra Sporbar.")
    if manifest.get("version") != VERSION:
        raise RestoreRefused(
            f"Sikkerhedskopien har formatversion {manifest.get('version')}; "
            f"denne version af Sporbar læser version {VERSION}."
        )
    return manifest


def check_migrations(manifest: dict) -> None:
    theirs, ours = manifest.get("migrations") or {}, applied_migrations()
    differ = sorted(app for app in set(theirs) | set(ours) if theirs.get(app, []) != ours.get(app, []))
    if differ:
        raise RestoreRefused(
            "Sikkerhedskopien er lavet med en anden version af Sporbar (forskellige migrationer i "
            f"{', '.join(differ)}). Gendan den med den version, der lavede den, og opgradér bagefter."
        )


def data_rows() -> dict:
    """Rows already in the database, per model (content types and permissions don't count)."""
    found = {}
    for model in backed_up_models():
        if model._meta.label not in BUILT_IN and model._base_manager.exists():
            found[model._meta.label] = model._base_manager.count()
    return found


def restore(path: Path, *, force: bool = False) -> Summary:
    """Load the backup into this database (migrated to the same version) and rebuild what derives."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise RestoreRefused(f"{path.name}: filen kan ikke læses som en zip-fil.") from exc
    with archive:
        manifest = read_manifest(archive)
        check_migrations(manifest)
        for name in archive.namelist():
            if name.startswith("media/") and not name.endswith("/"):
                _media_target(name)  # refuses a name that would land outside MEDIA_ROOT, before anything changes
        existing = data_rows()
        if existing and not force:
            example = ", ".join(f"{n} {label}" for label, n in list(existing.items())[:3])
            raise RestoreRefused(
                f"Databasen er ikke tom ({example} …). Gendan i en tom database, eller brug --force for at "
                "erstatte alt indhold."
            )
        written: list[Path] = []
        try:
            with transaction.atomic():
                _empty_tables()
                summary = _load(archive)
                _check_counts(manifest, summary)
                connection.check_constraints()
                _reset_sequences()
                ContentType.objects.clear_cache()
                summary.media = _extract_media(archive, written, force)
                _rebuild_derived()
        except Exception:
            for file in written:
                file.unlink(missing_ok=True)
            raise
    return summary


def _empty_tables() -> None:
    """Everything the backup replaces, and what refers to it (sessions and API tokens of the old users)."""
    models = backed_up_models() + [apps.get_model(label) for label in DERIVED | SKIPPED]
    tables = {m._meta.db_table for m in models}
    tables |= {f.remote_field.through._meta.db_table for m in models for f in m._meta.local_many_to_many}
    statements = connection.ops.sql_flush(no_style(), sorted(tables), reset_sequences=False, allow_cascade=True)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    from sporbar.documents import search

    search.clear_index()


def _load(archive) -> Summary:
    summary = Summary()
    for name in sorted(n for n in archive.namelist() if n.startswith("data/") and n.endswith(".jsonl")):
        with archive.open(name) as raw, io.TextIOWrapper(raw, encoding="utf-8") as stream:
            try:
                for label, count in _load_stream(stream):
                    summary.rows[label] = summary.rows.get(label, 0) + count
            except (serializers.base.DeserializationError, UnicodeDecodeError, ValueError) as exc:
                raise RestoreRefused(f"Sikkerhedskopien er beskadiget ({name}): {str(exc)[:300]}") from exc
    return summary


def _load_stream(stream):
    """Insert the rows in batches, without signals (no audit entries, no index updates: all rebuilt)."""
    batch, m2m = [], []
    model = None
    for item in serializers.deserialize("jsonl", stream, ignorenonexistent=False, handle_forward_references=False):
        if model is not None and type(item.object) is not model and batch:
            yield _insert(model, batch, m2m)
            batch, m2m = [], []
        model = type(item.object)
        batch.append(item.object)
        m2m.append(item.m2m_data or {})
        if len(batch) >= BATCH:
            yield _insert(model, batch, m2m)
            batch, m2m = [], []
    if batch:
        yield _insert(model, batch, m2m)


def _insert(model, objects, m2m) -> tuple[str, int]:
    model._base_manager.bulk_create(objects)
    for field_ in model._meta.local_many_to_many:
        through = field_.remote_field.through
        source, target = field_.m2m_field_name(), field_.m2m_reverse_field_name()
        through._base_manager.bulk_create(
            [
                through(**{f"{source}_id": obj.pk, f"{target}_id": pk})
                for obj, links in zip(objects, m2m, strict=True)
                for pk in links.get(field_.name, [])
            ]
        )
    return model._meta.label, len(objects)


def _check_counts(manifest: dict, summary: Summary) -> None:
    expected = {label: n for label, n in (manifest.get("rows") or {}).items() if n}
    if expected != {label: n for label, n in summary.rows.items() if n}:
        raise RestoreRefused("Sikkerhedskopien er ufuldstændig: antallet af rækker passer ikke med manifest.json.")


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _media_target(name: str) -> Path:
    """Where a media entry goes; refuses names that would land outside MEDIA_ROOT."""
    relative = PurePosixPath(name[len("media/") :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise RestoreRefused(f"Sikkerhedskopien indeholder et ugyldigt filnavn: {name[:200]}")
    return Path(settings.MEDIA_ROOT).joinpath(*relative.parts)


def _extract_media(archive, written: list[Path], force: bool) -> int:
    count = 0
    for info in archive.infolist():
        if not info.filename.startswith("media/") or info.is_dir():
            continue
        target = _media_target(info.filename)
        if target.exists() and not force:
            if _same_content(archive, info, target):
                continue
            raise RestoreRefused(f"Filen {target} findes allerede; brug --force for at erstatte den.")
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out)
        written.append(target)
        count += 1
    return count


def _same_content(archive, info, target: Path) -> bool:
    """An existing file identical to the one in the backup is no conflict (restoring the same backup again)."""
    if target.stat().st_size != info.file_size:
        return False
    with archive.open(info) as source, open(target, "rb") as existing:
        while chunk := source.read(1 << 16):
            if chunk != existing.read(len(chunk)):
                return False
    return True


def _rebuild_derived() -> None:
    from sporbar.documents.search_sources import rebuild as rebuild_search
    from sporbar.effects.services import rebuild_summaries

    rebuild_summaries()
    rebuild_search()
