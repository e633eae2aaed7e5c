"""The stored pattern: computed when the data change, audited, and kept with the figures it was
computed for (models.DisclosurePattern). Viewers outside the units are shown those figures."""

import hashlib
import json
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from sporbar.accounts import permissions
from sporbar.accounts.models import AuditEntry, User
from sporbar.courses.models import Assessment, EmploymentStatus, SelfReportRating

from .. import queries
from ..models import DisclosurePattern
from ..scopes import PlanScopes
from .blocks import build_blocks
from .rule import SECONDARY, SMALL, Rule
from .suppress import suppress_block

KEEP = 3  # patterns kept per plan


def outside_grans() -> tuple[str, ...]:
    """The kinds of period shown outside the units ("y" years, "h" half-years, "q" quarters)."""
    return tuple(g for g in ("y", "h", "q") if g in settings.DISCLOSURE_OUTSIDE_PERIODS)


def data_version() -> str:
    """Changes whenever the figures, the plan, the units or who sees which unit may have changed:
    every audited write, new ratings and statuses, and changes to users' units (not audited)."""
    ids = [
        model.objects.aggregate(m=Max("id"))["m"]
        for model in (AuditEntry, Assessment, SelfReportRating, EmploymentStatus)
    ]
    through = User.units.through.objects.aggregate(n=Count("id"), m=Max("id"))
    return json.dumps([*ids, through["n"], through["m"]])


def viewer_units() -> list[frozenset]:
    """The groups of units whose workers and leads see persons: each knows its own atoms exactly."""
    users = User.objects.filter(is_active=True, role__in=permissions.PERSON_VIEWERS)
    return sorted({frozenset(permissions.unit_ids(u)) for u in users} - {frozenset()}, key=sorted)


def latest_pattern(plan) -> DisclosurePattern | None:
    return DisclosurePattern.objects.filter(plan=plan, exposed=0).first()


def latest_pattern_id(plan) -> int | None:
    return DisclosurePattern.objects.filter(plan=plan, exposed=0).values_list("id", flat=True).first()


def _inputs(rows, scopes: PlanScopes, classes, rule: Rule, grans) -> str:
    structure = sorted({(ini, unit, tuple(map(str, scopes.scopes_of(ini, unit)))) for *_, ini, unit, _, _ in rows})
    text = json.dumps(
        [sorted(rows), structure, [sorted(c) for c in classes], [rule.threshold, rule.all_or_nothing_min], grans],
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def compute(plan, rows=None) -> dict:
    """The pattern and the figures it was audited for, for the plan's data as they are now."""
    started = time.perf_counter()
    scopes = PlanScopes(plan)
    rows = queries.pair_counts(scopes.initiatives, scopes.employment_ids) if rows is None else rows
    rows = [tuple(r) for r in rows]
    classes, rule, grans = viewer_units(), Rule.from_settings(), outside_grans()
    cells, checked, exposed = [], 0, 0
    for block in build_blocks(rows, scopes.scopes_of, grans):
        result = suppress_block(block, classes, rule)
        checked += result.checked
        exposed += len(result.exposed)
        labels = block.periods
        for i, form in enumerate(block.forms):
            hidden = i in result.hidden
            reason = (SMALL if rule.breaks(form.ok, form.n) else SECONDARY) if hidden else None
            for kind, scope_id in form.scopes:
                cells.append(
                    [
                        block.figure,
                        block.dimension,
                        labels[form.period],
                        kind,
                        scope_id,
                        None if hidden else form.ok,
                        None if hidden else form.n,
                        reason,
                    ]
                )
    return {
        "inputs": _inputs(rows, scopes, classes, rule, grans),
        "cells": cells,
        "viewer_units": [sorted(c) for c in classes],
        "checked": checked,
        "exposed": exposed,
        "seconds": time.perf_counter() - started,
    }


def refresh_disclosure(plan) -> DisclosurePattern | None:
    """Bring the plan's stored pattern up to date with the data (a no-op when it already is)."""
    version = data_version()
    latest = DisclosurePattern.objects.filter(plan=plan).first()
    if latest and latest.data_version == version:
        return latest
    scopes = PlanScopes(plan)
    rows = [tuple(r) for r in queries.pair_counts(scopes.initiatives, scopes.employment_ids)]
    inputs = _inputs(rows, scopes, viewer_units(), Rule.from_settings(), outside_grans())
    if latest and latest.inputs == inputs:
        DisclosurePattern.objects.filter(pk=latest.pk).update(data_version=version)
        latest.data_version = version
        return latest
    found = compute(plan, rows)
    with transaction.atomic():
        pattern = DisclosurePattern.objects.create(plan=plan, data_version=version, computed_at=timezone.now(), **found)
        old = DisclosurePattern.objects.filter(plan=plan).values_list("id", flat=True)[KEEP:]
        DisclosurePattern.objects.filter(id__in=list(old)).delete()
    return pattern
