"""The search page: /soeg/?q=… with filters by body, date range and initiative."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sporbar.plans.models import Initiative

from .search import Filters, search, visibility_filter
from .search_models import SearchEntry


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Søg"), required=False, max_length=300)
    forum = forms.ChoiceField(label=_("Forum"), required=False)
    fra = forms.DateField(label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    til = forms.DateField(label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    initiativ = forms.ModelChoiceField(
        label=_("Initiativ"), required=False, queryset=Initiative.objects.all(), empty_label=_("Alle initiativer")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = (
            SearchEntry.objects.filter(visibility_filter(user))
            .exclude(body_name="")
            .values_list("body_name", flat=True)
            .distinct()
            .order_by("body_name")
        )
        self.fields["forum"].choices = [("", _("Alle fora"))] + [(b, b) for b in bodies]

    def clean(self):
        data = super().clean()
        if data.get("fra") and data.get("til") and data["fra"] > data["til"]:
            raise forms.ValidationError(_("Fra-datoen skal ligge før til-datoen."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        initiative = data.get("initiativ")
        return Filters(
            body=data.get("forum") or "",
            date_from=data.get("fra"),
            date_to=data.get("til"),
            initiative=initiative.pk if initiative else None,
        )


@login_required
def search_page(request):
    form = SearchForm(request.GET or None, user=request.user)
    results, searched = [], False
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        searched = True
        results = search(request.user, form.cleaned_data["q"], form.filters())
    return render(request, "documents/search.html", {"form": form, "results": results, "searched": searched})
