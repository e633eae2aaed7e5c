"""The secretariat's screens: bodies, meetings, the agenda, proposals, attachments, decisions, publishing;
and each user's calendar feed. Thin: who may do what is in access.py, the rules in services.py."""

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, calendar_feed, services
from .forms import AgendaItemForm, AttachmentForm, BodyForm, DecisionForm, MeetingForm, ProposalForm
from .models import AgendaItem, Attachment, Body, Meeting, Proposal
from .views import meeting_items


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# ---------------------------------------------------------------- bodies


@login_required
def body_list(request):
    bodies = Body.objects.select_related("owner_unit").order_by("name")
    context = {"bodies": bodies, "can_prepare": access.can_prepare(request.user)}
    return render(request, "governance/body_list.html", context)


@login_required
def body_form(request, pk=None):
    _require(access.can_prepare(request.user))
    body = get_object_or_404(Body, pk=pk) if pk else None
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Forummet er gemt."))
        return redirect("governance:body-list")
    return render(request, "governance/body_form.html", {"form": form, "body": body})


# ---------------------------------------------------------------- meetings and the agenda


@login_required
def meeting_form(request, pk=None):
    _require(access.can_prepare(request.user))
    meeting = get_object_or_404(Meeting, pk=pk) if pk else None
    initial = {"body": request.GET.get("forum")} if meeting is None else None
    form = MeetingForm(request.POST or None, instance=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            meeting = form.save()
            if meeting.closed:
                if meeting.is_published:
                    services.publish_minutes(meeting, False)
                meeting.items.filter(confidential=False).update(confidential=True)
        messages.success(request, _("Mødet er gemt."))
        return redirect("governance:meeting-detail", meeting.pk)
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": meeting})


def _meeting_for_prepare(request, pk):
    _require(access.can_prepare(request.user))
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


def _agenda(request, meeting, status=200):
    """The agenda fragment (HTMX) or, without HTMX, back to the meeting page."""
    if request.headers.get("HX-Request"):
        context = {"meeting": meeting, "items": meeting_items(request.user, meeting), "can_prepare": True}
        context["can_decide"] = access.can_decide(request.user)
        response = render(request, "governance/_agenda.html", context)
        response.status_code = status
        return response
    return redirect("governance:meeting-detail", meeting.pk)


@login_required
@require_POST
def meeting_publish(request, pk):
    meeting = _meeting_for_prepare(request, pk)
    publish = request.POST.get("offentliggoer") == "1"
    try:
        services.publish_minutes(meeting, publish)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Det åbne referat er offentliggjort.") if publish else _("Det åbne referat er trukket tilbage.")
        )
    return redirect("governance:meeting-detail", meeting.pk)


@login_required
def item_form(request, meeting_pk=None, pk=None):
    _require(access.can_prepare(request.user))
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk) if pk else None
    meeting = item.meeting if item else get_object_or_404(Meeting, pk=meeting_pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if item is None:
                data = {k: v for k, v in form.cleaned_data.items() if k != "initiatives"}
                item = services.add_item(meeting, **data)
                item.initiatives.set(form.cleaned_data["initiatives"])
            else:
                item = form.save(commit=False)
                item.confidential = item.confidential or meeting.closed
                item.save()
                form.save_m2m()
        messages.success(request, _("Punktet er gemt."))
        return redirect(f"{meeting.get_absolute_url()}#punkt-{item.pk}")
    return render(request, "governance/item_form.html", {"form": form, "item": item, "meeting": meeting})


@login_required
@require_POST
def item_move(request, pk):
    _require(access.can_prepare(request.user))
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    try:
        services.move_item(item, -1 if request.POST.get("retning") == "op" else 1)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _agenda(request, item.meeting, status=409)
    return _agenda(request, item.meeting)


@login_required
@require_POST
def agenda_order(request, pk):
    """The order after a drag: the items' ids, first to last."""
    meeting = _meeting_for_prepare(request, pk)
    try:
        services.reorder_items(meeting, [int(x) for x in request.POST.getlist("punkt")])
    except (ValueError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [_("Ugyldig rækkefølge.")])))
        return _agenda(request, meeting, status=409)
    return _agenda(request, meeting)


@login_required
@require_POST
def item_delete(request, pk):
    _require(access.can_prepare(request.user))
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    if item.decision or item.meeting.is_published:
        messages.error(request, _("Et punkt med en beslutning eller på et offentliggjort referat kan ikke slettes."))
    else:
        item.delete()
        messages.success(request, _("Punktet er slettet."))
    return redirect("governance:meeting-detail", item.meeting_id)


# ---------------------------------------------------------------- attachments


