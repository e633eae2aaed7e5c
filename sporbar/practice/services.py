"""The promising-practice profile: suggestions from the data, levels set by analysts, self-assessments.

Pages, API and the command all call these functions. A suggestion is computed from what the viewer may
see (disclosure-controlled figures, governance records they may read), so it never rests on a hidden
number; the levels analysts set are the same for everyone and kept as history.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils import timezone

from sporbar.accounts import permissions
from sporbar.documents.parsing.personal import find_personal_data
from sporbar.plans.models import Initiative, Plan

from . import measures, rules, sources
from .elements import ASSESSMENT, ASSESSMENT_NUMBERS, ELEMENTS, Level, element
from .models import LevelDecision, PracticeDocument, SelfAssessment

ECONOMY = 6


class PracticeError(ValueError):
    """Bad input: a Danish message naming the field."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def monitoring_months() -> int:
    return int(getattr(settings, "PRACTICE_MONITORING_MONTHS", 6))


def evaluation_year(initiative: Initiative, today: datetime.date) -> int:
    """The year the targets are read for: this year, or the initiative's last year when it has ended."""
    if initiative.period_end and initiative.period_end < today.year:
        return initiative.period_end
    return today.year


# --- the profile -----------------------------------------------------------------------------------------


def plan_profiles(plan: Plan, user, initiatives=None, today=None) -> dict[int, list[dict]]:
    """{initiative id: its 11 elements} for the plan's initiatives (or the given ones), as the user sees them."""
    today = today or timezone.localdate()
    if initiatives is None:
        initiatives = Initiative.objects.filter(track__theme__plan=plan).select_related("owner_unit")
    initiatives = list(initiatives)
    ids = [i.id for i in initiatives]
    suggestions = _suggestions(plan, initiatives, user, today)
    decisions = _latest(LevelDecision, ids)
    assessments = _latest(SelfAssessment, ids)
    documents = defaultdict(list)
    for doc in PracticeDocument.objects.filter(initiative_id__in=ids):
        documents[(doc.initiative_id, doc.element)].append(doc)
    months = monitoring_months()
    # Whether the suggestion changed since a level was set is told to those who set levels: they see what
    # the analyst saw then (another viewer's suggestion may differ by what that viewer may see).
    compares = user is None or permissions.can_set_practice_level(user)
    out = {}
    for ini in initiatives:
        elements = []
        for el in ELEMENTS:
            key = (ini.id, el.number)
            if el.source == ASSESSMENT:
                suggestion = rules.self_assessment(
                    _assessment_dict(assessments.get(key)), [d.title for d in documents[key]]
                )
            else:
                suggestion = suggestions[ini.id][el.number]
            entry = _element_entry(el, suggestion, decisions.get(key), assessments.get(key), documents[key], months)
            if entry["decision"] and not compares:
                entry["decision"]["suggestion_changed"] = False
            elements.append(entry)
        out[ini.id] = elements
    return out


def initiative_profile(initiative: Initiative, user, today=None) -> dict:
    plan = initiative.track.theme.plan
    elements = plan_profiles(plan, user, [initiative], today)[initiative.id]
    return {"initiative": initiative, "plan": plan, "elements": elements}


def _latest(model, initiative_ids) -> dict:
    """The latest row per (initiative, element) of a history model, in two queries."""
    latest_ids = (
        model.objects.filter(initiative_id__in=initiative_ids)
        .values("initiative_id", "element")
        .annotate(last=Max("id"))
        .values("last")
    )
    related = "set_by" if model is LevelDecision else "written_by"
    return {(r.initiative_id, r.element): r for r in model.objects.filter(id__in=latest_ids).select_related(related)}


def _who(user) -> str:
    if user is None:
        return "system"
    return user.get_full_name() or user.get_username()


def _assessment_dict(assessment: SelfAssessment | None) -> dict | None:
    if assessment is None:
        return None
    return {
        "text": assessment.text,
        "proposed_level": assessment.proposed_level,
        "written_by": _who(assessment.written_by),
        "written_at": assessment.written_at,
    }


