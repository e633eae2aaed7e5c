from django import forms
from django.utils.translation import gettext_lazy as _

from sporbar.accounts.models import Unit
from sporbar.plans.models import Initiative, Theme

from .models import FollowUp, Hearing, ResponsePassage


class DateInput(forms.DateInput):
    input_type = "date"


class HearingForm(forms.ModelForm):
    units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.all(), label=_("Inviterede enheder"), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Hearing
        fields = ["title", "description", "plan", "initiatives", "owner_unit", "start_date", "deadline", "ready"]
        widgets = {"start_date": DateInput, "deadline": DateInput}

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("deadline") and data["deadline"] < data["start_date"]:
            self.add_error("deadline", _("Høringsfristen skal ligge efter startdatoen."))
        return data


class ResponseForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Enhed"))
    sender = forms.CharField(label=_("Afsender"), max_length=300)
    text = forms.CharField(label=_("Høringssvar"), widget=forms.Textarea, required=False)
    document = forms.FileField(label=_("Eller upload et dokument"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("document"):
            raise forms.ValidationError(_("Skriv et svar eller vedhæft et dokument."))
        return data


class PassageForm(forms.ModelForm):
    class Meta:
        model = ResponsePassage
        fields = ["theme", "initiative", "stance", "passage"]
        labels = {"theme": _("Tema"), "initiative": _("Initiativ"), "passage": _("Passage")}

    def __init__(self, *args, hearing=None, **kwargs):
        super().__init__(*args, **kwargs)
        if hearing is not None and hearing.plan_id:
            self.fields["theme"].queryset = Theme.objects.filter(plan=hearing.plan)
            self.fields["initiative"].queryset = Initiative.objects.filter(track__theme__plan=hearing.plan)
        self.fields["passage"].widget.attrs["rows"] = 3


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(label=_("Konklusion"), widget=forms.Textarea)


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)
