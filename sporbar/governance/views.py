"""Pages of governance. Thin: rules live in services.py and access.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sporbar.accounts import permissions
from sporbar.accounts.models import Unit
from sporbar.plans.models import Initiative

from . import access, services
from .forms import ConclusionForm, FollowUpStatusForm, HearingForm, PassageForm, ResponseForm
from .models import (
    AgendaItem,
    Attachment,
    Body,
    FollowUp,
    Hearing,
    HearingInvitation,
    HearingResponse,
    LinkSuggestion,
    Meeting,
    Proposal,
)


def meeting_items(user, meeting):
    """The agenda items of a meeting the user may see, with what the agenda shows of each."""
    items = access.visible_items(user, meeting.items.all()).prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("id")), "initiatives", "proposals"
    )
    return items


@login_required
def meeting_list(request):
    bodies = Body.objects.annotate(n=Count("meetings")).order_by("name")
    meetings = (
        Meeting.objects.select_related("body")
        .annotate(n_items=Count("items"))
        .order_by(F("date").desc(nulls_last=True), "-id")  # an aggregate query ignores Meta.ordering
    )
    body = request.GET.get("forum")
    if body and body.isdigit():
        meetings = meetings.filter(body_id=body)
    context = {"bodies": bodies, "meetings": meetings[:200], "body": body}
    context["can_prepare"] = access.can_prepare(request.user)
    return render(request, "governance/meeting_list.html", context)


@login_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    items = meeting_items(request.user, meeting)
    suggestions = LinkSuggestion.objects.filter(
        agenda_item__in=items, state=LinkSuggestion.State.SUGGESTED
    ).select_related("initiative", "agenda_item")
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "suggestions": suggestions if access.can_edit(request.user) else [],
            "hidden": meeting.items.count() - items.count(),
            "can_edit": access.can_edit(request.user),
            "can_prepare": access.can_prepare(request.user),
            "can_decide": access.can_decide(request.user),
            "deadline": services.deadline_for(meeting),
        },
    )


def public_meeting(request, pk):
    """The open minutes: published meetings only, confidential items never."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk, is_published=True, closed=False)
    items = access.public_items(meeting.items.all()).prefetch_related("attachments")
    return render(request, "governance/public_meeting.html", {"meeting": meeting, "items": items})


@login_required
def proposal_list(request):
    """The case pipeline (sagsstyringsliste): proposals on their way with meeting, route and flags."""
    proposals = access.visible_proposals(request.user, Proposal.objects.all()).select_related(
        "planned_meeting__body", "agenda_item__meeting", "owner_unit"
    )
    state = request.GET.get("vis", "paa-vej")
    if state == "paa-vej":
        proposals = proposals.filter(agenda_item__isnull=True) | proposals.filter(
            agenda_item__decision="", agenda_item__isnull=False
        )
    rows = [
        {"proposal": p, "route": services.route(p)} for p in proposals.order_by("planned_meeting__date", "id")[:200]
    ]
    context = {"rows": rows, "state": state, "can_prepare": access.can_prepare(request.user)}
    return render(request, "governance/proposal_list.html", context)


@login_required
def proposal_detail(request, pk):
    proposal = get_object_or_404(
        access.visible_proposals(request.user, Proposal.objects.all()).select_related(
            "planned_meeting__body", "agenda_item__meeting"
        ),
        pk=pk,
    )
    suggestions = LinkSuggestion.objects.filter(proposal=proposal, state=LinkSuggestion.State.SUGGESTED)
    return render(
        request,
        "governance/proposal_detail.html",
        {
            "proposal": proposal,
            "points": proposal.decision_points.all(),
            "route": services.route(proposal),
            "deadline": services.deadline_for(proposal.planned_meeting) if proposal.planned_meeting_id else None,
            "rule": services.deadline_rule(proposal.planned_meeting) if not proposal.delivered_at else None,
            "can_decide": access.can_decide(request.user),
            "log": proposal.log.all()[:20],
            "follow_ups": access.visible_follow_ups(request.user, proposal.follow_ups.all()),
            "findings": services.personal_data_findings(services.proposal_text(proposal)),
            "suggestions": suggestions.select_related("initiative") if access.can_edit(request.user) else [],
            "can_edit": access.can_edit(request.user),
        },
    )


