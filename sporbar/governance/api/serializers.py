"""Serializers of the governance API."""

from rest_framework import serializers

from sporbar.accounts import permissions
from sporbar.api import ModelSerializer

from .. import access, services
from ..models import (
    AgendaItem,
    Attachment,
    DecisionPoint,
    FollowUp,
    Hearing,
    HearingResponse,
    Meeting,
    Proposal,
    ResponsePassage,
)


class AttachmentSerializer(ModelSerializer):
    file_url = serializers.CharField(read_only=True)

    class Meta:
        model = Attachment
        fields = ["id", "title", "file_url"]


class AgendaItemSerializer(ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "number", "title", "category", "confidential", "decision", "body", "initiatives", "attachments"]


class MeetingSerializer(ModelSerializer):
    items = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "body", "date", "time", "place", "minute_taker", "title", "is_published", "closed", "items"]

    def get_items(self, meeting) -> list[dict]:
        items = access.visible_items(self.context["request"].user, meeting.items.all())
        return AgendaItemSerializer(items.prefetch_related("attachments", "initiatives"), many=True).data


class DecisionPointSerializer(ModelSerializer):
    class Meta:
        model = DecisionPoint
        fields = ["id", "number", "text", "outcome"]
        read_only_fields = ["outcome"]


class ProposalSerializer(ModelSerializer):
    decision_points = DecisionPointSerializer(many=True, read_only=True)
    route = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "kind",
            "to",
            "sender",
            "date",
            "title",
            "resume",
            "decision_points",
            "why",
            "value",
            "what_who_how",
            "resources",
            "follow_up",
            "case_number",
            "case_officer",
            "owner_unit",
            "planned_meeting",
            "delivered_at",
            "agenda_item",
            "flagged_personal_data",
            "initiatives",
            "route",
        ]
        read_only_fields = ["delivered_at", "agenda_item", "flagged_personal_data"]

    def get_route(self, proposal) -> list[dict]:
        return [
            {
                "kind": s["kind"],
                "meeting": s["meeting"].pk if s["meeting"] else None,
                "date": s["meeting"].date if s["meeting"] else None,
            }
            for s in services.route(proposal)
        ]


class FollowUpSerializer(ModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "title",
            "decision_point",
            "agenda_item",
            "proposal",
            "owner_unit",
            "owner_user",
            "owner_name",
            "due_date",
            "cadence_days",
            "status",
            "initiatives",
            "overdue",
        ]

    def get_overdue(self, follow_up) -> bool:
        return services.is_overdue(follow_up)


class PassageSerializer(ModelSerializer):
    class Meta:
        model = ResponsePassage
        fields = ["id", "theme", "initiative", "stance", "passage"]


class HearingResponseSerializer(ModelSerializer):
    passages = PassageSerializer(many=True, read_only=True)
    document_url = serializers.CharField(read_only=True)

    class Meta:
        model = HearingResponse
        fields = ["id", "unit", "sender", "date", "text", "document_url", "passages"]
        read_only_fields = ["date"]


class HearingSerializer(ModelSerializer):
    responses = serializers.SerializerMethodField()
    invited_units = serializers.SerializerMethodField()

    class Meta:
        model = Hearing
        fields = [
            "id",
            "title",
            "description",
            "plan",
            "initiatives",
            "owner_unit",
            "start_date",
            "deadline",
            "state",
            "conclusion",
            "concluded_at",
            "invited_units",
            "responses",
        ]

    def get_invited_units(self, hearing) -> list[int]:
        return list(hearing.invitations.values_list("unit_id", flat=True))

    def get_responses(self, hearing) -> list[dict]:
        user = self.context["request"].user
        responses = hearing.responses.prefetch_related("passages")
        if not (access.can_manage_hearing(user, hearing) or permissions.role_of(user) in access.SEE_ALL):
            responses = responses.filter(unit__in=permissions.unit_ids(user))
        return HearingResponseSerializer(responses, many=True).data
