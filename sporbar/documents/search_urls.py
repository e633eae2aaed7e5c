"""URLs of the search page (included from documents/urls.py)."""

from django.urls import path

from . import search_views

urlpatterns = [path("soeg/", search_views.search_page, name="search")]
