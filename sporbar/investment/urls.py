"""Pages of the investment app."""

from django.urls import path

from . import views

app_name = "investment"
urlpatterns = [
    path("investering/", views.case_list, name="case-list"),
    path("investering/katalog/", views.catalogue, name="catalogue"),
    path("investering/katalog/ny/", views.consequence_edit, name="consequence-create"),
    path("investering/katalog/<int:pk>/", views.consequence_edit, name="consequence-edit"),
    path("investering/<int:pk>/rediger/", views.case_edit, name="case-edit"),
    path("initiativer/<int:pk>/investering/", views.initiative_cases, name="initiative-cases"),
    path("initiativer/<int:pk>/investering/ny/", views.case_create, name="case-create"),
]