def _element_entry(el, suggestion, decision, assessment, documents, months) -> dict:
    entry = {
        "number": el.number,
        "key": el.key,
        "name": el.name,
        "source": el.source,
        "definition": el.definition,
        "rule": rules.rule_text(el.number, months),
        "suggested_level": str(suggestion.level),
        "explanation": suggestion.explanation,
        "evidence": suggestion.evidence,
        "level": str(decision.level) if decision else str(suggestion.level),
        "confirmed": decision is not None,
        "decision": None,
        "self_assessment": _assessment_dict(assessment),
        "documents": documents,
    }
    if decision is not None:
        entry["decision"] = {
            "level": decision.level,
            "kind": decision.kind,
            "reason": decision.reason,
            "suggested_level": decision.suggested_level,
            "set_by": _who(decision.set_by),
            "set_at": decision.set_at,
            "suggestion_changed": decision.suggested_level != suggestion.level,
        }
    return entry


def _suggestions(plan, initiatives, user, today) -> dict[int, dict[int, rules.Suggestion]]:
    """The seven data elements for each initiative: every measure fetched once for all of them."""
    ids = [i.id for i in initiatives]
    months = monitoring_months()
    figures = sources.initiative_figures(plan, user)
    years = {i.id: evaluation_year(i, today) for i in initiatives}
    targets = sources.targets(initiatives, years)
    comparisons = sources.comparison_shares(ids)
    may_see_case = sources.may_see_investment(user)
    cases = sources.investment_cases(ids) if may_see_case else {}
    monitored = measures.monitoring(ids, today, months)
    individual = measures.individual(ids)
    follow_ups = measures.follow_ups(ids, user, today)
    decisions = measures.decisions(ids, user)
    out = {}
    no_courses = {"courses": 0, "own_words": 0, "rated": 0, "due": 0, "assessed": 0, "units": set()}
    for ini in initiatives:
        m, ind = monitored.get(ini.id, no_courses), individual.get(ini.id, no_courses)
        out[ini.id] = {
            2: _effect(figures.get(ini.id, []), comparisons.get(ini.id, {})),
            3: rules.description(description_facts(ini)),
            4: rules.goals(
                years[ini.id], applicable_figures(ini), targets[ini.id], _dimension_label, [*sources.DIMENSIONS, ""]
            ),
            ECONOMY: rules.economy(cases.get(ini.id), may_see_case),
            9: rules.individual(
                sources.citizen_share(ind["own_words"], ind["courses"], ind["units"], user),
                sources.citizen_share(ind["rated"], ind["courses"], ind["units"], user),
            ),
            10: rules.monitoring(sources.citizen_share(m["assessed"], m["due"], m["units"], user), months),
            11: rules.follow_up(
                follow_ups.get(ini.id) or dict.fromkeys(("on_time", "late", "overdue", "unknown", "pending"), 0),
                decisions.get(ini.id) or {"count": 0, "latest": None},
            ),
        }
    return out


def _dimension_label(dimension: str) -> str:
    return sources.DIMENSION_LABELS.get(dimension, dimension)


def _figure_label(f: dict) -> str:
    return f"{sources.FIGURE_LABELS[f['figure']].capitalize()} – {_dimension_label(f['dimension'])}"


def _effect(figures: list[dict], comparisons: dict) -> rules.Suggestion:
    year = sources.latest_year(figures)
    shown = []
    order = {f: i for i, f in enumerate([sources.GOAL, sources.SELF, sources.EMPLOYMENT])}
    dims = {d: i for i, d in enumerate([*sources.DIMENSIONS, ""])}
    for f in sorted(figures, key=lambda f: (order.get(f["figure"], 9), dims.get(f["dimension"], 9))):
        if f["period"] != year:
            continue
        verdict = f.get("verdict")
        shown.append(
            {
                **f,
                "suppressed_reason": sources.suppressed_reason(f) if f["suppressed"] else "",
                "verdict_label": sources.VERDICT_LABELS.get(verdict, "") if verdict else "",
            }
        )
    return rules.effect(shown, year, comparisons, _figure_label)


