"""Upload of papers (minutes, plan documents, hearing responses) and the import reports (analysts, admins)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sporbar.accounts.models import Unit
from sporbar.governance.models import Hearing
from sporbar.plans.models import Plan

from .access import can_import_documents
from .importing import (
    ImportFailed,
    apply_plan_draft,
    compare_plan_document,
    import_hearing_response,
    import_minutes,
    import_plan_document,
)
from .models import Document


class UploadForm(forms.Form):
    KINDS = [
        (Document.Kind.MINUTES, gettext_lazy("Referat")),
        (Document.Kind.PLAN, gettext_lazy("Oversigt over investeringsinitiativer (plankladde)")),
        (Document.Kind.HEARING_RESPONSE, gettext_lazy("Høringssvar")),
    ]
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=KINDS, initial=Document.Kind.MINUTES)
    file = forms.FileField(label=gettext_lazy("Fil (PDF eller tekst)"))
    hearing = forms.ModelChoiceField(
        queryset=Hearing.objects.order_by("-start_date"), required=False, label=gettext_lazy("Høring (for høringssvar)")
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Document.Kind.HEARING_RESPONSE and not data.get("hearing"):
            self.add_error("hearing", _("Vælg den høring, svaret hører til."))
        return data


def _require_importer(request):
    if not can_import_documents(request.user):
        raise Http404


@login_required
def import_page(request):
    _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            limit = settings.UPLOAD_MAX_BYTES // 1024 // 1024
            form.add_error(
                "file", _("%(name)s: filen er for stor (højst %(mb)s MB).") % {"name": upload.name, "mb": limit}
            )
        else:
            kind, data = form.cleaned_data["kind"], upload.read()
            try:
                if kind == Document.Kind.PLAN:
                    result = import_plan_document(upload.name, data, user=request.user)
                elif kind == Document.Kind.HEARING_RESPONSE:
                    result = import_hearing_response(upload.name, data, form.cleaned_data["hearing"].pk, request.user)
                else:
                    result = import_minutes(upload.name, data, user=request.user)
            except ImportFailed as exc:
                form.add_error("file", str(exc))
            else:
                if result.created:
                    messages.success(request, _("%(name)s er importeret.") % {"name": upload.name})
                else:
                    messages.info(
                        request, _("%(name)s var allerede importeret – intet ændret.") % {"name": upload.name}
                    )
                return redirect("documents:document", pk=result.document.pk)
    documents = Document.objects.select_related("imported_by")[:50]
    return render(request, "documents/import.html", {"form": form, "documents": documents})


class ApplyDraftForm(forms.Form):
    plan_code = forms.SlugField(
        label=gettext_lazy("Planens kode"),
        max_length=60,
        help_text=gettext_lazy("En eksisterende plan opdateres; en ny kode opretter en ny plan."),
    )
    plan_name = forms.CharField(label=gettext_lazy("Planens navn (hvis den oprettes)"), max_length=200, required=False)
    owner_unit = forms.ModelChoiceField(
        queryset=Unit.objects.order_by("path"),
        to_field_name="code",
        required=False,
        label=gettext_lazy("Ejer af nye initiativer"),
    )
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)


@login_required
def document_detail(request, pk):
    _require_importer(request)
    document = get_object_or_404(Document, pk=pk)
    report = document.report
    context = {"document": document, "report": report}
    if document.kind == Document.Kind.PLAN and "draft" in report:
        context.update(_plan_draft_step(request, document))
        if context.get("done"):
            messages.success(request, _("Forskellen er skrevet i planen."))
            return redirect("documents:document", pk=document.pk)
    return render(request, "documents/document.html", context)


def _plan_draft_step(request, document) -> dict:
    """Show the difference against the chosen plan (writes nothing); write it only on confirmation."""
    plans = Plan.objects.order_by("name")
    initial = {"plan_code": plans[0].code if len(plans) == 1 else "", "plan_name": document.report["draft"]["title"]}
    form = ApplyDraftForm(request.POST or None, initial=initial)
    context = {"form": form, "plans": plans}
    if request.method != "POST" or not form.is_valid():
        return context
    data = form.cleaned_data
    comparison = compare_plan_document(document.report["draft"], data["plan_code"])
    context["comparison"] = comparison
    if comparison.plan is None and not data["plan_name"]:
        form.add_error("plan_name", _("Planen findes ikke: skriv et navn, så den oprettes."))
    if comparison.of_kind("new") and data["owner_unit"] is None:
        form.add_error("owner_unit", _("Vælg den enhed, der ejer de nye initiativer."))
    if "anvend" in request.POST and form.is_valid():
        outcome = apply_plan_draft(
            document, data["plan_code"], data["plan_name"], data["owner_unit"], request.user, data["fingerprint"]
        )
        context["outcome"] = outcome
        context["done"] = outcome["ok"]
        if not outcome["ok"]:
            context["comparison"] = compare_plan_document(document.report["draft"], data["plan_code"])
    return context
