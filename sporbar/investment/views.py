"""Pages of the investment app. Thin: the rules live in calculation.py, services.py and accounts/permissions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sporbar.accounts import permissions
from sporbar.effects import services as effects_services
from sporbar.plans.models import Initiative

from . import calculation, charts, services
from .forms import CaseConsequenceFormSet, CatalogueImportForm, ConsequenceForm, InvestmentCaseForm, PriceFormSet
from .models import Consequence, InvestmentCase


def _require_view(user):
    if not permissions.can_view_investment(user):
        raise PermissionDenied


def _require_edit(user):
    if not permissions.can_edit_investment(user):
        raise PermissionDenied


@login_required
def case_list(request):
    _require_view(request.user)
    cases = InvestmentCase.objects.select_related("initiative__track").order_by("initiative", "id")
    rows = []
    for case in cases:
        try:
            result = calculation.calculate(services.case_inputs(case, viewer=request.user))
            rows.append({"case": case, "result": result, "error": None})
        except calculation.InputError as exc:
            rows.append({"case": case, "result": None, "error": str(exc)})
    return render(
        request,
        "investment/case_list.html",
        {"rows": rows, "can_edit": permissions.can_edit_investment(request.user)},
    )


@login_required
def initiative_cases(request, pk):
    _require_view(request.user)
    initiative = get_object_or_404(Initiative, pk=pk)
    cases = list(initiative.investment_cases.all())
    selected = None
    if cases:
        wanted = request.GET.get("case", "")
        selected = next((c for c in cases if str(c.pk) == wanted), cases[0])
    context = {
        "initiative": initiative,
        "cases": cases,
        "case": selected,
        "can_edit": permissions.can_edit_investment(request.user),
        "payers": services.label_payers(),
    }
    if selected:
        try:
            evaluation = services.evaluate(selected, viewer=request.user)
        except calculation.InputError as exc:
            context["error"] = str(exc)
        else:
            context.update(evaluation)
            window = evaluation["window"]
            if effects_services.custom_ranges_allowed(request.user):
                context["effect_page_query"] = f"fra={window[0].isoformat()}&til={window[1].isoformat()}"
            result = evaluation["result"]
            context["profile_rows"] = list(
                zip(range(len(result.years)), result.course_profile, result.effect_profile, strict=True)
            )
            totals = result.totals
            context["payer_rows"] = [
                (label, totals["cost_by_payer"][p], totals["by_payer"][p], totals["net_by_payer"][p])
                for p, label in services.label_payers().items()
            ]
            context["chart"] = mark_safe(charts.cumulative_chart_svg(result))  # noqa: S308 (escaped)
            context["tornado"] = mark_safe(charts.tornado_svg(evaluation["sensitivity"]))  # noqa: S308 (escaped)
    return render(request, "investment/case_detail.html", context)


def _edit(request, initiative, case):
    form = InvestmentCaseForm(request.POST or None, instance=case)
    formset = CaseConsequenceFormSet(request.POST or None, instance=case, prefix="kons")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            case = form.save(commit=False)
            case.initiative = initiative
            case.save()
            formset.instance = case
            formset.save()
        messages.success(request, _("Investeringscasen er gemt."))
        return redirect(f"{initiative_url(initiative)}?case={case.pk}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "investment/case_edit.html",
        {"initiative": initiative, "case": case, "form": form, "formset": formset},
        status=status,
    )


def initiative_url(initiative):
    from django.urls import reverse

    return reverse("investment:initiative-cases", args=[initiative.pk])


@login_required
def case_create(request, pk):
    _require_edit(request.user)
    initiative = get_object_or_404(Initiative, pk=pk)
    case = InvestmentCase(
        initiative=initiative,
        name=_("Investeringscase for %(title)s") % {"title": initiative.title[:150]},
        start_year=initiative.period_start or 2026,
        citizens_per_year=initiative.target_group_size or 0,
        success_rate=0,
    )
    return _edit(request, initiative, case)


@login_required
def case_edit(request, pk):
    _require_edit(request.user)
    case = get_object_or_404(InvestmentCase.objects.select_related("initiative"), pk=pk)
    return _edit(request, case.initiative, case)


@login_required
def catalogue(request):
    _require_view(request.user)
    can_edit = permissions.can_edit_investment(request.user)
    form = CatalogueImportForm(request.POST or None, request.FILES or None)
    errors, counts, status = [], None, 200
    if request.method == "POST":
        _require_edit(request.user)
        if form.is_valid():
            from .importing import CatalogueImportError, import_catalogue

            upload = form.cleaned_data["file"]
            try:
                counts = import_catalogue(upload.name, upload.read())
            except CatalogueImportError as exc:
                errors, status = exc.errors, 400
        else:
            status = 400
    consequences = Consequence.objects.prefetch_related("prices")
    return render(
        request,
        "investment/catalogue.html",
        {"consequences": consequences, "can_edit": can_edit, "form": form, "errors": errors, "counts": counts},
        status=status,
    )


@login_required
def consequence_edit(request, pk=None):
    _require_edit(request.user)
    consequence = get_object_or_404(Consequence, pk=pk) if pk else Consequence()
    form = ConsequenceForm(request.POST or None, instance=consequence)
    formset = PriceFormSet(request.POST or None, instance=consequence, prefix="pris")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            consequence = form.save()
            formset.instance = consequence
            formset.save()
        messages.success(request, _("Konsekvensen er gemt."))
        return redirect("investment:catalogue")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "investment/consequence_edit.html",
        {"consequence": consequence, "form": form, "formset": formset},
        status=status,
    )