def _proposal_for_edit(request, pk):
    if not access.can_edit(request.user):
        raise PermissionDenied
    return get_object_or_404(Proposal.objects.select_related("planned_meeting__body"), pk=pk)


@login_required
@require_POST
def proposal_deliver(request, pk):
    """Mark the proposal delivered now; after the deadline it moves to the body's next meeting by itself."""
    proposal = _proposal_for_edit(request, pk)
    before = proposal.planned_meeting
    meeting = services.deliver_proposal(proposal)
    if meeting != before:
        messages.warning(request, _("Afleveret efter fristen: flyttet til %(m)s.") % {"m": meeting or "–"})
    else:
        messages.success(request, _("Indstillingen er registreret som afleveret."))
    return redirect("governance:proposal-detail", proposal.pk)


@login_required
@require_POST
def proposal_to_agenda(request, pk):
    proposal = _proposal_for_edit(request, pk)
    if proposal.planned_meeting is None or proposal.agenda_item_id:
        messages.error(request, _("Indstillingen har intet planlagt møde eller er allerede på en dagsorden."))
        return redirect("governance:proposal-detail", proposal.pk)
    try:
        services.put_on_agenda(proposal, proposal.planned_meeting, confidential=request.POST.get("lukket") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Indstillingen er sat på dagsordenen."))
    return redirect("governance:proposal-detail", proposal.pk)


@login_required
@require_POST
def suggestion_decide(request, pk):
    if not access.can_edit(request.user):
        raise PermissionDenied
    suggestion = get_object_or_404(LinkSuggestion, pk=pk)
    services.decide_suggestion(suggestion, request.POST.get("svar") == "ja")
    messages.success(
        request, _("Koblingen er gemt.") if request.POST.get("svar") == "ja" else _("Forslaget er afvist.")
    )
    if suggestion.proposal_id:
        return redirect("governance:proposal-detail", suggestion.proposal_id)
    return redirect("governance:meeting-detail", suggestion.agenda_item.meeting_id)


@login_required
def follow_up_list(request):
    today = timezone.localdate()
    follow_ups = access.visible_follow_ups(request.user, FollowUp.objects.all()).select_related(
        "owner_unit", "owner_user", "proposal", "agenda_item__meeting__body"
    )
    owner, status = request.GET.get("ansvarlig", ""), request.GET.get("status", "")
    if owner == "mine":
        follow_ups = follow_ups.filter(
            Q(owner_unit__in=permissions.unit_ids(request.user)) | Q(owner_user=request.user)
        )
    elif owner.isdigit():
        follow_ups = follow_ups.filter(owner_unit_id=owner)
    if status == "forfalden":
        follow_ups = follow_ups.filter(services.overdue_q(today))
    elif status in FollowUp.Status.values:
        follow_ups = follow_ups.filter(status=status)
    rows = [
        {"f": f, "overdue": services.is_overdue(f, today), "can_change": access.can_change_follow_up(request.user, f)}
        for f in follow_ups[:300]  # the model's order: by due date, undated last
    ]
    units = Unit.objects.filter(follow_ups__isnull=False).distinct()
    return render(
        request,
        "governance/follow_up_list.html",
        {"rows": rows, "units": units, "owner": owner, "status": status, "statuses": FollowUp.Status.choices},
    )


@login_required
@require_POST
def follow_up_status(request, pk):
    follow_up = get_object_or_404(access.visible_follow_ups(request.user, FollowUp.objects.all()), pk=pk)
    if not access.can_change_follow_up(request.user, follow_up):
        raise PermissionDenied
    form = FollowUpStatusForm(request.POST)
    if form.is_valid():
        services.set_follow_up_status(follow_up, form.cleaned_data["status"])
        messages.success(request, _("Status er gemt."))
    return redirect(request.POST.get("next") or "governance:follow-up-list")


@login_required
def hearing_list(request):
    hearings = (
        access.visible_hearings(request.user, Hearing.objects.all())
        .annotate(n_responses=Count("responses", distinct=True))
        .order_by("-deadline", "-id")
    )
    return render(
        request,
        "governance/hearing_list.html",
        {"hearings": hearings, "can_create": access.can_manage_hearing(request.user)},
    )


@login_required
def hearing_create(request):
    if not access.can_manage_hearing(request.user):
        raise PermissionDenied
    form = HearingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            hearing = form.save(commit=False)
            hearing.created_by = request.user
            hearing.save()
            form.save_m2m()
            for unit in form.cleaned_data["units"]:
                HearingInvitation.objects.create(hearing=hearing, unit=unit)
            services.tick()
        messages.success(request, _("Høringen er oprettet."))
        return redirect("governance:hearing-detail", hearing.pk)
    return render(request, "governance/hearing_form.html", {"form": form})


def _hearing_for(request, pk):
    return get_object_or_404(access.visible_hearings(request.user, Hearing.objects.all()), pk=pk)


@login_required
def hearing_detail(request, pk):
    hearing = _hearing_for(request, pk)
    manage = access.can_manage_hearing(request.user, hearing)
    units = access.answering_units(request.user, hearing)
    can_answer = bool(units) and services.is_open_for_answers(hearing)
    responses = hearing.responses.select_related("unit").prefetch_related("passages__theme", "passages__initiative")
    if not manage and permissions.role_of(request.user) not in access.SEE_ALL:
        # An invited unit sees its own responses, the conclusion and nothing of the others' answers.
        responses = responses.filter(unit__in=permissions.unit_ids(request.user))
    return render(
        request,
        "governance/hearing_detail.html",
        {
            "hearing": hearing,
            "manage": manage,
            "invitations": hearing.invitations.select_related("unit"),
            "responses": responses,
            "summary": services.hearing_summary(hearing)
            if manage or permissions.role_of(request.user) in access.SEE_ALL
            else [],
            "response_form": ResponseForm(units=units) if can_answer else None,
            "answer_closed": bool(units) and not can_answer,
            "passage_form": PassageForm(hearing=hearing) if manage else None,
            "conclusion_form": ConclusionForm() if manage and hearing.state == Hearing.State.AWAITING else None,
            "log": hearing.log.all()[:20],
        },
    )


@login_required
@require_POST
def hearing_respond(request, pk):
    hearing = _hearing_for(request, pk)
    units = access.answering_units(request.user, hearing)
    if not units:
        raise PermissionDenied
    form = ResponseForm(request.POST, request.FILES, units=units)
    if form.is_valid():
        try:
            services.submit_response(
                hearing,
                form.cleaned_data["unit"],
                form.cleaned_data["sender"],
                text=form.cleaned_data["text"],
                document=form.cleaned_data.get("document"),
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Tak, dit høringssvar er modtaget."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("governance:hearing-detail", hearing.pk)


@login_required
@require_POST
def passage_create(request, pk):
    response = get_object_or_404(HearingResponse.objects.select_related("hearing"), pk=pk)
    if not access.can_manage_hearing(request.user, response.hearing):
        raise Http404
    form = PassageForm(request.POST, hearing=response.hearing)
    if form.is_valid():
        passage = form.save(commit=False)
        passage.response = response
        passage.save()
        messages.success(request, _("Passagen er markeret."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("governance:hearing-detail", response.hearing_id)


@login_required
@require_POST
def hearing_conclude(request, pk):
    hearing = _hearing_for(request, pk)
    if not access.can_manage_hearing(request.user, hearing):
        raise PermissionDenied
    form = ConclusionForm(request.POST)
    if form.is_valid():
        try:
            services.conclude(hearing, form.cleaned_data["conclusion"])
            messages.success(request, _("Konklusionen er gemt og vises for de inviterede enheder."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("governance:hearing-detail", hearing.pk)


@login_required
def initiative_decisions(request, pk):
    initiative = get_object_or_404(Initiative.objects.select_related("track__theme"), pk=pk)
    return render(
        request,
        "governance/initiative_decisions.html",
        {"initiative": initiative, "gov": services.initiative_governance(initiative, request.user)},
    )


__all__ = ["AgendaItem"]
