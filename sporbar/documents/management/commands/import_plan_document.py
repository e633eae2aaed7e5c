"""sporbar import-plan-document FILE [--plan CODE [--apply]]: an investment overview against a plan.

Without --plan the overview is stored as a draft for an analyst to review on its page. With --plan the
difference against that plan is printed (new, changed, unchanged, missing) and nothing is written; --apply
writes exactly that difference: matched initiatives are updated, never duplicated.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sporbar.accounts.models import Unit
from sporbar.documents.importing import (
    ImportFailed,
    apply_plan_draft,
    compare_plan_document,
    import_plan_document,
    read_file,
)
from sporbar.documents.parsing.plan_document import parse_plan_document
from sporbar.formats import mio_kr

FIELD_LABELS = {"title": "titel", "amount": "beløb", "period_start": "periode fra", "period_end": "periode til"}


def _value(name, value) -> str:
    if value is None or value == "":
        return "–"
    return mio_kr(value) if name == "amount" else f"»{value}«" if name == "title" else str(value)


def print_comparison(stdout, comparison, plan_code: str) -> None:
    plan = comparison.plan
    stdout.write(f"Forskel mod planen {plan_code}" + (f" ({plan.name}):" if plan else " (findes ikke – oprettes):"))
    for kind, label in (("new", "Nye"), ("changed", "Ændrede"), ("unchanged", "Uændrede")):
        changes = comparison.of_kind(kind)
        stdout.write(f"  {label}: {len(changes)}")
        for change in changes:
            where = f"    {change.row['track_number']} {change.row['title'][:70]}"
            if kind == "new":
                stdout.write(f"{where}: {mio_kr(change.row['amount'])}")
            elif kind == "changed":
                fields = "; ".join(
                    f"{FIELD_LABELS[name]} {_value(name, before)} → {_value(name, after)}"
                    for name, (before, after) in change.fields.items()
                )
                stdout.write(f"{where}: {fields}")
    stdout.write(f"  Mangler i dokumentet (beholdes): {len(comparison.missing)}")
    for initiative in comparison.missing:
        stdout.write(f"    {initiative.track.number} {initiative.title[:70]}: {mio_kr(initiative.amount)}")
    for where, before, after in comparison.renamed:
        stdout.write(f"  Omdøbes: {where} »{before}« → »{after}«")
    stdout.write(f"  Planen bagefter: {comparison.count_after} initiativer, {mio_kr(comparison.total_after)}")


class Command(BaseCommand):
    help = (
        "Læs en oversigt over investeringsinitiativer (tekst eller PDF). Uden --plan gemmes en kladde til "
        "gennemsyn; med --plan vises forskellen mod planen uden at skrive, og --apply skriver den."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--plan", help="Planens kode: vis forskellen mod planen (skriver intet)")
        parser.add_argument("--apply", action="store_true", help="Skriv forskellen i planen")
        parser.add_argument("--owner", help="Enhedskode, der ejer nye initiativer")
        parser.add_argument("--name", help="Planens navn, hvis planen oprettes")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if options["apply"] and not options["plan"]:
            raise CommandError("--apply kræver --plan KODE.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: filen kan ikke læses ({exc.strerror}).") from exc
        try:
            if options["plan"]:
                return self.against_plan(path.name, data, options)
            result = import_plan_document(path.name, data)
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        draft = result.report["draft"]
        state = "kladde oprettet" if result.created else "allerede importeret – intet ændret"
        self.stdout.write(f"{path.name}: {state} (dokument {result.document.pk}).")
        for theme in draft["themes"]:
            self.stdout.write(f"  Tema {theme['number']}: {theme['name']}")
            for track in theme["tracks"]:
                for initiative in track["initiatives"]:
                    period = (
                        f" ({initiative['period_start']}-{initiative['period_end']})"
                        if initiative["period_start"]
                        else ""
                    )
                    amount = mio_kr(initiative["amount_kr"])
                    self.stdout.write(f"    {track['number']} {initiative['title'][:60]}: {amount}{period}")
        self.stdout.write(f"  I alt: {mio_kr(draft['total_kr'])}")
        self.stdout.write(f"  Gennemse og anvend kladden på /dokumenter/{result.document.pk}/")

    def against_plan(self, name: str, data: bytes, options) -> None:
        try:
            draft = parse_plan_document(read_file(name, data))
        except ValueError as exc:
            raise ImportFailed(f"{name}: {exc}") from exc
        comparison = compare_plan_document(draft, options["plan"])
        print_comparison(self.stdout, comparison, options["plan"])
        if not options["apply"]:
            self.stdout.write("Intet er skrevet. Kør igen med --apply for at skrive forskellen.")
            return
        owner = None
        if options["owner"]:
            owner = Unit.objects.filter(code=options["owner"]).first()
            if owner is None:
                raise CommandError(f"Ukendt enhed »{options['owner']}«.")
        if comparison.of_kind("new") and owner is None:
            raise CommandError(
                f"{name}: de nye initiativer skal have en ejer: angiv --owner ENHEDSKODE. Intet er skrevet."
            )
        plan_name = options["name"] or draft["title"][:200]
        with transaction.atomic():  # the stored document and the plan's changes, or nothing
            document = import_plan_document(name, data).document
            outcome = apply_plan_draft(document, options["plan"], plan_name, owner, fingerprint=comparison.fingerprint)
            if not outcome["ok"]:
                raise CommandError(f"{name}: " + " ".join(outcome["errors"]) + " Intet er skrevet.")
        self.stdout.write(
            f"Skrevet: {outcome['created']} oprettet, {outcome['updated']} ændret, {outcome['unchanged']} uændret,"
            f" {outcome['missing']} beholdt uden for dokumentet."
        )
