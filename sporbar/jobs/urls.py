from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [path("import/<int:pk>/", views.job_page, name="job")]
