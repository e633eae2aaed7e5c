"""Pages of the effects app."""

from django.urls import path

from . import views

app_name = "effects"
urlpatterns = [
    path("planer/<int:pk>/effekt/", views.plan_dashboard, name="plan-dashboard"),
    path("initiativer/<int:pk>/effekt/", views.initiative_dashboard, name="initiative-dashboard"),
    path("effektmaal/", views.target_list, name="target-list"),
    path("effektmaal/ny/", views.target_edit, name="target-new"),
    path("effektmaal/<int:pk>/", views.target_edit, name="target-edit"),
    path("effektmaal/import/", views.target_import, name="target-import"),
]
