"""Pages of the promising-practice app. Thin: the rules live in services.py, rules.py and accounts/permissions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sporbar.accounts import permissions
from sporbar.plans.models import Initiative, Plan

from . import exports, papers, services
from .elements import ELEMENTS
from .forms import DocumentForm, LevelForm, SelfAssessmentForm
from .models import PracticeDocument


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _require_view(user):
    if not permissions.can_view_practice(user):
        raise PermissionDenied


def _initiative(pk) -> Initiative:
    return get_object_or_404(Initiative.objects.select_related("track__theme__plan", "owner_unit"), pk=pk)


def _number(number: int) -> int:
    if number not in {e.number for e in ELEMENTS}:
        raise Http404
    return number


def _rights(user, initiative) -> dict:
    return {
        "can_set_level": permissions.can_set_practice_level(user),
        "can_write": permissions.can_write_self_assessment(user, initiative),
    }


def _ids(number: int) -> str:
    """Field ids per element card, so that the eleven cards on one page never share an id."""
    return f"id_e{number}_%s"


def _card_context(request, initiative, entry, forms=None) -> dict:
    """Everything one element's card needs, with fresh forms unless some came back with errors."""
    forms = forms or {}
    ids = _ids(entry["number"])
    assessment = entry["self_assessment"] or {}
    return {
        "initiative": initiative,
        "entry": entry,
        **_rights(request.user, initiative),
        "level_form": forms.get("level") or LevelForm(initial={"level": entry["suggested_level"]}, auto_id=ids),
        "assessment_form": forms.get("assessment")
        or SelfAssessmentForm(
            initial={
                "text": assessment.get("text", ""),
                "proposed_level": assessment.get("proposed_level", "ikke vurderet"),
            },
            auto_id=ids,
        ),
        "document_form": forms.get("document") or DocumentForm(auto_id=ids),
    }


@login_required
def profile(request, pk):
    _require_view(request.user)
    return _profile_page(request, _initiative(pk))


def _profile_page(request, initiative, forms=None, status=200):
    data = services.initiative_profile(initiative, request.user)
    forms = forms or {}
    cards = [_card_context(request, initiative, e, forms.get(e["number"])) for e in data["elements"]]
    return render(
        request,
        "practice/profile.html",
        {"initiative": initiative, "plan": data["plan"], "cards": cards, "elements": data["elements"]},
        status=status,
    )


def _after_post(request, initiative, number, message, forms=None):
    """A full page (redirect on success, 400 with the errors), or for htmx the element's card alone."""
    if not _is_htmx(request):
        if forms:
            return _profile_page(request, initiative, forms={number: forms}, status=400)
        messages.success(request, message)
        return redirect(reverse("practice:profile", args=[initiative.pk]) + f"#element-{number}")
    entry = next(e for e in services.initiative_profile(initiative, request.user)["elements"] if e["number"] == number)
    # htmx swaps only 2xx responses, so a card with validation errors is sent as 200 too.
    context = _card_context(request, initiative, entry, forms)
    context["saved"] = "" if forms else message
    return render(request, "practice/_element.html", context)


@login_required
@require_POST
def set_level(request, pk, number):
    initiative, number = _initiative(pk), _number(number)
    if not permissions.can_set_practice_level(request.user):
        raise PermissionDenied
    form = LevelForm(request.POST, auto_id=_ids(number))
    if form.is_valid():
        try:
            services.set_level(
                initiative, number, form.cleaned_data["level"], request.user, form.cleaned_data["reason"]
            )
        except services.PracticeError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    if form.errors:
        return _after_post(request, initiative, number, "", {"level": form})
    return _after_post(request, initiative, number, _("Niveauet er gemt."))


@login_required
@require_POST
def self_assessment(request, pk, number):
    initiative, number = _initiative(pk), _number(number)
    if not permissions.can_write_self_assessment(request.user, initiative):
        raise PermissionDenied
    form = SelfAssessmentForm(request.POST, auto_id=_ids(number))
    if form.is_valid():
        try:
            services.write_self_assessment(
                initiative, number, form.cleaned_data["text"], form.cleaned_data["proposed_level"], request.user
            )
        except services.PracticeError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    if form.errors:
        return _after_post(request, initiative, number, "", {"assessment": form})
    return _after_post(request, initiative, number, _("Selvevalueringen er gemt."))


@login_required
@require_POST
def upload(request, pk, number):
    initiative, number = _initiative(pk), _number(number)
    if not permissions.can_write_self_assessment(request.user, initiative):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES, auto_id=_ids(number))
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            _doc, created = papers.attach(
                initiative,
                number,
                upload.name,
                upload.read(papers.max_bytes() + 1),
                request.user,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
            )
        except services.PracticeError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
    if form.errors:
        return _after_post(request, initiative, number, "", {"document": form})
    return _after_post(
        request,
        initiative,
        number,
        _("Dokumentet er vedhæftet.") if created else _("Dokumentet var allerede vedhæftet."),
    )


@login_required
def document(request, pk):
    doc = get_object_or_404(PracticeDocument, pk=pk)
    try:
        handle, content_type = papers.open_for(doc, request.user)
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=doc.filename, content_type=content_type)


@login_required
@require_POST
def remove_document(request, pk):
    doc = get_object_or_404(PracticeDocument.objects.select_related("initiative"), pk=pk)
    initiative, number = doc.initiative, doc.element
    papers.remove(doc, request.user)
    return _after_post(request, initiative, number, _("Dokumentet er fjernet."))


@login_required
def element_history(request, pk, number):
    _require_view(request.user)
    initiative, number = _initiative(pk), _number(number)
    data = services.history(initiative, number, request.user)
    return render(request, "practice/history.html", {"initiative": initiative, **data})


@login_required
def plan_matrix(request, pk):
    _require_view(request.user)
    plan = get_object_or_404(Plan, pk=pk)
    return render(
        request,
        "practice/matrix.html",
        {"plan": plan, "matrix": services.matrix(plan, request.user), "formats": list(exports.CONTENT_TYPES)},
    )


@login_required
def matrix_export(request, pk, fmt):
    _require_view(request.user)
    if fmt not in exports.CONTENT_TYPES:
        raise Http404
    plan = get_object_or_404(Plan, pk=pk)
    data = exports.export(services.matrix(plan, request.user), fmt)
    response = HttpResponse(data, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="lovende-praksis-{plan.code}.{fmt}"'
    return response
