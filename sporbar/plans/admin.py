"""Themes and tracks are edited here by plan editors (administrators, and analysts with staff access)."""

from django.contrib import admin

from sporbar.accounts import permissions

from .models import BudgetLine, Initiative, Plan, Spending, StatusUpdate, Theme, Track


class PlanEditorAdmin(admin.ModelAdmin):
    """Access follows permissions.can_edit_plan rather than Django's per-model permissions."""

    def has_module_permission(self, request):
        return permissions.can_edit_plan(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_edit_plan(request.user)

    has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None):
        return permissions.can_edit_plan(request.user)

    has_delete_permission = has_change_permission


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(Plan)
class PlanAdmin(PlanEditorAdmin):
    list_display = ["name", "code"]
    inlines = [ThemeInline]


@admin.register(Theme)
class ThemeAdmin(PlanEditorAdmin):
    list_display = ["number", "name", "plan"]
    list_filter = ["plan"]
    inlines = [TrackInline]


@admin.register(Track)
class TrackAdmin(PlanEditorAdmin):
    list_display = ["number", "name", "theme"]
    list_filter = ["theme__plan"]


@admin.register(Initiative)
class InitiativeAdmin(PlanEditorAdmin):
    list_display = ["title", "track", "amount", "owner_unit", "status"]
    list_filter = ["status", "track__theme"]
    search_fields = ["title", "key"]
    inlines = [BudgetLineInline]


@admin.register(Spending)
class SpendingAdmin(PlanEditorAdmin):
    list_display = ["initiative", "date", "amount", "note"]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(PlanEditorAdmin):
    list_display = ["initiative", "date", "status", "light"]
