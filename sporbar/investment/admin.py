from django.contrib import admin

from .models import CaseConsequence, Consequence, InvestmentCase, Price


class PriceInline(admin.TabularInline):
    model = Price
    extra = 1


@admin.register(Consequence)
class ConsequenceAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "outcome_figure", "outcome_dimension", "baseline_rate"]
    search_fields = ["name", "unit"]
    inlines = [PriceInline]


class CaseConsequenceInline(admin.TabularInline):
    model = CaseConsequence
    extra = 1


@admin.register(InvestmentCase)
class InvestmentCaseAdmin(admin.ModelAdmin):
    list_display = ["name", "initiative", "start_year", "intake_source", "cost_source", "success_rate"]
    inlines = [CaseConsequenceInline]
