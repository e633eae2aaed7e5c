"""REST API of the ffb app, mounted under /api/v1/."""

from django.urls import path

from . import views

urlpatterns = [path("ffb/bundles/", views.BundleView.as_view(), name="ffb-bundles")]
