from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

DOMAIN_APPS = ["accounts", "plans", "courses", "effects", "ffb", "investment", "governance", "practice", "documents"]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include("sporbar.jobs.urls")),
    # Municipal sign-in (sporbar/accounts/sso.py); their views reverse these names unnamespaced.
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("saml2/", include("djangosaml2.urls")),
]
for app in DOMAIN_APPS:
    urlpatterns += [
        path("api/v1/", include(f"sporbar.{app}.api.urls")),
        path("", include(f"sporbar.{app}.urls")),
    ]
urlpatterns.append(path("", include("sporbar.committee.urls")))  # the committee report: pages only, no API

handler404 = "sporbar.api.api_not_found"
