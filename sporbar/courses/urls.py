"""Pages of the courses app."""

from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("borgere/", views.citizen_list, name="citizen-list"),
    path("borgere/ny/", views.course_create, name="citizen-create"),
    path("borgere/import/", views.course_import, name="import"),
    path("borgere/<int:pk>/", views.citizen_detail, name="citizen-detail"),
    path("borgere/<int:citizen_pk>/forloeb/ny/", views.course_create, name="course-create"),
    path("borgere/<int:pk>/samtykke/", views.citizen_consent, name="citizen-consent"),
    path("borgere/slet/", views.citizen_erase_lookup, name="citizen-erase-lookup"),
    path("borgere/<int:pk>/slet/", views.citizen_erase, name="citizen-erase"),
    path("forloeb/<int:pk>/", views.course_detail, name="course-detail"),
    path("forloeb/<int:pk>/vurdering/", views.assessment_create, name="assessment-create"),
    path("forloeb/<int:pk>/maal/ny/", views.goal_create, name="goal-create"),
    path("forloeb/<int:pk>/afslut/", views.course_end, name="course-end"),
    path("forloeb/<int:pk>/link/", views.link_create, name="link-create"),
    path("maal/<int:pk>/", views.goal_detail, name="goal-detail"),
    path("vurderinger/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("s/<str:token>/", views.self_report, name="self-report"),
]
