"""Forms of the investment pages. Rates are entered in per cent ("10 %"), stored as shares (0,10)."""

import re
from decimal import Decimal

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from . import services
from .models import CaseConsequence, Consequence, InvestmentCase, Price


class PercentField(forms.DecimalField):
    """Accepts "10", "10 %", "12,5" and shows the stored share as per cent (a text box: a browser's number
    box would refuse the Danish decimal comma)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

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


class DecimalCommaField(forms.DecimalField):
    """A decimal number written the Danish way ("2,5") or with a point."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value.normalize():f}".replace(".", ",")
        return value


class InvestmentCaseForm(forms.ModelForm):
    success_rate = PercentField(label=_("Antaget succesrate netto (%)"))
    baseline_rate = PercentField(label=_("Basisrate (%)"), initial=0)
    discount_rate = PercentField(label=_("Diskonteringsrente (%)"), required=False, max_value=99)
    effect_years = DecimalCommaField(
        label=_("Effektens varighed (år)"), min_value=Decimal("0.5"), max_value=10, max_digits=3, decimal_places=1
    )
    effect_decay = PercentField(label=_("Aftagning pr. år (%)"))

    class Meta:
        model = InvestmentCase
        fields = [
            "name",
            "start_year",
            "horizon_years",
            "intake_source",
            "citizens_per_year",
            "intake_years",
            "course_months",
            "effect_start",
            "effect_start_months",
            "effect_years",
            "effect_decay",
            "success_rate",
            "baseline_rate",
            "discount_rate",
            "cost_source",
            "startup_cost",
            "running_cost",
            "running_years",
            "cost_item",
            "cost_item_quantity",
            "usual_offer",
            "usual_offer_quantity",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["success_rate"].help_text = _(
            "Antaget, hvor intet er målt: fx 12 % lykkes med indsatsen og 2 % ville alligevel: skriv 10."
        )
        self.fields["baseline_rate"].help_text = _(
            "Andel der ville lykkes uden indsatsen, hvor hverken en sammenligning eller kataloget giver den."
        )
        self.fields["discount_rate"].help_text = _("Tom: standardrenten (3,5 %).")
        self.fields["cost_source"].error_messages["invalid_choice"] = services.unknown_cost_source_message()

    def clean_citizens_per_year(self):
        value = self.cleaned_data["citizens_per_year"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("Antal borgere kan ikke være negativt."))
        return value

    def clean(self):
        cleaned = super().clean()
        if "cost_source" in cleaned:
            for name, message in services.case_errors(cleaned).items():
                self.add_error(name if name in self.fields else None, message)
        return cleaned


class CaseConsequenceBaseFormSet(BaseInlineFormSet):
    """A consequence without a price cannot be used in a case: say so next to it."""

    def clean(self):
        super().clean()
        for form in self.forms:
            consequence = form.cleaned_data.get("consequence") if hasattr(form, "cleaned_data") else None
            if consequence is None or form.cleaned_data.get("DELETE"):
                continue
            message = services.price_error(consequence)
            if message:
                form.add_error("consequence", message)


CaseConsequenceFormSet = inlineformset_factory(
    InvestmentCase,
    CaseConsequence,
    formset=CaseConsequenceBaseFormSet,
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
    baseline_rate = PercentField(label=_("Basisrate i kataloget (%)"), required=False)

    class Meta:
        model = Consequence
        fields = ["name", "unit", "description", "outcome_figure", "outcome_dimension", "baseline_rate"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_figure"].help_text = _(
            "Det målte udfald, der driver konsekvensen (fx beskæftigelse → kontanthjælp). Tomt: altid antaget."
        )
        self.fields["baseline_rate"].help_text = _("Andel der når udfaldet uden indsatsen. Tom: casens basisrate.")


class PriceBaseFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE", False)]
        if not any(f.cleaned_data.get("amount") is not None for f in kept):
            raise forms.ValidationError(_("En konsekvens skal have mindst én pris."))


PriceFormSet = inlineformset_factory(
    Consequence,
    Price,
    formset=PriceBaseFormSet,
    fields=["payer", "committee", "amount", "price_level_year", "source", "is_example"],
    extra=1,
    can_delete=True,
)
