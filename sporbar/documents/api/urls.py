"""REST API of the documents app, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .search import SearchView

router = SimpleRouter()
urlpatterns = router.urls + [path("search", SearchView.as_view(), name="api-search")]
