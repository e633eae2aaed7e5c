from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ScopeKind, Target


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["figure", "dimension", "scope_kind", "scope_id", "target_category", "year", "share", "note"]

    def clean(self):
        data = super().clean()
        kind = data.get("scope_kind")
        if kind == ScopeKind.TARGET_GROUP:
            if not data.get("target_category"):
                self.add_error("target_category", _("Vælg målgruppen."))
            data["scope_id"] = 0
        elif kind and not data.get("scope_id"):
            self.add_error("scope_id", _("Angiv id for plan, tema, spor, initiativ eller enhed."))
        else:
            data["target_category"] = ""
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fil (CSV eller XLSX)"))
