"""Pages of the ffb app."""

from django.urls import path

from . import views

app_name = "ffb"
urlpatterns = [
    path("ffb/", views.overview, name="overview"),
    path("ffb/tilstande/<int:pk>/dimension/", views.set_dimension, name="set-dimension"),
]
