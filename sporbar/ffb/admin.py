from django.contrib import admin

from .models import Delivery, DimensionMapping, InitiativeMapping, MunicipalityMapping


@admin.register(MunicipalityMapping)
class MunicipalityMappingAdmin(admin.ModelAdmin):
    list_display = ["name", "identifier", "unit"]


@admin.register(InitiativeMapping)
class InitiativeMappingAdmin(admin.ModelAdmin):
    list_display = ["concept", "initiative", "unit"]
    autocomplete_fields = []


@admin.register(DimensionMapping)
class DimensionMappingAdmin(admin.ModelAdmin):
    list_display = ["condition", "dimension"]
    list_filter = ["dimension"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["bundle_id", "received_at", "channel", "imported", "resources"]
    list_filter = ["imported", "channel"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
