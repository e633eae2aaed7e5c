"""Pages of the plans app."""

from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("planer/", views.plan_list, name="plan-list"),
]
