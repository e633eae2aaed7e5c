"""Pages of the effects app: dashboards and targets (the committee report is the committee app's).

Thin: rules live in services."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sporbar.accounts import permissions
from sporbar.plans.models import Initiative, Plan

from . import importer, services
from .forms import ImportForm, TargetForm
from .models import ScopeKind, Target

SCOPE_CHOICES = [
    ("initiative", _("Initiativer")),
    ("track", _("Spor")),
    ("theme", _("Temaer")),
    ("target_group", _("Målgrupper")),
    ("unit", _("Enheder")),
    ("plan", _("Hele planen")),
]


def _date_range(request):
    start, end = request.GET.get("fra"), request.GET.get("til")
    if start and end:
        try:
            return services.parse_range(start, end)
        except ValueError:
            messages.error(request, _("Datoerne skal skrives som ÅÅÅÅ-MM-DD."))
    return None


RANGES_OUTSIDE = _(
    "Valgfri datoperioder, halvår og kvartaler vises kun for medarbejdere og ledere i de enheder, der arbejder "
    "med borgerne, og kun for deres egne enheder: ellers kunne to perioder trækkes fra hinanden og afsløre et "
    "enkelt forløb. Vælg et år."
)
RANGES_INSIDE = _("Med en valgfri datoperiode vises kun tallene for dine egne enheder.")


def _figures(request, plan):
    if not permissions.can_see_figures(request.user):
        raise PermissionDenied
    date_range = _date_range(request)
    if date_range and not services.custom_ranges_allowed(request.user):
        messages.info(request, RANGES_OUTSIDE)
        date_range = None
    elif date_range:
        messages.info(request, RANGES_INSIDE)
    figures = services.keyfigures(plan, request.user, date_range)
    periods = services.period_options(figures)
    period = request.GET.get("periode")
    if date_range:
        period = services.period_label("r", 0, date_range)
    elif period not in periods:
        period = services.default_period(figures)
    return figures, periods, period, date_range


def _template(request, name):
    return f"effects/_{name}.html" if request.headers.get("HX-Request") == "true" else f"effects/{name}.html"


@login_required
def plan_dashboard(request, pk):
    plan = get_object_or_404(Plan, pk=pk)
    figures, periods, period, date_range = _figures(request, plan)
    kind = request.GET.get("niveau", "initiative")
    reach_year = date_range[1].year if date_range else (services.period_year(period) if period else date.today().year)
    if kind not in dict(SCOPE_CHOICES):
        kind = "initiative"
    context = {
        "plan": plan,
        "periods": periods,
        "period": period,
        "date_range": date_range,
        "kind": kind,
        "scope_choices": SCOPE_CHOICES,
        "custom_ranges": services.custom_ranges_allowed(request.user),
        "ranges_note": RANGES_OUTSIDE,
        "overall": services.figure_table(figures, "plan", period),
        "table": services.figure_table(figures, kind, period),
        "trends": services.trends(figures, "plan", plan.id),
        "explanations": [(services.FIGURE_LABELS[k], v) for k, v in services.EXPLANATIONS.items()],
        "period_rule": services.PERIOD_RULE,
        "reach_year": reach_year,
        "reach": services.reach_and_cost(plan, request.user, reach_year),
    }
    return render(request, _template(request, "plan_dashboard"), context)


@login_required
def initiative_dashboard(request, pk):
    initiative = get_object_or_404(Initiative.objects.select_related("track__theme__plan"), pk=pk)
    plan = initiative.track.theme.plan
    figures, periods, period, date_range = _figures(request, plan)
    mine = [f for f in figures if f["scope"]["kind"] == "initiative" and f["scope"]["id"] == initiative.id]
    context = {
        "plan": plan,
        "initiative": initiative,
        "periods": services.period_options(mine) or periods,
        "period": period,
        "date_range": date_range,
        "custom_ranges": services.custom_ranges_allowed(request.user),
        "ranges_note": RANGES_OUTSIDE,
        "table": services.figure_table(figures, "initiative", period, initiative.id),
        "trends": services.trends(figures, "initiative", initiative.id),
        "explanations": [(services.FIGURE_LABELS[k], v) for k, v in services.EXPLANATIONS.items()],
        "period_rule": services.PERIOD_RULE,
    }
    return render(request, _template(request, "initiative_dashboard"), context)


def _require_target_editor(user):
    if not permissions.can_edit_plan(user):
        raise PermissionDenied


@login_required
def target_list(request):
    if not permissions.can_see_figures(request.user):
        raise PermissionDenied
    targets = Target.objects.all()
    return render(
        request,
        "effects/target_list.html",
        {"targets": targets, "can_edit": permissions.can_edit_plan(request.user), "import_form": ImportForm()},
    )


@login_required
def target_edit(request, pk=None):
    _require_target_editor(request.user)
    target = get_object_or_404(Target, pk=pk) if pk else None
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST":
        if "delete" in request.POST and target:
            target.delete()
            messages.success(request, _("Målet er slettet."))
            return redirect("effects:target-list")
        if form.is_valid():
            form.save()
            messages.success(request, _("Målet er gemt."))
            return redirect("effects:target-list")
    return render(request, "effects/target_edit.html", {"form": form, "target": target, "scope_kinds": ScopeKind})


@login_required
def target_import(request):
    _require_target_editor(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importer.import_targets(upload.read(), upload.name)
        except importer.ImportError_ as exc:
            for error in exc.errors:
                messages.error(request, error)
        else:
            messages.success(
                request,
                _("Importeret: %(created)d nye og %(updated)d ændrede mål.") % result,
            )
    return redirect("effects:target-list")
