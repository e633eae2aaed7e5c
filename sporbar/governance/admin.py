from django.contrib import admin

from . import models

for model in [
    models.Body,
    models.Meeting,
    models.AgendaItem,
    models.Attachment,
    models.Proposal,
    models.DecisionPoint,
    models.FollowUp,
    models.LinkSuggestion,
    models.Hearing,
    models.HearingInvitation,
    models.HearingResponse,
    models.ResponsePassage,
]:
    admin.site.register(model)
