"""Viewsets of the governance API: the same rules as the pages (access.py)."""

from django.core.exceptions import ValidationError
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from .. import access, services
from ..models import FollowUp, Hearing, Meeting, Proposal
from . import serializers


class AuditedViewSet(viewsets.ModelViewSet):
    """Writes only by governance editors."""

    def check_write(self, instance=None):
        if not access.can_edit(self.request.user):
            raise PermissionDenied

    def perform_create(self, serializer):
        self.check_write()
        serializer.save()

    def perform_update(self, serializer):
        self.check_write(serializer.instance)
        serializer.save()

    def perform_destroy(self, instance):
        self.check_write(instance)
        instance.delete()


class MeetingViewSet(AuditedViewSet):
    serializer_class = serializers.MeetingSerializer

    def get_queryset(self):
        return Meeting.objects.select_related("body")  # the model's order: newest first, undated last


class ProposalViewSet(AuditedViewSet):
    serializer_class = serializers.ProposalSerializer

    def get_queryset(self):
        return access.visible_proposals(self.request.user, Proposal.objects.all()).prefetch_related("decision_points")

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Record the decision text ("1) Godkendt. 2) Taget til efterretning."): outcomes and follow-ups."""
        proposal = self.get_object()
        if not access.can_decide(request.user):
            raise PermissionDenied
        services.record_decision(proposal, str(request.data.get("text", "")))
        return Response(self.get_serializer(proposal).data)

    @action(detail=True, methods=["post"])
    def agenda(self, request, pk=None):
        """Put the proposal on its planned meeting's agenda; refused while possible personal data remains."""
        proposal = self.get_object()
        self.check_write(proposal)
        if proposal.planned_meeting is None or proposal.agenda_item_id:
            raise ApiValidationError({"detail": "Intet planlagt møde, eller allerede på en dagsorden."})
        try:
            services.put_on_agenda(proposal, proposal.planned_meeting, bool(request.data.get("confidential")))
        except ValidationError as error:
            raise ApiValidationError({"detail": error.messages}) from None
        return Response(self.get_serializer(proposal).data)

    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        """Mark as delivered now; after the meeting's deadline it moves to the next meeting."""
        proposal = self.get_object()
        self.check_write(proposal)
        services.deliver_proposal(proposal)
        return Response(self.get_serializer(proposal).data)


class FollowUpViewSet(AuditedViewSet):
    serializer_class = serializers.FollowUpSerializer

    def get_queryset(self):
        queryset = access.visible_follow_ups(self.request.user, FollowUp.objects.all())
        if self.request.query_params.get("overdue") in {"1", "true"}:
            queryset = queryset.filter(services.overdue_q())
        status = self.request.query_params.get("status")
        if status:
            queryset = queryset.filter(status=status)
        return queryset  # the model's order: by due date, those without one last

    def check_write(self, instance=None):
        if instance is not None and access.can_change_follow_up(self.request.user, instance):
            return
        super().check_write(instance)


class HearingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.HearingSerializer

    def get_queryset(self):
        return access.visible_hearings(self.request.user, Hearing.objects.all())

    @action(detail=True, methods=["post"], serializer_class=serializers.HearingResponseSerializer)
    def respond(self, request, pk=None):
        """An invited unit answers while the hearing is open (before its deadline)."""
        hearing = self.get_object()
        units = {u.pk: u for u in access.answering_units(request.user, hearing)}
        unit_id = request.data.get("unit") or (next(iter(units)) if len(units) == 1 else None)
        try:
            unit = units[int(unit_id)]
        except (TypeError, ValueError, KeyError):
            raise PermissionDenied from None
        try:
            response = services.submit_response(
                hearing,
                unit,
                str(request.data.get("sender", "")) or request.user.get_full_name() or request.user.username,
                text=str(request.data.get("text", "")),
                user=request.user,
            )
        except ValidationError as error:
            raise ApiValidationError({"detail": error.messages}) from None
        return Response(serializers.HearingResponseSerializer(response).data, status=201)
