from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sporbar.accounts.models import Unit
from sporbar.plans.models import Initiative, Theme

from .models import AgendaItem, Body, DecisionPoint, FollowUp, Hearing, Meeting, Proposal, ResponsePassage


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


# ---------------------------------------------------------------- the secretariat's forms


class TimeInput(forms.TimeInput):
    input_type = "time"


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["name", "kind", "owner_unit", "deadline_weekday", "deadline_time"]
        widgets = {"deadline_time": TimeInput}
        help_texts = {
            "deadline_weekday": _(
                "Indstillinger skal afleveres senest denne ugedag og dette klokkeslæt i ugen før mødet."
            )
        }


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["body", "date", "time", "place", "minute_taker", "title", "closed"]
        widgets = {"date": DateInput}
        help_texts = {"closed": _("Alle punkter på et lukket møde er lukkede, og referatet offentliggøres aldrig.")}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "category", "confidential", "body", "initiatives"]
        widgets = {"initiatives": forms.CheckboxSelectMultiple, "body": forms.Textarea(attrs={"rows": 6})}


MAX_ATTACHMENT = 20 * 1024 * 1024
ATTACHMENT_TYPES = {".pdf", ".docx", ".doc", ".xlsx", ".xls", ".pptx", ".txt", ".odt", ".ods", ".png", ".jpg"}


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300)
    file = forms.FileField(label=_("Fil"), required=False)
    text = forms.CharField(label=_("Eller tekst"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        suffix = ("." + upload.name.rsplit(".", 1)[-1].lower()) if "." in upload.name else ""
        if suffix not in ATTACHMENT_TYPES:
            message = _("%(name)s: filtypen kan ikke vedhæftes (brug %(allowed)s).")
            raise forms.ValidationError(message % {"name": upload.name, "allowed": ", ".join(sorted(ATTACHMENT_TYPES))})
        if upload.size > MAX_ATTACHMENT:
            raise forms.ValidationError(_("%(name)s: filen er for stor (højst 20 MB).") % {"name": upload.name})
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError(_("Vedhæft en fil eller skriv bilagets tekst."))
        return data


class ProposalForm(forms.ModelForm):
    """The municipality's template: Til, Fra, Dato, title and each numbered section as its own field."""

    decision_points = forms.CharField(
        label=_("2. Beslutningspunkter"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Ét punkt pr. linje: »At 1) Rådmanden godkender …«."),
    )

    class Meta:
        model = Proposal
        fields = [
            "kind", "to", "sender", "date", "title", "owner_unit", "planned_meeting", "case_number", "case_officer",
            "resume", "decision_points", "why", "value", "what_who_how", "resources", "follow_up", "initiatives",
        ]  # fmt: skip
        widgets = {
            "date": DateInput,
            "initiatives": forms.CheckboxSelectMultiple,
            **{name: forms.Textarea(attrs={"rows": 4}) for name in ("resume", "why", "value", "what_who_how")},
            **{name: forms.Textarea(attrs={"rows": 3}) for name in ("resources", "follow_up")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import decision_points_text

        self.fields["planned_meeting"].queryset = Meeting.objects.filter(date__isnull=False).select_related("body")
        if self.instance.pk:
            self.fields["decision_points"].initial = decision_points_text(self.instance)
        self.fields["planned_meeting"].widget.attrs.update(
            {"hx-get": reverse("governance:proposal-deadline"), "hx-target": "#frist", "hx-swap": "outerHTML"}
        )

    def clean_decision_points(self):
        from .decisions import parse_numbered

        text = self.cleaned_data["decision_points"]
        if text.strip() and not parse_numbered(text):
            raise forms.ValidationError(_("Skriv punkterne som »At 1) …«, ét pr. linje."))
        return text


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("Beslutning"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.points = list(points)
        for point in self.points:
            self.fields[f"point_{point.number}"] = forms.ChoiceField(
                label=f"{point.number}) {point.text[:200]}",
                choices=DecisionPoint.Outcome.choices,
                required=False,
                initial=point.outcome,
            )

    def outcomes(self) -> dict[int, str]:
        return {p.number: self.cleaned_data.get(f"point_{p.number}") or "" for p in self.points}
