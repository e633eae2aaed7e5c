"""Forms of the investment pages. Rates are entered in per cent ("10 %"), stored as shares (0,10)."""

import re
from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from .models import CaseConsequence, Consequence, InvestmentCase, Price


class PercentField(forms.DecimalField):
    """Accepts "10", "10 %", "12,5" and shows the stored share as per cent."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 100)
        super().__init__(max_digits=7, decimal_places=2, **kwargs)
        label = str(self.label or "").replace("%", "%%")  # Django %-formats error messages again
        self.error_messages["min_value"] = _("%(label)s skal være mellem 0 og 100 %%%%.") % {"label": label}
        self.error_messages["max_value"] = self.error_messages["min_value"]

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{(value * 100).normalize():f}".replace(".", ",")
        return value

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"\s|%", "", value).replace(",", ".")
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(_("Skriv en procentsats, fx 10 %."), code="invalid") from None

    def clean(self, value):
        percent = super().clean(value)
        return None if percent is None else percent / 100


class InvestmentCaseForm(forms.ModelForm):
    success_rate = PercentField(label=_("Antaget succesrate netto (%)"))
    baseline_rate = PercentField(label=_("Basisrate (%)"), initial=0)
    discount_rate = PercentField(label=_("Diskonteringsrente (%)"), required=False, max_value=99)

    class Meta:
        model = InvestmentCase
        fields = [
            "name",
            "start_year",
            "horizon_years",
            "citizens_per_year",
            "intake_years",
            "effect_offset",
            "success_rate",
            "baseline_rate",
            "discount_rate",
            "cost_source",
            "startup_cost",
            "running_cost",
            "running_years",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["success_rate"].help_text = _("Fx 12 % lykkes med indsatsen og 2 % ville alligevel: skriv 10.")
        self.fields["discount_rate"].help_text = _("Tom: standardrenten (3,5 %).")

    def clean_citizens_per_year(self):
        value = self.cleaned_data["citizens_per_year"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("Antal borgere kan ikke være negativt."))
        return value


CaseConsequenceFormSet = inlineformset_factory(
    InvestmentCase,
    CaseConsequence,
    fields=["consequence", "quantity"],
    labels={"consequence": _("Konsekvens")},
    extra=2,
    can_delete=True,
)


class CatalogueImportForm(forms.Form):
    file = forms.FileField(label=_("Fil (CSV eller XLSX)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Filen skal være CSV eller XLSX."))
        return upload


class ConsequenceForm(forms.ModelForm):
    class Meta:
        model = Consequence
        fields = ["name", "unit", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


PriceFormSet = inlineformset_factory(
    Consequence,
    Price,
    fields=["payer", "committee", "amount", "price_level_year", "source", "is_example"],
    extra=1,
    can_delete=True,
)
