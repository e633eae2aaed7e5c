"""What goes into the search index: one builder per searchable model, the signals that keep
the index current, and the full rebuild behind `sporbar reindex`."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import NoReverseMatch, reverse

from sporbar.practice import search as practice_search

from . import search
from .search_models import SearchEntry

Kind = SearchEntry.Kind


def _url(names: Iterable[str], pk, anchor: str = "") -> str:
    for name in names:
        try:
            return reverse(name, kwargs={"pk": pk}) + anchor
        except NoReverseMatch:
            continue
    return ""


def _join(*parts) -> str:
    return "\n\n".join(str(p).strip() for p in parts if p and str(p).strip())


def _ids(obj, attr="initiatives") -> list[int]:
    manager = getattr(obj, attr, None)
    return list(manager.values_list("pk", flat=True)) if manager is not None else []


def _body(meeting):
    return getattr(meeting, "body", None) if meeting is not None else None


def _body_unit_id(body):
    # The unit owning a body sees its confidential items (the governance rule).
    return body.owner_unit_id if body is not None else None


def _meeting_url(meeting) -> str:
    if meeting is None:
        return ""
    if hasattr(meeting, "get_absolute_url"):
        return meeting.get_absolute_url()
    return _url(["governance:meeting-detail", "governance:meeting"], meeting.pk)


# --- builders: record → {kind: entry data} -------------------------------------------------


def build_meeting(meeting) -> dict:
    body = _body(meeting)
    title = meeting.title or " ".join(str(p) for p in [body or "", meeting.date or ""] if p) or "Møde"
    return {
        Kind.MEETING: {
            "title": title,
            "text": _join(getattr(meeting, "place", ""), body),
            "url": _meeting_url(meeting),
            "date": meeting.date,
            "body_name": str(body or ""),
            "unit_ids": [_body_unit_id(body)],
        }
    }


def build_item(item) -> dict:
    meeting = item.meeting
    body = _body(meeting)
    attachments = getattr(item, "attachments", None)
    attachment_text = [_join(a.title, a.text) for a in attachments.all()] if attachments is not None else []
    number = f"Punkt {item.number}: " if item.number is not None else ""
    common = {
        "url": _meeting_url(meeting) + f"#punkt-{item.pk}",
        "date": meeting.date,
        "body_name": str(body or ""),
        "confidential": bool(item.confidential),
        "unit_ids": [_body_unit_id(body)],
        "initiative_ids": _ids(item),
    }
    entries = {Kind.ITEM: {"title": f"{number}{item.title}", "text": _join(item.body, *attachment_text), **common}}
    if (item.decision or "").strip():
        entries[Kind.DECISION] = {"title": f"Beslutning: {item.title}", "text": item.decision, **common}
    return entries


PROPOSAL_SECTIONS = ["resume", "why", "value", "what_who_how", "resources", "follow_up"]


def build_proposal(proposal) -> dict:
    meeting = getattr(proposal, "planned_meeting", None)
    item = getattr(proposal, "agenda_item", None)
    point_text = [p.text for p in proposal.decision_points.all()]
    url = _url(["governance:proposal-detail", "governance:proposal"], proposal.pk)
    return {
        Kind.PROPOSAL: {
            "title": proposal.title,
            "text": _join(*(getattr(proposal, s, "") for s in PROPOSAL_SECTIONS), *point_text),
            "url": url,
            "date": getattr(proposal, "date", None),
            "body_name": str(_body(meeting) or ""),
            # Proposals flagged for personal data, or on a confidential item, are restricted.
            "confidential": bool(getattr(proposal, "flagged_personal_data", False))
            or bool(item is not None and item.confidential),
            "unit_ids": [proposal.owner_unit_id, _body_unit_id(_body(meeting))],
            "initiative_ids": _ids(proposal),
        }
    }


def build_hearing_response(response) -> dict:
    hearing = response.hearing
    passages = list(response.passages.all())
    initiative_ids = {p.initiative_id for p in passages if p.initiative_id}
    url = _url(["governance:hearing-detail", "governance:hearing"], hearing.pk, f"#svar-{response.pk}")
    sender = getattr(response, "sender", "") or str(getattr(response, "unit", "") or "")
    return {
        Kind.HEARING_RESPONSE: {
            "title": f"Høringssvar fra {sender}: {hearing}" if sender else f"Høringssvar: {hearing}",
            "text": _join(response.text, *(p.passage for p in passages)),
            "url": url,
            "date": getattr(response, "date", None),
            # A hearing is seen only by those it concerns: its owner, the invited units and the
            # readers of confidential material (admin, analyst, leadership).
            "confidential": True,
            "unit_ids": [
                hearing.owner_unit_id,
                response.unit_id,
                *hearing.invitations.values_list("unit_id", flat=True),
            ],
            "initiative_ids": sorted(initiative_ids),
        }
    }


INITIATIVE_FIELDS = ["purpose", "value", "what_who_how", "target_group", "evaluation", "partners", "follow_up"]


def build_initiative(initiative) -> dict:
    return {
        Kind.INITIATIVE: {
            "title": initiative.title,
            "text": _join(*(getattr(initiative, f, "") for f in INITIATIVE_FIELDS)),
            "url": _url(["plans:initiative-detail"], initiative.pk),
            "date": None,
            "initiative_ids": [initiative.pk],
        }
    }


# Raw minutes and hearing responses may hold confidential items: only the restricted readers
# find the raw document; everyone finds the records made from it, each by its own rule.
RESTRICTED_DOCUMENT_KINDS = {"minutes", "hearing_response"}


def build_document(document) -> dict:
    meeting = getattr(document, "meeting", None)
    return {
        Kind.DOCUMENT: {
            "title": document.title,
            "text": document.text,
            "url": _url(["documents:document-detail", "documents:document"], document.pk),
            "date": document.imported_at.date() if document.imported_at else None,
            "body_name": str(_body(meeting) or ""),
            "confidential": document.kind in RESTRICTED_DOCUMENT_KINDS,
        }
    }


@dataclass
class Source:
    label: str  # app_label.ModelName
    build: Callable[[object], dict]
    kinds: tuple
    related: tuple = ()  # select_related for the rebuild
    prefetch: tuple = ()


@dataclass
class Dependent:
    """A model whose change means re-indexing other records (e.g. a body's name)."""

    label: str
    targets: Callable[[object], Iterable] = field(default=lambda obj: [])


SOURCES = [
    Source("governance.Meeting", build_meeting, (Kind.MEETING,), ("body",)),
    Source("governance.AgendaItem", build_item, (Kind.ITEM, Kind.DECISION), ("meeting__body",)),
    Source("governance.Proposal", build_proposal, (Kind.PROPOSAL,), ("planned_meeting__body", "agenda_item")),
    Source("governance.HearingResponse", build_hearing_response, (Kind.HEARING_RESPONSE,), ("hearing", "unit")),
    Source("plans.Initiative", build_initiative, (Kind.INITIATIVE,)),
    Source("documents.Document", build_document, (Kind.DOCUMENT,)),
    Source("practice.SelfAssessment", practice_search.build_self_assessment, (Kind.SELF_ASSESSMENT,), ("initiative",)),
    Source("practice.PracticeDocument", practice_search.build_document, (Kind.PRACTICE_DOCUMENT,)),
]


def _related(obj, attr):
    target = getattr(obj, attr, None)
    return [target] if target is not None else []


def _many(obj, attr):
    manager = getattr(obj, attr, None)
    return list(manager.all()) if manager is not None else []


DEPENDENTS = [
    Dependent("governance.Body", lambda b: [m for m in _many(b, "meetings")] + _items_of(_many(b, "meetings"))),
    Dependent("governance.Meeting", lambda m: _items_of([m])),
    Dependent("governance.Attachment", lambda a: _related(a, "item")),
    Dependent("governance.DecisionPoint", lambda p: _related(p, "proposal")),
    Dependent("governance.Hearing", lambda h: _many(h, "responses")),
    Dependent("governance.HearingInvitation", lambda i: list(i.hearing.responses.all())),
    Dependent("governance.ResponsePassage", lambda p: _related(p, "response")),
    Dependent("practice.SelfAssessment", practice_search.older_versions),
]


def _items_of(meetings) -> list:
    return [item for m in meetings for item in _many(m, "items")]


def _model(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _source_for(obj) -> Source | None:
    label = obj._meta.label
    return next((s for s in SOURCES if s.label == label), None)


# --- keeping the index current -------------------------------------------------------------


def index_object(obj) -> None:
    source = _source_for(obj)
    if source is None:
        return
    entries = source.build(obj)
    for kind in source.kinds:
        if kind in entries:
            search.index_record({"kind": kind, "object_id": obj.pk, "confidential": False, **entries[kind]})
        else:
            search.remove_record(kind, obj.pk)


def remove_object(obj) -> None:
    source = _source_for(obj)
    if source is not None:
        for kind in source.kinds:
            search.remove_record(kind, obj.pk)


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    _reindex_now(instance)


def _reindex_now(instance):
    if _source_for(instance) is not None:
        index_object(instance)
    for dependent in DEPENDENTS:
        if dependent.label == instance._meta.label:
            for target in dependent.targets(instance):
                index_object(target)


def _on_delete(sender, instance, **kwargs):
    if _source_for(instance) is not None:
        remove_object(instance)
    else:
        for dependent in DEPENDENTS:
            if dependent.label == instance._meta.label:
                for target in dependent.targets(instance):
                    if target.pk is not None and type(target).objects.filter(pk=target.pk).exists():
                        index_object(target)


def _on_m2m(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, tuple(_source_models())):
        index_object(instance)


def _source_models():
    return [m for m in (_model(s.label) for s in SOURCES) if m is not None]


def connect_signals() -> None:
    for label in {s.label for s in SOURCES} | {d.label for d in DEPENDENTS}:
        model = _model(label)
        if model is None:
            continue
        uid = f"search-index-{label}"
        post_save.connect(_on_save, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=uid + "-delete")
        initiatives = getattr(model, "initiatives", None)
        if initiatives is not None and hasattr(initiatives, "through"):
            m2m_changed.connect(_on_m2m, sender=initiatives.through, dispatch_uid=uid + "-m2m")


# --- full rebuild --------------------------------------------------------------------------


def records() -> Iterable[tuple[str, int, dict]]:
    """Every (kind, object id, entry data) that belongs in the index."""
    for source in SOURCES:
        model = _model(source.label)
        if model is None:
            continue
        queryset = model.objects.all()
        if source.related:
            queryset = queryset.select_related(*source.related)
        for obj in queryset.iterator(chunk_size=500):
            for kind, data in source.build(obj).items():
                yield kind, obj.pk, data


@transaction.atomic
def rebuild() -> int:
    """Replace the whole index with what the records hold now. Running it twice gives the same index."""
    search.clear_index()
    return bulk_index(records())


def bulk_index(rows: Iterable[tuple[str, int, dict]], batch: int = 1000) -> int:
    """Insert many new entries at once (the index must not already hold them)."""
    count = 0
    pending: list[tuple[SearchEntry, list[int]]] = []

    def flush():
        created = SearchEntry.objects.bulk_create([entry for entry, _ in pending])
        if not all(e.pk for e in created):  # backends without RETURNING ids
            keys = [(e.kind, e.object_id) for e in created]
            ids = {(k, o): pk for pk, k, o in SearchEntry.objects.values_list("pk", "kind", "object_id")}
            for entry, key in zip(created, keys, strict=True):
                entry.pk = ids[key]
        pairs = list(zip(created, (links for _, links in pending), strict=True))
        through = SearchEntry.initiatives.through
        through.objects.bulk_create(
            [through(searchentry_id=e.pk, initiative_id=i) for e, (ids, _) in pairs for i in ids]
        )
        through = SearchEntry.units.through
        through.objects.bulk_create(
            [through(searchentry_id=e.pk, unit_id=u) for e, (_, units) in pairs for u in set(units)]
        )
        search.sync_fulltext([e.pk for e in created])
        pending.clear()

    for kind, object_id, data in rows:
        data = dict(data)
        links = (data.pop("initiative_ids", []), [u for u in data.pop("unit_ids", []) if u])
        pending.append((SearchEntry(kind=kind, object_id=object_id, **data), links))
        count += 1
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return count
