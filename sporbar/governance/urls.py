"""Pages of the governance app."""

from django.urls import path

from . import secretariat_views as prepare
from . import views

app_name = "governance"
urlpatterns = [
    path("fora/", prepare.body_list, name="body-list"),
    path("fora/ny/", prepare.body_form, name="body-create"),
    path("fora/<int:pk>/ret/", prepare.body_form, name="body-edit"),
    path("moeder/", views.meeting_list, name="meeting-list"),
    path("moeder/ny/", prepare.meeting_form, name="meeting-create"),
    path("moeder/<int:pk>/ret/", prepare.meeting_form, name="meeting-edit"),
    path("moeder/<int:pk>/offentliggoer/", prepare.meeting_publish, name="meeting-publish"),
    path("moeder/<int:meeting_pk>/punkter/ny/", prepare.item_form, name="item-create"),
    path("moeder/<int:pk>/raekkefoelge/", prepare.agenda_order, name="agenda-order"),
    path("punkter/<int:pk>/ret/", prepare.item_form, name="item-edit"),
    path("punkter/<int:pk>/flyt/", prepare.item_move, name="item-move"),
    path("punkter/<int:pk>/slet/", prepare.item_delete, name="item-delete"),
    path("punkter/<int:pk>/beslutning/", prepare.item_decision, name="item-decision"),
    path("punkter/<int:pk>/bilag/", prepare.attachment_create, name="attachment-create"),
    path("bilag/<int:pk>/", prepare.attachment_download, name="attachment-download"),
    path("bilag/<int:pk>/slet/", prepare.attachment_delete, name="attachment-delete"),
    path("offentlig/bilag/<int:pk>/", prepare.public_attachment, name="public-attachment"),
    path("moeder/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("offentlig/moeder/<int:pk>/", views.public_meeting, name="public-meeting"),
    path("indstillinger/", views.proposal_list, name="proposal-list"),
    path("indstillinger/ny/", prepare.proposal_form, name="proposal-create"),
    path("indstillinger/frist/", prepare.proposal_deadline, name="proposal-deadline"),
    path("indstillinger/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("indstillinger/<int:pk>/ret/", prepare.proposal_form, name="proposal-edit"),
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
    path("kalender/", prepare.calendar_page, name="calendar"),
    path("kalender/forny/", prepare.calendar_renew, name="calendar-renew"),
    path("kalender/<str:token>.ics", prepare.calendar_ics, name="calendar-feed"),
]
