"""Pages of the committee report (the download keeps the address it had under the effect pages)."""

from django.urls import path

from . import views

app_name = "committee"
urlpatterns = [
    path("planer/<int:pk>/udvalgsrapport/", views.report_page, name="page"),
    path("planer/<int:pk>/udvalgsrapport/send/", views.report_issue, name="issue"),
    path("planer/<int:pk>/effekt/rapport.<str:fmt>", views.report_download, name="report"),
]
