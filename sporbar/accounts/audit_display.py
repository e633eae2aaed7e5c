"""The change log in plain Danish: what the audit log stores, as a user reads it.

Each entry becomes the kind of record and its name (with a link to its page while it exists),
who did it, and each changed field as its Danish label with the old and new value in Danish formats.
What the log stores is decided in `audit`; this module only decides how it reads.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sporbar import formats
from sporbar.accounts.audit import HIDDEN

MAX_VALUE_CHARS = 160
MAX_FIELDS_ON_CREATE = 8
# Bookkeeping a reader has no use for.
HIDDEN_FIELDS = {"id", "sha256", "source_key"}
# Field names without a Danish verbose name of their own, and not a relation to a named model.
FIELD_LABELS = {
    "created_at": gettext_lazy("oprettet"),
    "parent": gettext_lazy("overordnet enhed"),
    "status": gettext_lazy("status"),
    "note": gettext_lazy("note"),
    "dimension": gettext_lazy("dimension"),
}
# People are named by kind and number only: the change log is no way around the access rules.
PERSON_DATA_APPS = {"courses"}
# Changes made without a logged-in user: the command or process that made them.
ACTORS = {
    "system": gettext_lazy("systemet"),
    "demo": gettext_lazy("indlæsning af demoen"),
    "import-plan": gettext_lazy("import af plan"),
    "import-targets": gettext_lazy("import af effektmål"),
    "import-courses": gettext_lazy("import af forløb"),
    "import-catalogue": gettext_lazy("import af priskatalog"),
    "import-minutes": gettext_lazy("import af referater"),
    "import-hearing-response": gettext_lazy("import af høringssvar"),
    "import-plan-document": gettext_lazy("import af investeringsoversigt"),
    "apply-plan-draft": gettext_lazy("planudkast anvendt"),
    "erase-citizen": gettext_lazy("sletning af borger på anmodning"),
    "erase-expired": gettext_lazy("sletning efter opbevaringsfristen"),
    "tick": gettext_lazy("daglig opdatering af høringer"),
}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    at: datetime.datetime
    who: str
    action: str
    kind: str
    name: str
    url: str | None
    is_update: bool
    changes: list[Change] = field(default_factory=list)
    more: int = 0  # fields left out of a long creation or deletion


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _object_pages() -> dict:
    """The page that shows a record of each model (a part of a record: the page of its whole)."""

    def url(name, *args, anchor=""):
        return reverse(name, args=args) + anchor

    return {
        "plans.Plan": lambda o: url("plans:plan-detail", o.pk),
        "plans.Theme": lambda o: url("plans:plan-detail", o.plan_id),
        "plans.Track": lambda o: url("plans:plan-detail", o.theme.plan_id),
        "plans.Initiative": lambda o: url("plans:initiative-detail", o.pk),
        "plans.BudgetLine": lambda o: url("plans:initiative-detail", o.initiative_id),
        "plans.Spending": lambda o: url("plans:initiative-detail", o.initiative_id),
        "plans.StatusUpdate": lambda o: url("plans:initiative-detail", o.initiative_id),
        "effects.Target": lambda o: url("effects:target-edit", o.pk),
        "investment.InvestmentCase": lambda o: url("investment:initiative-cases", o.initiative_id),
        "investment.CaseConsequence": lambda o: url("investment:initiative-cases", o.case.initiative_id),
        "investment.Consequence": lambda o: url("investment:consequence-edit", o.pk),
        "investment.Price": lambda o: url("investment:consequence-edit", o.consequence_id),
        "governance.Meeting": lambda o: url("governance:meeting-detail", o.pk),
        "governance.AgendaItem": lambda o: url("governance:meeting-detail", o.meeting_id, anchor=f"#punkt-{o.pk}"),
        "governance.Attachment": lambda o: url("governance:meeting-detail", o.item.meeting_id),
        "governance.Proposal": lambda o: url("governance:proposal-detail", o.pk),
        "governance.DecisionPoint": lambda o: url("governance:proposal-detail", o.proposal_id),
        "governance.FollowUp": lambda o: url("governance:follow-up-list"),
        "governance.Hearing": lambda o: url("governance:hearing-detail", o.pk),
        "governance.HearingInvitation": lambda o: url("governance:hearing-detail", o.hearing_id),
        "governance.HearingResponse": lambda o: url("governance:hearing-detail", o.hearing_id),
        "governance.ResponsePassage": lambda o: url("governance:hearing-detail", o.response.hearing_id),
        "documents.Document": lambda o: url("documents:document", o.pk),
    }


def kind_of(model) -> str:
    return capfirst(str(model._meta.verbose_name)) if model else _("Post")


def model_choices() -> list[tuple[str, str]]:
    """Every audited kind of record, for the log's filter: (model label, Danish name)."""
    audited = [m for m in apps.get_models() if getattr(m, "audited", False)]
    return sorted(((m._meta.label, kind_of(m)) for m in audited), key=lambda choice: choice[1])


def field_label(model_field) -> str:
    name = str(model_field.verbose_name)
    if name == model_field.name.replace("_", " "):  # no Danish verbose name of its own
        if model_field.name in FIELD_LABELS:
            name = str(FIELD_LABELS[model_field.name])
        elif model_field.is_relation and model_field.related_model:
            name = str(model_field.related_model._meta.verbose_name)
    return capfirst(name.replace(" (kr.)", ""))


