"""Pages of the plan registry. Thin: the rules live in services.py and accounts/permissions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sporbar.accounts import permissions
from sporbar.governance.services import initiative_governance
from sporbar.jobs import services as jobs

from . import services
from .forms import (
    BudgetLineFormSet,
    ImportForm,
    InitiativeForm,
    NewInitiativeForm,
    PlanForm,
    SpendingForm,
    StatusUpdateForm,
    ThemeFormSet,
    track_formset,
)
from .models import Initiative, Plan

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "yaml": "application/yaml; charset=utf-8",
}


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
def plan_list(request):
    plans = []
    for plan in Plan.objects.all():
        overview = services.plan_overview(plan)
        plans.append({"plan": plan, "total": overview["plan"]["total"], "themes": len(overview["themes"])})
    return render(request, "plans/plan_list.html", {"plans": plans})


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    overview = services.plan_overview(plan)
    ids = [i["id"] for t in overview["themes"] for tr in t["tracks"] for i in tr["initiatives"]]
    spent = services.spent_by_initiative(ids)
    labels = dict(Initiative.Status.choices)
    for theme in overview["themes"]:
        for track in theme["tracks"]:
            for initiative in track["initiatives"]:
                initiative["status_label"] = labels.get(initiative["status"], initiative["status"])
                initiative["spent"] = spent.get(initiative["id"])
    return render(
        request,
        "plans/plan_detail.html",
        {"plan": plan, "overview": overview, "export_formats": list(EXPORT_TYPES)},
    )


@login_required
def plan_export(request, pk, fmt):
    if fmt not in EXPORT_TYPES:
        raise Http404
    plan = get_object_or_404(Plan, pk=pk)
    from .importing import export_plan

    response = HttpResponse(export_plan(plan, fmt), content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{plan.code}.{fmt}"'
    return response


@login_required
def plan_import(request):
    """The upload is checked for type and size here; the import itself runs as a background job."""
    if not permissions.can_edit_plan(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = jobs.start("plan", request.user, upload.name, upload.read())
        return redirect("jobs:job", pk=job.pk)
    status = 400 if form.errors else 200
    return render(request, "plans/plan_import.html", {"form": form}, status=status)


def _initiative(pk):
    return get_object_or_404(Initiative.objects.select_related("track__theme__plan", "owner_unit"), pk=pk)


def _status_context(request, initiative, form=None):
    return {
        "initiative": initiative,
        "can_update": permissions.can_update_initiative(request.user, initiative),
        "status_form": form or StatusUpdateForm(initiative=initiative),
        "updates": initiative.status_updates.select_related("author"),
    }


def _spending_context(request, initiative, form=None):
    summary = services.spending_summary(initiative)
    share = summary.get("share")
    return {
        "initiative": initiative,
        "can_update": permissions.can_update_initiative(request.user, initiative),
        "spending_form": form or SpendingForm(),
        "summary": summary,
        "bar_width": f"{min(share, 1) * 100:.1f}" if share is not None else None,
        "spendings": initiative.spendings.select_related("recorded_by"),
    }


def _initiative_page(request, initiative, status_form=None, spending_form=None, status=200):
    context = {
        **_status_context(request, initiative, status_form),
        **_spending_context(request, initiative, spending_form),
        "budget": services.budget_by_year(initiative),
        "can_edit_plan": permissions.can_edit_plan(request.user),
        "gov": initiative_governance(initiative, request.user),
    }
    return render(request, "plans/initiative_detail.html", context, status=status)


@login_required
def initiative_detail(request, pk):
    return _initiative_page(request, _initiative(pk))


@login_required
@require_POST
def status_update_create(request, pk):
    initiative = _initiative(pk)
    if not permissions.can_update_initiative(request.user, initiative):
        raise PermissionDenied
    form = StatusUpdateForm(request.POST, initiative=initiative)
    if form.is_valid():
        services.record_status_update(initiative=initiative, user=request.user, **form.cleaned_data)
        if not _is_htmx(request):
            messages.success(request, _("Statusopdateringen er gemt."))
            return redirect("plans:initiative-detail", pk=pk)
        initiative.refresh_from_db()
        form = None
    elif not _is_htmx(request):
        return _initiative_page(request, initiative, status_form=form, status=400)
    context = _status_context(request, initiative, form)
    # htmx swaps only 2xx responses, so a fragment with validation errors is sent as 200 too.
    return render(request, "plans/_status.html", {**context, "oob": True})


@login_required
@require_POST
def spending_create(request, pk):
    initiative = _initiative(pk)
    if not permissions.can_update_initiative(request.user, initiative):
        raise PermissionDenied
    form = SpendingForm(request.POST)
    if form.is_valid():
        services.record_spending(initiative=initiative, user=request.user, **form.cleaned_data)
        if not _is_htmx(request):
            messages.success(request, _("Forbruget er registreret."))
            return redirect("plans:initiative-detail", pk=pk)
        form = None
    elif not _is_htmx(request):
        return _initiative_page(request, initiative, spending_form=form, status=400)
    context = _spending_context(request, initiative, form)
    return render(request, "plans/_spending.html", context)


@login_required
def initiative_edit(request, pk):
    initiative = _initiative(pk)
    if not permissions.can_edit_plan(request.user):
        raise PermissionDenied
    form = InitiativeForm(request.POST or None, instance=initiative)
    budget = BudgetLineFormSet(request.POST or None, instance=initiative, prefix="budget")
    if request.method == "POST":
        if form.is_valid() and budget.is_valid():
            with transaction.atomic():
                form.save()
                budget.save()
            messages.success(request, _("Initiativet er gemt."))
            return redirect("plans:initiative-detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "plans/initiative_edit.html", {"initiative": initiative, "form": form, "budget": budget}, status=status
    )


@login_required
def initiative_create(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    if not permissions.can_edit_plan(request.user):
        raise PermissionDenied
    form = NewInitiativeForm(request.POST or None, plan=plan)
    budget = BudgetLineFormSet(request.POST or None, instance=Initiative(), prefix="budget")
    if request.method == "POST" and form.is_valid():
        budget = BudgetLineFormSet(request.POST, instance=form.instance, prefix="budget")
        if budget.is_valid():
            with transaction.atomic():
                initiative = form.save()
                budget.save()
            messages.success(request, _("Initiativet er oprettet."))
            return redirect("plans:initiative-detail", pk=initiative.pk)
    status = 400 if request.method == "POST" else 200
    context = {"plan": plan, "initiative": None, "form": form, "budget": budget}
    return render(request, "plans/initiative_edit.html", context, status=status)


@login_required
def plan_structure(request, pk):
    """The plan's name, themes and tracks (initiatives are edited on their own pages)."""
    plan = get_object_or_404(Plan, pk=pk)
    if not permissions.can_edit_plan(request.user):
        raise PermissionDenied
    data = request.POST or None
    form = PlanForm(data, instance=plan)
    themes = ThemeFormSet(data, instance=plan, prefix="themes")
    tracks = track_formset(plan, data)
    if request.method == "POST":
        if form.is_valid() and themes.is_valid() and tracks.is_valid():
            with transaction.atomic():
                form.save()
                themes.save()
                tracks.save()
            messages.success(request, _("Planen er gemt."))
            return redirect("plans:plan-detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {"plan": plan, "form": form, "themes": themes, "tracks": tracks}
    return render(request, "plans/plan_structure.html", context, status=status)
