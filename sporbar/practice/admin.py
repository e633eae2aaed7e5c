"""Admin: the history rows are read-only (never changed, never deleted); documents can be removed."""

from django.contrib import admin

from .models import LevelDecision, PracticeDocument, SelfAssessment


class HistoryAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LevelDecision)
class LevelDecisionAdmin(HistoryAdmin):
    list_display = ["initiative", "element", "level", "suggested_level", "kind", "set_by", "set_at"]
    list_filter = ["element", "level", "kind"]
    search_fields = ["initiative__title", "reason"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(HistoryAdmin):
    list_display = ["initiative", "element", "proposed_level", "written_by", "written_at"]
    list_filter = ["element", "proposed_level"]
    search_fields = ["initiative__title", "text"]


@admin.register(PracticeDocument)
class PracticeDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "element", "kind", "filename", "uploaded_by", "uploaded_at"]
    list_filter = ["element", "kind"]
    search_fields = ["title", "filename", "initiative__title"]
    readonly_fields = ["file", "sha256", "size", "text", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request):
        return False  # through the initiative's page, where the file is checked
