"""Forms of the plan pages. Labels and messages are Danish; errors show next to the field."""

import re
from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sporbar.tables import upload_size

from .models import INITIATIVE_FACTS, BudgetLine, Initiative, Plan, StatusUpdate, Theme, Track


class DanishDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class KronerField(forms.DecimalField):
    """Accepts "20.000", "20000,50", "20 000 kr." and plain numbers."""

    def to_python(self, value):
        if isinstance(value, str):
            text = re.sub(r"\s|kr\.?$", "", value.strip().lower())
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
                text = text.replace(".", "")
            value = text
        try:
            amount = super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(_("Skriv beløbet som et tal i kroner, fx 20.000."), code="invalid") from None
        # Same scale as the database, so an unchanged amount is not logged as a change.
        return amount.quantize(Decimal("0.01")) if amount is not None else None


class StatusUpdateForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DanishDateInput(), input_formats=["%Y-%m-%d", "%d-%m-%Y"])
    status = forms.ChoiceField(label=_("Status"), choices=Initiative.Status.choices)
    light = forms.ChoiceField(label=_("Trafiklys"), choices=StatusUpdate.Light.choices, widget=forms.RadioSelect)
    narrative = forms.CharField(label=_("Kort fortælling"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, initiative=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("date", timezone.localdate())
        if initiative is not None:
            kwargs["initial"].setdefault("status", initiative.status)
        super().__init__(*args, **kwargs)


class SpendingForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DanishDateInput(), input_formats=["%Y-%m-%d", "%d-%m-%Y"])
    amount = KronerField(label=_("Beløb (kr.)"), max_digits=14, decimal_places=2, widget=forms.TextInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= Decimal(0):
            raise forms.ValidationError(_("Beløbet skal være større end 0."))
        return amount


class InitiativeForm(forms.ModelForm):
    amount = KronerField(label=_("Engangsbeløb (kr.)"), max_digits=14, decimal_places=2, widget=forms.TextInput())

    class Meta:
        model = Initiative
        fields = [
            "title",
            "track",
            "amount",
            "status",
            *INITIATIVE_FACTS,
        ]
        labels = {"track": _("Spor")}
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["target_group", "partners", "evaluation", "purpose", "value", "what_who_how", "resources"]
        } | {"follow_up": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        plan_id = plan.pk if plan is not None else self.instance.plan_id
        self.fields["track"].queryset = Track.objects.filter(theme__plan_id=plan_id).select_related("theme")

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Perioden kan ikke slutte før den begynder."))
        return data


class NewInitiativeForm(InitiativeForm):
    class Meta(InitiativeForm.Meta):
        fields = ["key", *InitiativeForm.Meta.fields]

    def clean(self):
        data = super().clean()
        key, track = data.get("key"), data.get("track")
        if key and track and Initiative.objects.filter(track=track, key=key).exists():
            self.add_error("key", _("Der findes allerede et initiativ med denne nøgle i sporet."))
        return data


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class _KeepsInitiatives:
    """Deleting a theme or track would delete its initiatives with it: refuse that."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            instance = form.instance
            if instance.pk and Initiative.objects.filter(**{self.initiative_lookup: instance}).exists():
                raise forms.ValidationError(
                    _("%(name)s har initiativer og kan ikke slettes.") % {"name": instance}, code="has_initiatives"
                )


class BaseThemeFormSet(_KeepsInitiatives, forms.BaseInlineFormSet):
    initiative_lookup = "track__theme"


class BaseTrackFormSet(_KeepsInitiatives, forms.BaseModelFormSet):
    initiative_lookup = "track"


ThemeFormSet = inlineformset_factory(
    Plan, Theme, formset=BaseThemeFormSet, fields=["number", "name"], extra=1, can_delete=True
)


class TrackForm(forms.ModelForm):
    class Meta:
        model = Track
        fields = ["theme", "number", "name"]
        labels = {"theme": _("Tema")}


def track_formset(plan, data=None):
    """The tracks of every theme of the plan, edited on one page."""
    TrackFormSet = forms.modelformset_factory(Track, form=TrackForm, formset=BaseTrackFormSet, extra=1, can_delete=True)
    formset = TrackFormSet(data, queryset=Track.objects.filter(theme__plan=plan), prefix="tracks")
    for form in formset:
        form.fields["theme"].queryset = Theme.objects.filter(plan=plan)
    return formset


class BudgetLineForm(forms.ModelForm):
    amount = KronerField(label=_("Beløb (kr.)"), max_digits=14, decimal_places=2, widget=forms.TextInput())

    class Meta:
        model = BudgetLine
        fields = ["year", "amount"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Skriv et årstal mellem 2000 og 2100."))
        return year


BudgetLineFormSet = inlineformset_factory(Initiative, BudgetLine, form=BudgetLineForm, extra=1, can_delete=True)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV, XLSX eller YAML)"),
        validators=[upload_size],
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.yaml,.yml"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".yaml", ".yml")):
            raise forms.ValidationError(_("Filen skal være CSV, XLSX eller YAML."))
        return upload
