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

from .access import can_import_documents
from .importing import ImportFailed, apply_plan_draft, import_hearing_response, import_minutes, import_plan_document
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
    plan_code = forms.SlugField(label=gettext_lazy("Planens kode"), max_length=60)
    plan_name = forms.CharField(label=gettext_lazy("Planens navn"), max_length=200)
    owner_unit = forms.ModelChoiceField(
        queryset=Unit.objects.order_by("path"), to_field_name="code", label=gettext_lazy("Ejer (alle initiativer)")
    )


@login_required
def document_detail(request, pk):
    _require_importer(request)
    document = get_object_or_404(Document, pk=pk)
    report = document.report
    form, outcome = None, None
    if document.kind == Document.Kind.PLAN and "draft" in report:
        initial = {"plan_code": "", "plan_name": report["draft"]["title"][:200]}
        form = ApplyDraftForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            outcome = apply_plan_draft(
                document, data["plan_code"], data["plan_name"], data["owner_unit"].code, request.user
            )
            if outcome["ok"]:
                messages.success(request, _("Kladden er anvendt på planen."))
                return redirect("documents:document", pk=document.pk)
    context = {"document": document, "report": report, "form": form, "outcome": outcome}
    return render(request, "documents/document.html", context)
