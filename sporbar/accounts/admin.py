from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AccessEntry, AuditEntry, Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "code"]
    search_fields = ["name", "code"]


@admin.register(User)
class SporbarUserAdmin(UserAdmin):
    list_display = ["username", "get_full_name", "role", "is_active"]
    list_filter = ["role", "is_active", "units"]
    fieldsets = UserAdmin.fieldsets + (("Sporbar", {"fields": ["role", "units"]}),)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "model", "object_id", "object_repr"]
    list_filter = ["action", "model"]


@admin.register(AccessEntry)
class AccessEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "citizen_id", "what", "channel"]
    search_fields = ["citizen_id"]
