"""Pages of the effects app."""

from django.urls import path  # noqa: F401

app_name = "effects"
urlpatterns: list = []