DESCRIPTION_FACTS = [
    ("Målgruppe", "target_group"),
    ("Målgruppens størrelse", "target_group_size"),
    ("Aktiviteter (hvad, hvem og hvordan)", "what_who_how"),
    ("Mål (formål)", "purpose"),
    ("Ejer", "owner_unit"),
    ("Evaluering", "evaluation"),
]


def description_facts(initiative: Initiative) -> list[tuple[str, str]]:
    facts = []
    for label, name in DESCRIPTION_FACTS:
        value = getattr(initiative, name)
        if name == "target_group_size" and value:
            value = f"ca. {value} borgere"
        elif name == "owner_unit":
            value = value.name if value else ""
        else:
            value = (value or "").strip()
            value = value if len(value) <= 120 else value[:117] + "…"
        facts.append((label, str(value or "")))
    return facts


def applicable_figures(initiative: Initiative) -> list[tuple[str, str]]:
    figures = [sources.GOAL, sources.SELF] + ([sources.EMPLOYMENT] if initiative.is_employment else [])
    return [(f, sources.FIGURE_LABELS[f].capitalize()) for f in figures]


# --- setting levels and writing self-assessments ---------------------------------------------------------


def _valid_level(level: str) -> str:
    if level not in Level.values:
        raise PracticeError("level", f"Ukendt niveau »{level}«. Vælg {', '.join(Level.values)}.")
    return level


def _valid_element(number, assessed_only: bool = False):
    try:
        el = element(number)
    except (KeyError, ValueError, TypeError):
        raise PracticeError("element", f"Elementet »{number}« findes ikke (1–11).") from None
    if assessed_only and el.source != ASSESSMENT:
        names = ", ".join(element(n).name for n in ASSESSMENT_NUMBERS)
        raise PracticeError("element", f"Selvevaluering og dokumenter hører til elementerne {names}.")
    return el


def set_level(initiative: Initiative, number, level: str, user, reason: str = "", today=None) -> LevelDecision:
    """An analyst confirms the suggestion, or sets another level with a reason. Always a new history row."""
    if not permissions.can_set_practice_level(user):
        raise PermissionDenied
    el = _valid_element(number)
    level = _valid_level(level)
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise PracticeError("reason", "Begrundelsen må højst være 2.000 tegn.")
    entry = next(e for e in initiative_profile(initiative, user, today)["elements"] if e["number"] == el.number)
    confirmed = level == entry["suggested_level"]
    if not confirmed and not reason:
        raise PracticeError(
            "reason",
            f"Skriv en begrundelse, når du vælger »{level}« i stedet for forslaget »{entry['suggested_level']}«.",
        )
    return LevelDecision.objects.create(
        initiative=initiative,
        element=el.number,
        level=level,
        suggested_level=entry["suggested_level"],
        kind=LevelDecision.Kind.CONFIRMED if confirmed else LevelDecision.Kind.SET,
        reason=reason,
        rule=entry["rule"],
        explanation=entry["explanation"],
        evidence=entry["evidence"],
        set_by=user,
    )


def write_self_assessment(initiative: Initiative, number, text: str, proposed_level: str, user) -> SelfAssessment:
    """The lead of the owning unit (or an analyst) writes the initiative's own account. A new history row."""
    if not permissions.can_write_self_assessment(user, initiative):
        raise PermissionDenied
    el = _valid_element(number, assessed_only=True)
    proposed_level = _valid_level(proposed_level)
    text = (text or "").strip()
    if not text:
        raise PracticeError("text", "Skriv selvevalueringen: hvad bygger praksis på, og hvordan ved I det?")
    if len(text) > 5000:
        raise PracticeError("text", "Selvevalueringen må højst være 5.000 tegn.")
    cpr = [f for f in find_personal_data(text) if f["kind"] == "cpr"]
    if cpr:
        raise PracticeError(
            "text", f"Linje {cpr[0]['line']} ser ud til at indeholde et CPR-nummer. Skriv uden personoplysninger."
        )
    return SelfAssessment.objects.create(
        initiative=initiative, element=el.number, text=text, proposed_level=proposed_level, written_by=user
    )