def _is_share(model_field) -> bool:
    return any(isinstance(v, MaxValueValidator) and v.limit_value <= 1 for v in model_field.validators)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


class _Names:
    """Names of related records, fetched in one query per model for a page of entries."""

    def __init__(self):
        self.wanted = defaultdict(set)
        self.found = {}

    def want(self, model, pk):
        self.wanted[model].add(pk)

    def fetch(self):
        for model, pks in self.wanted.items():
            if model._meta.app_label not in PERSON_DATA_APPS:
                self.found[model] = model._default_manager.in_bulk(pks)

    def name(self, model, pk) -> str:
        kind = str(model._meta.verbose_name)
        obj = self.found.get(model, {}).get(pk)
        if obj is None:
            return _("%(kind)s nr. %(pk)s") % {"kind": kind, "pk": pk}
        if hasattr(obj, "get_full_name"):
            return obj.get_full_name() or obj.get_username()
        return str(obj)


def format_value(model_field, value, names: _Names) -> str:
    if value is None or value == "":
        return "–"
    if value == HIDDEN:  # a person's data: the log says which field changed, never its value
        return _("skjult")
    if isinstance(value, (dict, list)):
        return _("struktureret indhold (%(n)d dele)") % {"n": len(value)}
    if model_field is None:
        return _shorten(str(value))
    if model_field.is_relation and model_field.related_model:
        return names.name(model_field.related_model, value)
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("ja") if value else _("nej")
    if isinstance(model_field, models.DateTimeField):
        return formats.date(datetime.datetime.fromisoformat(value))
    if isinstance(model_field, models.DateField):
        return formats.date(datetime.date.fromisoformat(value))
    if isinstance(model_field, models.DecimalField):
        if "(kr.)" in str(model_field.verbose_name):
            return formats.kr(value)
        if _is_share(model_field):
            return formats.percent(value, 1)
        return formats.number(value, model_field.decimal_places).rstrip("0").rstrip(",")
    if isinstance(model_field, models.FileField) or model_field.name == "file":  # a storage path: its file name
        return str(value).rsplit("/", 1)[-1]
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if isinstance(model_field, models.PositiveSmallIntegerField) else formats.number(value)
    return _shorten(str(value))


def _field(model, attname):
    if model is None:
        return None
    try:
        return next(f for f in model._meta.concrete_fields if f.attname == attname)
    except StopIteration:
        try:
            return model._meta.get_field(attname)
        except FieldDoesNotExist:
            return None


def _who(entry) -> str:
    if entry.user is not None:
        return entry.user.get_full_name() or entry.user.get_username()
    label = (entry.actor_label or "system").removeprefix("sporbar ")
    return str(ACTORS.get(label, label))


def _fields(model, entry):
    """(attname, model field) of the fields the entry touches, hidden bookkeeping left out."""
    names = {*(entry.before or {}), *(entry.after or {})}
    ordered = [f.attname for f in model._meta.concrete_fields] if model else sorted(names)
    return [(name, _field(model, name)) for name in ordered if name in names and name not in HIDDEN_FIELDS]


def display(entries) -> list[Entry]:
    """The entries (with `user` selected) as a user reads them, with two queries per related model."""
    entries = list(entries)
    names = _Names()
    objects = defaultdict(set)
    for entry in entries:
        model = _model(entry.model)
        if model is not None and entry.object_id.isdigit():
            objects[model].add(int(entry.object_id))
        for _name, model_field in _fields(model, entry):
            if model_field is not None and model_field.is_relation and model_field.related_model:
                for side in (entry.before or {}, entry.after or {}):
                    if side.get(model_field.attname) not in (None, HIDDEN):
                        names.want(model_field.related_model, side[model_field.attname])
    names.fetch()
    pages = _object_pages()
    existing = {
        model: model._default_manager.in_bulk(pks) for model, pks in objects.items() if model._meta.label in pages
    }
    return [_entry(entry, names, pages, existing) for entry in entries]


def _entry(entry, names, pages, existing) -> Entry:
    model = _model(entry.model)
    obj = existing.get(model, {}).get(int(entry.object_id)) if entry.object_id.isdigit() else None
    person = model is not None and model._meta.app_label in PERSON_DATA_APPS
    result = Entry(
        at=entry.at,
        who=_who(entry),
        action=entry.get_action_display(),
        kind=kind_of(model),
        name=_("nr. %(pk)s") % {"pk": entry.object_id} if person else entry.object_repr,
        url=pages[model._meta.label](obj) if obj is not None else None,
        is_update=entry.action == entry.Action.UPDATE,
    )
    before, after = entry.before or {}, entry.after or {}
    changes = []
    for name, model_field in _fields(model, entry):
        old, new = before.get(name), after.get(name)
        label = field_label(model_field) if model_field is not None else capfirst(name.replace("_", " "))
        if result.is_update:
            changes.append(Change(label, format_value(model_field, old, names), format_value(model_field, new, names)))
        elif (value := new if entry.action == entry.Action.CREATE else old) not in (None, ""):
            # A creation shows what was set, a deletion what was lost.
            changes.append(Change(label, "", format_value(model_field, value, names)))
    if not result.is_update and len(changes) > MAX_FIELDS_ON_CREATE:
        result.more = len(changes) - MAX_FIELDS_ON_CREATE
        changes = changes[:MAX_FIELDS_ON_CREATE]
    result.changes = changes
    return result
