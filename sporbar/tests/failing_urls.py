"""The site's URLs plus two views that fail, to see the error pages a user would get."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from sporbar.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("a forged request")


urlpatterns = [*site_urlpatterns, path("fejl/", broken), path("mistaenkelig/", suspicious)]