def history(initiative: Initiative, number, user) -> dict:
    """Every level set and every self-assessment written for one element, newest first.

    The evidence kept with a level is what an analyst saw; for Økonomi it is hidden from those who may
    not see investment cases.
    """
    el = _valid_element(number)
    levels = list(LevelDecision.objects.filter(initiative=initiative, element=el.number).select_related("set_by"))
    if el.number == ECONOMY and not sources.may_see_investment(user):
        hidden = rules.economy(None, may_see=False)
        for decision in levels:
            decision.explanation, decision.evidence = hidden.explanation, hidden.evidence
    texts = SelfAssessment.objects.filter(initiative=initiative, element=el.number).select_related("written_by")
    return {"element": el, "levels": levels, "self_assessments": list(texts)}


# --- the matrix ------------------------------------------------------------------------------------------


def matrix(plan: Plan, user, today=None) -> dict:
    """The plan's initiatives × the 11 elements, as plain data (page, exports, API and the committee report)."""
    initiatives = list(
        Initiative.objects.filter(track__theme__plan=plan)
        .select_related("track__theme", "owner_unit")
        .order_by("track__theme__number", "track__number", "key")
    )
    profiles = plan_profiles(plan, user, initiatives, today)
    rows = []
    totals = {el.number: dict.fromkeys(Level.values, 0) for el in ELEMENTS}
    for ini in initiatives:
        cells = []
        for entry in profiles[ini.id]:
            cells.append(
                {
                    "number": entry["number"],
                    "level": entry["level"],
                    "confirmed": entry["confirmed"],
                    "suggested_level": entry["suggested_level"],
                }
            )
            totals[entry["number"]][entry["level"]] += 1
        rows.append(
            {
                "initiative": {"id": ini.id, "key": ini.key, "title": ini.title, "track": ini.track.number},
                "cells": cells,
            }
        )
    return {
        "plan": {"id": plan.id, "name": plan.name},
        "elements": [{"number": e.number, "name": e.name, "source": e.source} for e in ELEMENTS],
        "levels": list(Level.values),
        "rows": rows,
        "totals": [{"number": n, "counts": counts} for n, counts in totals.items()],
        "profiles": profiles,
    }


# --- plain JSON (the command's contract and the API) -----------------------------------------------------


def _iso(value):
    return value.isoformat() if value else None


def element_json(entry: dict) -> dict:
    out = {
        "number": entry["number"],
        "name": entry["name"],
        "level": entry["level"],
        "source": entry["source"],
        "rule": entry["rule"],
        "evidence": [{k: v for k, v in e.items()} for e in entry["evidence"]],
        "suggested_level": entry["suggested_level"],
        "explanation": entry["explanation"],
        "confirmed": entry["confirmed"],
        "decision": None,
    }
    if entry["decision"]:
        out["decision"] = {**entry["decision"], "set_at": _iso(entry["decision"]["set_at"])}
    if entry["source"] == ASSESSMENT:
        assessment = entry["self_assessment"]
        out["self_assessment"] = assessment and {**assessment, "written_at": _iso(assessment["written_at"])}
        out["documents"] = [document_json(d) for d in entry["documents"]]
    return out


def document_json(doc: PracticeDocument) -> dict:
    from django.urls import reverse

    return {
        "id": doc.id,
        "title": doc.title,
        "kind": doc.kind,
        "filename": doc.filename,
        "uploaded_at": _iso(doc.uploaded_at),
        "url": reverse("practice:document", args=[doc.pk]),
    }


def profile_json(profile: dict) -> dict:
    ini = profile["initiative"]
    return {
        "initiative": {"id": ini.id, "key": ini.key, "title": ini.title, "plan": profile["plan"].id},
        "elements": [element_json(e) for e in profile["elements"]],
    }


def matrix_json(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "profiles"}
