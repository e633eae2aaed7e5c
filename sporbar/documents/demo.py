"""Demo data: the customer's own papers imported through the real importers (idempotent).

002 → meetings; 001 → a plan draft (not applied: the demo plan comes from data/demo/plan.yaml);
000 → the response of Center for Forebyggelse og Rehabilitering in the demo hearing.
"""

from django.conf import settings

from .importing import ImportFailed, import_hearing_response, import_minutes, import_plan_document

MINUTES, PLAN, RESPONSE = "002_2d9e09fce0574635.txt", "001_db330a7efd97dd86.txt", "000_900901d2c1506195.txt"


def load(options, stdout) -> None:
    seeds = settings.SEEDS_DIR
    if not seeds.is_dir():
        stdout.write(f"Dokumenter: {seeds} findes ikke – kundens papirer springes over.")
        return
    _run(stdout, seeds / MINUTES, lambda name, data: import_minutes(name, data))
    _run(stdout, seeds / PLAN, lambda name, data: import_plan_document(name, data))
    hearing = _demo_hearing()
    if hearing is None:
        stdout.write("Dokumenter: ingen høring – høringssvaret (seed 000) springes over.")
    else:
        _run(stdout, seeds / RESPONSE, lambda name, data: import_hearing_response(name, data, hearing.pk))


def _demo_hearing():
    from sporbar.governance.models import Hearing

    return Hearing.objects.filter(title__icontains="Bæredygtighedsplan").order_by("id").first()


def _run(stdout, path, importer) -> None:
    if not path.exists():
        stdout.write(f"Dokumenter: {path.name} findes ikke – springes over.")
        return
    try:
        result = importer(path.name, path.read_bytes())
    except ImportFailed as exc:
        stdout.write(f"Dokumenter: {exc}")
        return
    state = "importeret" if result.created else "fandtes allerede"
    stdout.write(f"Dokumenter: {path.name} {state} – {result.document.title}.")
