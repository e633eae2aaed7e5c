"""Pages of the committee report: the report page, the downloads, and recording a report as sent. Thin."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sporbar import formats
from sporbar.accounts import permissions
from sporbar.plans.models import Plan

from . import exports, services
from .since import since_for


def _plan_for_reader(request, pk) -> Plan:
    if not permissions.can_read_committee_report(request.user):
        raise PermissionDenied
    return get_object_or_404(Plan, pk=pk)


def _chosen_date(request, data) -> datetime.date | None:
    value = (data.get("siden") or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        messages.error(
            request, _("Datoen skal skrives som ÅÅÅÅ-MM-DD; rapporten tager beslutningerne siden sidste rapport.")
        )
        return None


@login_required
def report_page(request, pk):
    plan = _plan_for_reader(request, pk)
    chosen = _chosen_date(request, request.GET)
    context = {
        "plan": plan,
        "since": since_for(plan, chosen),
        "chosen": chosen,
        "formats": list(exports.CONTENT_TYPES),
        "issued": services.issued_reports(plan),
        "can_issue": permissions.can_issue_committee_report(request.user),
    }
    return render(request, "committee/report_page.html", context)


@login_required
def report_download(request, pk, fmt):
    if fmt not in exports.CONTENT_TYPES:
        raise Http404
    plan = _plan_for_reader(request, pk)
    content = exports.build(plan, fmt, since_for(plan, _chosen_date(request, request.GET)))
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="statusrapport-{plan.code}.{fmt}"'
    return response


@login_required
@require_POST
def report_issue(request, pk):
    plan = _plan_for_reader(request, pk)
    if not permissions.can_issue_committee_report(request.user):
        raise PermissionDenied
    since = since_for(plan, _chosen_date(request, request.POST))
    issued = services.issue(plan, request.user, since, services.report_period(plan))
    messages.success(
        request,
        _("Rapporten er registreret som sendt til udvalget %(date)s. Næste rapport tager beslutningerne fra i dag.")
        % {"date": formats.date(issued.issued_on)},
    )
    return redirect("committee:page", plan.pk)
