from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sporbar.accounts import permissions
from sporbar.accounts.models import Unit
from sporbar.ffb import codes
from sporbar.plans.models import Initiative
from sporbar.tables import upload_size
from sporbar.validators import plausible_date

from . import services
from .models import Assessment, Course, EmploymentStatus, Goal

# Dates are shown and typed the Danish way (23-11-2026); ISO dates are accepted too.
DATE_INPUT = forms.DateInput(format="%d-%m-%Y", attrs={"inputmode": "numeric", "placeholder": "dd-mm-åååå"})
DATE_FORMATS = ["%d-%m-%Y", "%Y-%m-%d"]


class ConditionField(forms.TypedChoiceField):
    """An FFB condition under "Aktivitet og deltagelse", grouped as in FFB; the goal's dimension follows it."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("FFB-tilstand"),
            choices=codes.condition_choices,
            coerce=lambda pk: codes.conditions_for_goals().get(pk=int(pk)),
            empty_value=None,
            help_text=_("Dimensionen følger af tilstanden (administratorens tabel over FFB-tilstande)."),
            **kwargs,
        )


class CourseForm(forms.Form):
    cpr = forms.CharField(
        label=_("CPR-nummer (valgfrit)"),
        required=False,
        help_text=_("Gemmes kun som en nøgle, så borgeren kan findes igen. Vises aldrig."),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    initials = forms.CharField(label=_("Initialer"), max_length=6, required=False)
    birth_year = forms.IntegerField(label=_("Fødselsår"), min_value=1900, max_value=2100, required=False)
    initiative = forms.ModelChoiceField(label=_("Initiativ"), queryset=Initiative.objects.all())
    unit = forms.ModelChoiceField(label=_("Enhed"), queryset=Unit.objects.none())
    start_date = forms.DateField(
        label=_("Startdato"),
        initial=timezone.localdate,
        widget=DATE_INPUT,
        input_formats=DATE_FORMATS,
        validators=[plausible_date],
    )

    def __init__(self, *args, user, with_citizen=True, goals=3, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(id__in=permissions.unit_ids(user))
        if not with_citizen:
            for name in ("cpr", "initials", "birth_year"):
                del self.fields[name]
        self.goal_count = goals
        for i in range(goals):
            self.fields[f"goal{i}_condition"] = ConditionField(required=i == 0)
            self.fields[f"goal{i}_goal_type"] = forms.ChoiceField(
                label=_("Måltype"), choices=Goal.GoalType.choices, initial=Goal.GoalType.DEVELOP
            )
            self.fields[f"goal{i}_text"] = forms.CharField(
                label=_("Målet med borgerens ord"), max_length=1000, required=i == 0, widget=forms.Textarea({"rows": 2})
            )
            self.fields[f"goal{i}_own_words"] = forms.BooleanField(
                label=_("Skrevet med borgerens egne ord"), required=False
            )

    def clean_cpr(self):
        cpr = self.cleaned_data["cpr"]
        if cpr:
            try:
                services.normalise_cpr(cpr)
            except services.InvalidCpr as exc:
                raise forms.ValidationError(str(exc)) from None
        return cpr

    def goal_rows(self):
        return [
            [self[f"goal{i}_condition"], self[f"goal{i}_goal_type"], self[f"goal{i}_text"], self[f"goal{i}_own_words"]]
            for i in range(self.goal_count)
        ]

    def clean(self):
        data = super().clean()
        goals = []
        for i in range(self.goal_count):
            condition, text = data.get(f"goal{i}_condition"), (data.get(f"goal{i}_text") or "").strip()
            if condition and text:
                goals.append(
                    {
                        "condition": condition,
                        "goal_type": data.get(f"goal{i}_goal_type"),
                        "text": text,
                        "in_citizens_words": bool(data.get(f"goal{i}_own_words")),
                    }
                )
            elif condition or text:
                self.add_error(f"goal{i}_text", _("Udfyld både FFB-tilstand og mål."))
        data["goals"] = goals
        return data


class GoalForm(forms.ModelForm):
    condition = ConditionField()

    class Meta:
        model = Goal
        fields = ["condition", "goal_type", "target_level", "text", "in_citizens_words"]
        widgets = {"text": forms.Textarea({"rows": 2})}


class EndCourseForm(forms.Form):
    end_date = forms.DateField(
        label=_("Slutdato"),
        initial=timezone.localdate,
        widget=DATE_INPUT,
        input_formats=DATE_FORMATS,
        validators=[plausible_date],
    )
    end_reason = forms.ChoiceField(label=_("Årsag"), choices=Course.EndReason.choices)


class AssessmentForm(forms.Form):
    """All of one course's goals on one screen: level and status per goal as radio groups."""

    date = forms.DateField(
        label=_("Dato"),
        initial=timezone.localdate,
        widget=DATE_INPUT,
        input_formats=DATE_FORMATS,
        validators=[plausible_date],
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        # Goals from the case system are assessed there; their assessments arrive with its reports.
        self.goals = list(course.goals.filter(source=""))
        for goal in self.goals:
            self.fields[f"level_{goal.id}"] = forms.TypedChoiceField(
                label=_("Funktionsniveau"), choices=Assessment.Level.choices, coerce=int, widget=forms.RadioSelect
            )
            self.fields[f"status_{goal.id}"] = forms.ChoiceField(
                label=_("Målstatus"), choices=Assessment.GoalStatus.choices, widget=forms.RadioSelect
            )
        if course.initiative.is_employment:
            self.fields["hours_per_week"] = forms.DecimalField(
                label=_("Timer pr. uge i job eller uddannelse"), min_value=0, max_value=80, decimal_places=1
            )
            self.fields["occupation"] = forms.TypedChoiceField(
                label=_("Beskæftigelse"),
                choices=EmploymentStatus.Occupation.choices,
                coerce=int,
                widget=forms.RadioSelect,
            )

    def goal_rows(self):
        return [(goal, self[f"level_{goal.id}"], self[f"status_{goal.id}"]) for goal in self.goals]

    def goal_values(self):
        return {g.id: (self.cleaned_data[f"level_{g.id}"], self.cleaned_data[f"status_{g.id}"]) for g in self.goals}


class SelfReportForm(forms.Form):
    comment = forms.CharField(
        label=_("Hvad har gjort en forskel?"), required=False, max_length=2000, widget=forms.Textarea({"rows": 4})
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"rating_{goal.id}"] = forms.TypedChoiceField(
                label=goal.text, choices=[(i, str(i)) for i in range(11)], coerce=int, widget=forms.RadioSelect
            )

    def rating_fields(self):
        return [self[f"rating_{g.id}"] for g in self.goals]

    def ratings(self):
        return {g.id: self.cleaned_data[f"rating_{g.id}"] for g in self.goals}


class ConsentForm(forms.Form):
    given_on = forms.DateField(
        label=_("Samtykke givet"), initial=timezone.localdate, widget=DATE_INPUT, input_formats=DATE_FORMATS
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fil (CSV eller XLSX)"), validators=[upload_size])
