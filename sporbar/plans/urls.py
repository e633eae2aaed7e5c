"""Pages of the plans app."""

from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("planer/", views.plan_list, name="plan-list"),
    path("planer/import/", views.plan_import, name="plan-import"),
    path("planer/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("planer/<int:pk>/struktur/", views.plan_structure, name="plan-structure"),
    path("planer/<int:pk>/nyt-initiativ/", views.initiative_create, name="initiative-create"),
    path("planer/<int:pk>/eksport/<str:fmt>/", views.plan_export, name="plan-export"),
    path("initiativer/<int:pk>/", views.initiative_detail, name="initiative-detail"),
    path("initiativer/<int:pk>/rediger/", views.initiative_edit, name="initiative-edit"),
    path("initiativer/<int:pk>/status/", views.status_update_create, name="status-update-create"),
    path("initiativer/<int:pk>/forbrug/", views.spending_create, name="spending-create"),
]
