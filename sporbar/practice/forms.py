"""Forms of the promising-practice pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .elements import Level
from .models import PracticeDocument


class LevelForm(forms.Form):
    level = forms.ChoiceField(label=_("Niveau"), choices=Level.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Begrundelse (skal udfyldes, når niveauet afviger fra forslaget)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
    )


class SelfAssessmentForm(forms.Form):
    text = forms.CharField(
        label=_("Selvevaluering"),
        max_length=5000,
        widget=forms.Textarea({"rows": 5}),
        help_text=_("Hvad bygger praksis på, hvordan arbejder I, og hvordan ved I det? Ingen personoplysninger."),
    )
    proposed_level = forms.ChoiceField(label=_("Jeres vurdering"), choices=Level.choices)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Dokument (PDF eller tekst)"))
    title = forms.CharField(label=_("Titel"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Type"), choices=PracticeDocument.Kind.choices)
