from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

DOMAIN_APPS = ["accounts", "plans", "courses", "effects", "investment", "governance", "practice", "documents"]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
for app in DOMAIN_APPS:
    urlpatterns += [
        path("api/v1/", include(f"sporbar.{app}.api.urls")),
        path("", include(f"sporbar.{app}.urls")),
    ]
urlpatterns.append(path("", include("sporbar.committee.urls")))  # the committee report: pages only, no API
