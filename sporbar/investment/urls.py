"""Pages of the investment app."""

from django.urls import path  # noqa: F401

app_name = "investment"
urlpatterns: list = []
