"""Pages of the governance app."""

from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("moeder/", views.meeting_list, name="meeting-list"),
    path("moeder/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("offentlig/moeder/<int:pk>/", views.public_meeting, name="public-meeting"),
    path("indstillinger/", views.proposal_list, name="proposal-list"),
    path("indstillinger/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("indstillinger/<int:pk>/aflever/", views.proposal_deliver, name="proposal-deliver"),
    path("indstillinger/<int:pk>/dagsorden/", views.proposal_to_agenda, name="proposal-to-agenda"),
    path("koblingsforslag/<int:pk>/", views.suggestion_decide, name="suggestion-decide"),
    path("opfoelgning/", views.follow_up_list, name="follow-up-list"),
    path("opfoelgning/<int:pk>/status/", views.follow_up_status, name="follow-up-status"),
    path("hoeringer/", views.hearing_list, name="hearing-list"),
    path("hoeringer/ny/", views.hearing_create, name="hearing-create"),
    path("hoeringer/<int:pk>/", views.hearing_detail, name="hearing-detail"),
    path("hoeringer/<int:pk>/svar/", views.hearing_respond, name="hearing-respond"),
    path("hoeringer/<int:pk>/konklusion/", views.hearing_conclude, name="hearing-conclude"),
    path("hoeringssvar/<int:pk>/passage/", views.passage_create, name="passage-create"),
    path("initiativer/<int:pk>/beslutninger/", views.initiative_decisions, name="initiative-decisions"),
]
