"""Import the municipality's papers into governance and plan records.

Every import: one transaction per file, the file's SHA-256 on ``Document`` so that a second
import of the same bytes changes nothing, and a plain-data report stored on ``Document.report``.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from sporbar.accounts.audit import acting_as

from .models import Document
from .parsing.minutes import parse_minutes
from .parsing.pdf import file_text
from .parsing.personal import find_personal_data


class ImportFailed(Exception):
    """Bad input: the message is Danish and names the file."""


@dataclass
class ImportResult:
    document: Document
    created: bool

    @property
    def report(self) -> dict:
        return self.document.report


def read_file(name: str, data: bytes) -> str:
    try:
        return file_text(name, data)
    except ValueError as exc:
        raise ImportFailed(f"{name}: {exc}") from exc


def _existing(data: bytes) -> tuple[str, Document | None]:
    sha = hashlib.sha256(data).hexdigest()
    return sha, Document.objects.filter(sha256=sha).first()


# --- minutes ----------------------------------------------------------------------------------------------


def preview_minutes(name: str, data: bytes) -> dict:
    """What an import would create, without writing (``sporbar parse-minutes``)."""
    text = read_file(name, data)
    try:
        return parse_minutes(text)
    except ValueError as exc:
        raise ImportFailed(f"{name}: {exc}") from exc


def import_minutes(name: str, data: bytes, user=None) -> ImportResult:
    sha, existing = _existing(data)
    if existing:
        return ImportResult(existing, created=False)
    parsed = preview_minutes(name, data)
    text = read_file(name, data)
    with transaction.atomic(), acting_as(user, None if user else "import-minutes"):
        report = {"format": parsed["format"], "meetings": [], "unrecognised": parsed["unrecognised"],
                  "personal_data": parsed["personal_data"]}  # fmt: skip
        first_meeting = None
        for index, meeting_data in enumerate(parsed["meetings"]):
            meeting, created = _save_meeting(meeting_data, name, index)
            first_meeting = first_meeting or meeting
            report["meetings"].append({
                "id": meeting.pk, "date": meeting_data["date"], "body": meeting_data["body"], "created": created,
                "items": len(meeting_data["items"]),
                "decisions": sum(1 for item in meeting_data["items"] if item["decision"]),
                "proposals": sum(1 for item in meeting_data["items"] if item["proposal"]),
                "follow_ups": sum(len(item.get("follow_ups", [])) for item in meeting_data["items"]),
            })  # fmt: skip
        document = Document.objects.create(
            kind=Document.Kind.MINUTES, title=_title(parsed, name), filename=Path(name).name, sha256=sha,
            text=text, imported_by=user, report=report, meeting=first_meeting,
        )  # fmt: skip
    return ImportResult(document, created=True)


def _title(parsed: dict, name: str) -> str:
    meetings = parsed["meetings"]
    if not meetings:
        return Path(name).name
    dates = sorted(m["date"] for m in meetings if m["date"])
    span = f" ({dates[0]} – {dates[-1]})" if dates else ""
    return f"{meetings[0]['body'] or 'Referat'}: {len(meetings)} møder{span}"[:300]


def body_kind(name: str) -> str:
    low = name.lower()
    if "rådmand" in low:
        return "raadmandsmoede"
    if "byråd" in low or "kommunalbestyrelse" in low:
        return "byraad"
    if "magistrat" in low:
        return "magistrat"
    if "direktion" in low:
        return "direktion"
    return "udvalg"


def meeting_source_key(meeting: dict) -> str:
    """Stable across text and PDF of the same minutes: body + date + time, or body + the agenda when undated."""
    if meeting["date"]:
        return f"{meeting['body']}|{meeting['date']}|{meeting['time']}"[:200]
    agenda = "|".join(f"{item['number']}:{item['title']}" for item in meeting["items"])
    return f"{meeting['body']}|udateret|{hashlib.sha256(agenda.encode()).hexdigest()[:16]}"[:200]


def _save_meeting(data: dict, name: str, index: int):
    from sporbar.governance.models import AgendaItem, Attachment, Body, DecisionPoint, Meeting, Proposal
    from sporbar.governance.services import save_paper_follow_ups

    body_name = data["body"] or "Ukendt forum"
    body, _ = Body.objects.get_or_create(name=body_name[:200], defaults={"kind": body_kind(body_name)})
    key = meeting_source_key(data)
    meeting = Meeting.objects.filter(source_key=key).first()
    if meeting:
        return meeting, False
    meeting = Meeting.objects.create(
        body=body, date=date.fromisoformat(data["date"]) if data["date"] else None, time=data["time"][:40],
        place=data["place"][:200], minute_taker=data["minute_taker"][:200], title=data["title"][:300],
        source_key=key,
    )  # fmt: skip
    items = []
    for position, item_data in enumerate(data["items"], start=1):
        item = AgendaItem.objects.create(
            meeting=meeting, number=item_data["number"], position=position, title=item_data["title"][:500],
            category=item_data["category"], decision=item_data["decision"], body=item_data["text"],
        )  # fmt: skip
        for attachment in item_data["attachments"]:
            Attachment.objects.create(item=item, title=attachment["title"][:300], text=attachment["text"])
        proposal_data, proposal = item_data["proposal"], None
        if proposal_data:
            proposal = Proposal.objects.create(
                kind="byraadsindstilling" if "byråd" in proposal_data["to"].lower() else "raadmandsindstilling",
                to=proposal_data["to"][:200], sender=proposal_data["from"][:200],
                date=date.fromisoformat(proposal_data["date"]) if proposal_data["date"] else None,
                title=(proposal_data["title"] or item_data["title"])[:300], resume=proposal_data["resume"],
                why=proposal_data["why"], value=proposal_data["value"], what_who_how=proposal_data["what_who_how"],
                resources=proposal_data["resources"], follow_up=proposal_data["follow_up"],
                case_number=proposal_data["case_number"][:60], case_officer=proposal_data["case_officer"][:200],
                planned_meeting=meeting, agenda_item=item,
                flagged_personal_data=bool(find_personal_data(_item_text(item_data))),
            )  # fmt: skip
            for point in proposal_data["decision_points"]:
                DecisionPoint.objects.get_or_create(
                    proposal=proposal, number=point["number"],
                    defaults={"text": point["text"], "outcome": point.get("outcome", "")},
                )  # fmt: skip
        items.append((item, proposal, item_data.get("follow_ups", [])))
    link_initiatives(meeting)
    for item, proposal, follow_ups in items:
        save_paper_follow_ups(item, follow_ups, proposal)
    return meeting, True


def _item_text(item: dict) -> str:
    proposal = item["proposal"] or {}
    parts = [
        item["text"],
        item["decision"],
        *(str(v) for v in proposal.values()),
        *(a["text"] for a in item["attachments"]),
    ]
    return "\n".join(parts)


# Short names the papers use for initiatives, matched as whole upper-case words.
ALIASES = {"ips": "IPS", "act": "ACT", "peer": "PEER"}


def _partner_names(partners: str) -> list[str]:
    """'Psykiatriens Hus (PEER-uddannelsen); brugerne i …' → ['Psykiatriens Hus'] (capitalised names only)."""
    names = []
    for part in re.split(r"[;,]", partners or ""):
        name = re.sub(r"\(.*?\)", "", part).strip()
        if re.fullmatch(r"[A-ZÆØÅ][\wæøå]+(?: [A-ZÆØÅ][\wæøå]+)+", name):
            names.append(name)
    return names


def link_initiatives(meeting) -> int:
    """Link agenda items to initiatives named in their title, decision or proposal (title, IPS/ACT/PEER, or a
    named partner such as "Psykiatriens Hus" in the item's title); leave weaker hits to governance's
    link suggestions for an analyst to confirm. Returns the number of links made."""
    from sporbar.plans.models import Initiative

    initiatives = list(Initiative.objects.only("id", "title", "key", "partners"))
    made = 0
    for item in meeting.items.prefetch_related("proposals"):
        proposals = " ".join(f"{p.title}\n{p.resume}\n{p.what_who_how}" for p in item.proposals.all())
        original = f"{item.title}\n{item.decision}\n{item.body}\n{proposals}"
        haystack = original.lower()
        for initiative in initiatives:
            title = initiative.title.lower()
            aliases = [alias for word, alias in ALIASES.items() if re.search(rf"\b{word}\b", title)]
            if (
                re.search(rf"\b{re.escape(title)}\b", haystack)
                or any(re.search(rf"\b{alias}\b", original) for alias in aliases)
                or any(name.lower() in item.title.lower() for name in _partner_names(initiative.partners))
            ):
                item.initiatives.add(initiative)
                made += 1
        _suggest(item)
    return made


def _suggest(item) -> None:
    try:
        from sporbar.governance.services import create_link_suggestions
    except ImportError:  # governance without suggestions
        return
    create_link_suggestions(item)
    for proposal in item.proposals.all():
        create_link_suggestions(proposal)


# --- hearing responses --------------------------------------------------------------------------------------


def import_hearing_response(name: str, data: bytes, hearing_id: int, user=None) -> ImportResult:
    """A response like seed 000 into a hearing: sender, date, signatories and passages per theme with stance."""
    from sporbar.governance.models import Hearing
    from sporbar.governance.services import invited_unit_named, save_imported_response
    from sporbar.plans.models import Theme

    from .parsing.hearing import parse_hearing_response

    hearing = Hearing.objects.filter(pk=hearing_id).first()
    if hearing is None:
        raise ImportFailed(f"{name}: høringen {hearing_id} findes ikke.")
    sha, existing = _existing(data)
    if existing:
        return ImportResult(existing, created=False)
    text = read_file(name, data)
    themes = list(Theme.objects.filter(plan=hearing.plan_id).values("id", "number", "name")) if hearing.plan_id else []
    try:
        parsed = parse_hearing_response(text, themes, _hearing_initiatives(hearing))
    except ValueError as exc:
        raise ImportFailed(f"{name}: {exc}") from exc
    if not parsed["passages"]:
        raise ImportFailed(f"{name}: ingen afsnit fundet – er det et høringssvar?")
    if not parsed["date"]:
        raise ImportFailed(f"{name}: ingen dato fundet i høringssvaret.")
    theme_ids = {t["number"]: t["id"] for t in themes}
    signatories = ", ".join(f"{s['name']} ({s['role'].lower()})" for s in parsed["signatories"])
    sender = parsed["sender"] or Path(name).stem
    unit = invited_unit_named(hearing, sender)
    if unit is None:
        parsed["unrecognised"].append({"line": 1, "text": f"Afsenderen »{sender[:80]}« er ikke en inviteret enhed."})
    passages = [
        {"theme_id": theme_ids.get(p["theme"]), "initiative_id": p["initiative"], "stance": p["stance"],
         "passage": p["passage"]}
        for p in parsed["passages"]
    ]  # fmt: skip
    with transaction.atomic(), acting_as(user, None if user else "import-hearing-response"):
        response, replaced = save_imported_response(
            hearing, unit=unit, sender=f"{sender} – {signatories}" if signatories else sender,
            date=date.fromisoformat(parsed["date"]), text=text, passages=passages, user=user,
            source_key=f"fil:{sha[:40]}",
        )  # fmt: skip
        report = {**parsed, "response_id": response.pk, "hearing_id": hearing.pk, "replaced": replaced,
                  "unit": unit.name if unit else None, "personal_data": find_personal_data(text)}  # fmt: skip
        document = Document.objects.create(
            kind=Document.Kind.HEARING_RESPONSE, title=f"Høringssvar: {sender}"[:300], filename=Path(name).name,
            sha256=sha, text=text, imported_by=user, report=report,
        )  # fmt: skip
    return ImportResult(document, created=True)


def _hearing_initiatives(hearing) -> list[dict]:
    """The initiatives a response can name: those the hearing selected, else all of its plan's."""
    from sporbar.plans.models import Initiative

    initiatives = hearing.initiatives.all() if hearing.initiatives.exists() else Initiative.objects.none()
    if not initiatives and hearing.plan_id:
        initiatives = Initiative.objects.filter(track__theme__plan=hearing.plan_id)
    return [
        {"id": i.pk, "title": i.title, "track_number": i.track.number, "track_name": i.track.name,
         "theme_number": i.track.theme.number}
        for i in initiatives.select_related("track__theme").order_by("id")
    ]  # fmt: skip


# --- plan documents -----------------------------------------------------------------------------------------


def import_plan_document(name: str, data: bytes, user=None) -> ImportResult:
    """An investment overview like seed 001 into a plan DRAFT on Document.report["draft"]; nothing else changes."""
    from .parsing.plan_document import parse_plan_document

    sha, existing = _existing(data)
    if existing:
        return ImportResult(existing, created=False)
    text = read_file(name, data)
    try:
        draft = parse_plan_document(text)
    except ValueError as exc:
        raise ImportFailed(f"{name}: {exc}") from exc
    report = {
        "draft": draft,
        "recognised": sum(len(tr["initiatives"]) for t in draft["themes"] for tr in t["tracks"]),
        "unrecognised": draft["unrecognised"],
        "personal_data": find_personal_data(text),
        "applied": None,
    }
    with transaction.atomic(), acting_as(user, None if user else "import-plan-document"):
        document = Document.objects.create(
            kind=Document.Kind.PLAN, title=draft["title"] or Path(name).name, filename=Path(name).name,
            sha256=sha, text=text, imported_by=user, report=report,
        )  # fmt: skip
    return ImportResult(document, created=True)


def compare_plan_document(draft: dict, plan_code: str):
    """The difference between a parsed plan document and the plan (which may not exist yet). Writes nothing."""
    from sporbar.plans import merging
    from sporbar.plans.models import Plan

    from .parsing.plan_document import draft_rows

    return merging.compare(Plan.objects.filter(code=plan_code).first(), draft_rows(draft))


def apply_plan_draft(
    document: Document, plan_code: str, plan_name: str, owner_unit, user=None, fingerprint: str | None = None
) -> dict:
    """Write the reviewed difference into the plan (all or nothing): matched initiatives are updated, new ones
    created, none duplicated. With `fingerprint`, only the very difference that was shown is applied.
    Returns {"ok", "errors", "created", "updated", "unchanged", "missing"}."""
    from sporbar.plans import merging

    comparison = compare_plan_document(document.report["draft"], plan_code)
    counts = {kind: len(comparison.of_kind(kind)) for kind in ("new", "changed", "unchanged")}
    outcome = {"ok": False, "errors": [], "created": counts["new"], "updated": counts["changed"],
               "unchanged": counts["unchanged"], "missing": len(comparison.missing)}  # fmt: skip
    if fingerprint is not None and fingerprint != comparison.fingerprint:
        outcome["errors"] = ["Planen er ændret, siden forskellen blev vist. Gennemse den nye forskel."]
        return outcome
    with transaction.atomic(), acting_as(user, None if user else "apply-plan-draft"):
        try:
            merging.apply(comparison, owner_unit=owner_unit, plan_code=plan_code, plan_name=plan_name)
        except ValueError as exc:
            outcome["errors"] = [str(exc)]
            return outcome
        outcome["ok"] = True
        document.report = {**document.report, "applied": {"plan_code": plan_code, **outcome}}
        document.save(update_fields=["report"])
    return outcome
