"""Pages of the documents app."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns: list = [
    path("dokumenter/import/", views.import_page, name="import"),
    path("dokumenter/<int:pk>/", views.document_detail, name="document"),
]

from .search_urls import urlpatterns as search_urlpatterns  # noqa: E402  (search helper: /soeg/)

urlpatterns += search_urlpatterns