@login_required
@require_POST
def attachment_create(request, pk):
    _require(access.can_prepare(request.user))
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        path = None
        if upload is not None:
            name = get_valid_filename(PurePath(upload.name).name)
            path = default_storage.save(f"governance/items/{item.pk}/{name}", upload)
        data = form.cleaned_data
        Attachment.objects.create(item=item, title=data["title"], text=data["text"], file=path)
        messages.success(request, _("Bilaget er vedhæftet."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(f"{item.meeting.get_absolute_url()}#punkt-{item.pk}")


@login_required
@require_POST
def attachment_delete(request, pk):
    _require(access.can_prepare(request.user))
    attachment = get_object_or_404(Attachment.objects.select_related("item__meeting"), pk=pk)
    if attachment.file:
        default_storage.delete(attachment.file)
    attachment.delete()
    messages.success(request, _("Bilaget er fjernet."))
    return redirect(f"{attachment.item.meeting.get_absolute_url()}#punkt-{attachment.item_id}")


def _file_response(attachment):
    if not attachment.file or not default_storage.exists(attachment.file):
        raise Http404
    name = PurePath(attachment.file).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(default_storage.open(attachment.file), as_attachment=True, filename=name)
    response["Content-Type"] = content_type
    return response


@login_required
def attachment_download(request, pk):
    """An attachment of an item the user may see (closed items only for those who may see them)."""
    items = access.visible_items(request.user, AgendaItem.objects.all())
    return _file_response(get_object_or_404(Attachment, pk=pk, item__in=items))


def public_attachment(request, pk):
    """An attachment on the public meeting page: open items of published meetings only."""
    return _file_response(get_object_or_404(Attachment, pk=pk, item__in=access.public_items(AgendaItem.objects.all())))


# ---------------------------------------------------------------- decisions


@login_required
def item_decision(request, pk):
    """Record the decision: each decision point's outcome, the decision text; follow-ups it names follow."""
    items = access.visible_items(request.user, AgendaItem.objects.select_related("meeting"))
    item = get_object_or_404(items, pk=pk)
    _require(access.can_decide(request.user))
    proposal = item.proposals.order_by("id").first()
    points = list(proposal.decision_points.all()) if proposal else []
    form = DecisionForm(request.POST or None, points=points, initial={"decision": item.decision})
    if request.method == "POST" and form.is_valid():
        services.record_item_decision(item, form.cleaned_data["decision"], form.outcomes())
        messages.success(request, _("Beslutningen er gemt."))
        return redirect(f"{item.meeting.get_absolute_url()}#punkt-{item.pk}")
    return render(request, "governance/decision_form.html", {"form": form, "item": item, "proposal": proposal})


# ---------------------------------------------------------------- proposals


@login_required
def proposal_form(request, pk=None):
    _require(access.can_prepare(request.user))
    proposal = get_object_or_404(Proposal, pk=pk) if pk else None
    initial = {"planned_meeting": request.GET.get("moede")} if proposal is None else None
    form = ProposalForm(request.POST or None, instance=proposal, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            proposal = form.save()
            services.set_decision_points(proposal, form.cleaned_data["decision_points"], remove_others=True)
            findings = services.check_personal_data(proposal)
            proposal.save()
        if findings:
            warning = _("Indstillingen kan indeholde personoplysninger: %(f)s") % {"f": ", ".join(findings)}
            messages.warning(request, warning)
        messages.success(request, _("Indstillingen er gemt."))
        return redirect("governance:proposal-detail", proposal.pk)
    meeting = form.instance.planned_meeting if proposal else _meeting_or_none(request.GET.get("moede"))
    return render(
        request,
        "governance/proposal_form.html",
        {"form": form, "proposal": proposal, "rule": services.deadline_rule(meeting)},
    )


def _meeting_or_none(value):
    return Meeting.objects.select_related("body").filter(pk=value).first() if str(value or "").isdigit() else None


@login_required
def proposal_deadline(request):
    """The deadline rule for the chosen meeting (HTMX fragment of the proposal form)."""
    _require(access.can_prepare(request.user))
    rule = services.deadline_rule(_meeting_or_none(request.GET.get("planned_meeting")))
    return render(request, "governance/_deadline.html", {"rule": rule})


# ---------------------------------------------------------------- the calendar feed


@login_required
def calendar_page(request):
    feed = calendar_feed.feed_for(request.user)
    address = request.build_absolute_uri(f"/kalender/{feed.token}.ics")
    return render(request, "governance/calendar.html", {"address": address, "feed": feed})


@login_required
@require_POST
def calendar_renew(request):
    calendar_feed.renew(request.user)
    messages.success(request, _("Kalenderen har fået en ny adresse. Den gamle virker ikke længere."))
    return redirect("governance:calendar")


def calendar_ics(request, token):
    """No login (calendar programs cannot log in): the secret address is the key."""
    user = calendar_feed.user_for_token(token)
    if user is None:
        raise Http404
    response = HttpResponse(calendar_feed.calendar_for(user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["Content-Disposition"] = 'inline; filename="sporbar.ics"'
    return response
