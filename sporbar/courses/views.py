"""Pages of citizen courses. Person data is shown only through `access`, and every page that
shows it writes one access log row (services.log_access)."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sporbar import cpr
from sporbar.accounts import permissions
from sporbar.accounts.audit import acting_as
from sporbar.jobs import services as jobs

from . import access, services, throttle
from .forms import AssessmentForm, ConsentForm, CourseForm, EndCourseForm, GoalForm, ImportForm, SelfReportForm
from .models import Assessment, Citizen, EmploymentStatus, Goal, SelfReport


def _course_or_404(user, pk, edit=False):
    course = get_object_or_404(access.visible_courses(user).select_related("citizen", "initiative", "unit"), pk=pk)
    if edit and not access.can_edit_course(user, course):
        raise Http404
    return course


CITIZEN_LIST_PAGE = 50


@login_required
def citizen_list(request):
    if not permissions.can_see_person_data(request.user):
        raise PermissionDenied
    courses = access.visible_courses(request.user).select_related("citizen", "initiative", "unit")
    show = request.GET.get("vis", "aktive")
    if show != "alle":
        courses = courses.filter(end_date__isnull=True)
    search = request.GET.get("q", "").strip()[:100]
    if search:
        courses = courses.filter(citizen__pseudonym__icontains=search)
    page = Paginator(courses.order_by("citizen__pseudonym", "-start_date", "id"), CITIZEN_LIST_PAGE).get_page(
        request.GET.get("side")
    )
    page.object_list = list(page.object_list)
    # Only the citizens on the page shown are read.
    services.log_access_many(request.user, [c.citizen_id for c in page.object_list], "borgerliste")
    return render(request, "courses/citizen_list.html", {"page": page, "show": show, "search": search})


def _plan_courses(courses):
    return courses.select_related("initiative", "unit").prefetch_related(
        Prefetch(
            "goals",
            queryset=Goal.objects.select_related("condition").prefetch_related("assessments", "self_report_ratings"),
        ),
        Prefetch("self_reports", queryset=SelfReport.objects.prefetch_related("ratings__goal")),
        "employment_statuses",
    )


@login_required
def citizen_detail(request, pk):
    """Én plan: all the citizen's courses the user may see, with goals, assessments and self-reports;
    with the person's consent also the courses other units registered for the same person."""
    citizen = get_object_or_404(access.visible_citizens(request.user).select_related("person"), pk=pk)
    courses = _plan_courses(access.visible_courses(request.user).filter(citizen=citizen))
    courses = [(c, access.can_edit_course(request.user, c)) for c in courses]
    services.log_access(request.user, citizen.id, "borgerens plan")
    shared = list(_plan_courses(access.shared_courses(request.user, citizen)))
    for other_id in sorted({c.citizen_id for c in shared}):
        services.log_access(request.user, other_id, f"Én plan (samtykke) set fra borger {citizen.id}")
    context = {
        "citizen": citizen,
        "courses": courses,
        "shared": shared,
        "consent": citizen.person.active_consent() if citizen.person_id else None,
        "can_edit": access.can_edit_citizen(request.user, citizen),
        "consent_form": ConsentForm(),
    }
    return render(request, "courses/citizen_detail.html", context)


@login_required
@require_POST
def citizen_consent(request, pk):
    """Record or withdraw the person's consent to Én plan across units (audited and access-logged)."""
    citizen = get_object_or_404(access.own_citizens(request.user), pk=pk)
    if request.POST.get("withdraw"):
        services.withdraw_consent(citizen, user=request.user)
        messages.success(request, _("Samtykket til Én plan er trukket tilbage."))
        return redirect("courses:citizen-detail", pk=citizen.id)
    form = ConsentForm(request.POST)
    if not form.is_valid() or citizen.person_id is None:
        messages.error(request, _("Samtykket blev ikke registreret: angiv datoen, og registrér borgerens CPR-nummer."))
        return redirect("courses:citizen-detail", pk=citizen.id)
    services.record_consent(citizen, given_on=form.cleaned_data["given_on"], user=request.user)
    messages.success(request, _("Samtykket til Én plan er registreret."))
    return redirect("courses:citizen-detail", pk=citizen.id)


@login_required
def course_create(request, citizen_pk=None):
    citizen = None
    if citizen_pk is not None:
        citizen = get_object_or_404(access.own_citizens(request.user), pk=citizen_pk)
    if not permissions.can_see_person_data(request.user):
        raise PermissionDenied
    form = CourseForm(request.POST or None, user=request.user, with_citizen=citizen is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not access.can_create_course(request.user, data["unit"]):
            raise PermissionDenied
        with transaction.atomic():
            if citizen is None:
                citizen, _created = services.register_citizen(
                    unit=data["unit"],
                    scope=permissions.unit_ids(request.user),
                    cpr=data["cpr"],
                    initials=data["initials"],
                    birth_year=data["birth_year"],
                    user=request.user,
                )
            course = services.create_course(
                citizen=citizen,
                initiative=data["initiative"],
                unit=data["unit"],
                start_date=data["start_date"],
                goals=data["goals"],
            )
        messages.success(request, _("Forløbet er oprettet."))
        return redirect("courses:citizen-detail", pk=course.citizen_id)
    if citizen is not None:
        services.log_access(request.user, citizen.id, "nyt forløb")
    return render(request, "courses/course_form.html", {"form": form, "citizen": citizen})


@login_required
def course_detail(request, pk):
    course = _course_or_404(request.user, pk)
    services.log_access(request.user, course.citizen_id, f"forløb {course.id}")
    return redirect(reverse("courses:citizen-detail", args=[course.citizen_id]) + f"#forloeb-{course.id}")


@login_required
def goal_detail(request, pk):
    goal = get_object_or_404(
        Goal.objects.select_related("course__citizen", "course__initiative"),
        pk=pk,
        course__in=access.visible_courses(request.user),
    )
    services.log_access(request.user, goal.course.citizen_id, f"mål {goal.id}")
    return render(request, "courses/goal_detail.html", {"goal": goal, "course": goal.course})


@login_required
def assessment_detail(request, pk):
    assessment = get_object_or_404(
        Assessment.objects.select_related("goal", "course__citizen", "assessor"),
        pk=pk,
        course__in=access.visible_courses(request.user),
    )
    services.log_access(request.user, assessment.course.citizen_id, f"vurdering {assessment.id}")
    return render(request, "courses/assessment_detail.html", {"a": assessment, "course": assessment.course})


@login_required
def assessment_create(request, pk):
    course = _course_or_404(request.user, pk, edit=True)
    form = AssessmentForm(request.POST or None, course=course)
    if request.method == "POST" and form.is_valid():
        services.record_assessment(
            course,
            date=form.cleaned_data["date"],
            goals=form.goal_values(),
            assessor=request.user,
            hours_per_week=form.cleaned_data.get("hours_per_week"),
            occupation=form.cleaned_data.get("occupation"),
        )
        messages.success(request, _("Vurderingen er gemt."))
        return redirect(reverse("courses:citizen-detail", args=[course.citizen_id]) + f"#forloeb-{course.id}")
    services.log_access(request.user, course.citizen_id, f"vurdering af forløb {course.id}")
    return render(
        request,
        "courses/assessment_form.html",
        {
            "form": form,
            "course": course,
            "occupations": EmploymentStatus.Occupation.choices,
            "levels": Assessment.Level.choices,
        },
    )


@login_required
def goal_create(request, pk):
    course = _course_or_404(request.user, pk, edit=True)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.course = course
        form.save()
        messages.success(request, _("Målet er tilføjet."))
        return redirect(reverse("courses:citizen-detail", args=[course.citizen_id]) + f"#forloeb-{course.id}")
    services.log_access(request.user, course.citizen_id, f"nyt mål, forløb {course.id}")
    return render(request, "courses/goal_form.html", {"form": form, "course": course})


@login_required
def course_end(request, pk):
    course = _course_or_404(request.user, pk, edit=True)
    if course.source:  # a case system's course ends there, and its next report says so
        raise PermissionDenied
    form = EndCourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.end_course(course, **form.cleaned_data)
        messages.success(request, _("Forløbet er afsluttet."))
        return redirect("courses:citizen-detail", pk=course.citizen_id)
    services.log_access(request.user, course.citizen_id, f"afslut forløb {course.id}")
    return render(request, "courses/course_end.html", {"form": form, "course": course})


@login_required
@require_POST
def link_create(request, pk):
    course = _course_or_404(request.user, pk, edit=True)
    _link, token = services.create_link(course, request.user)
    url = request.build_absolute_uri(reverse("courses:self-report", args=[token]))
    qr = segno.make(url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    services.log_access(request.user, course.citizen_id, f"link til selvrapportering, forløb {course.id}")
    response = render(request, "courses/link.html", {"course": course, "url": url, "qr": qr})
    response["Cache-Control"] = "no-store"
    return response


# --- the citizen's own page, without login ---------------------------------------------------


def _client_ip(request):
    # Behind a trusted proxy, waitress has put the client's own address here (serve --trusted-proxy).
    return request.META.get("REMOTE_ADDR", "unknown")


def _kind_page(request, template, status, context=None, **headers):
    response = render(request, template, context or {}, status=status)
    response["Cache-Control"] = "no-store"
    # The token is in the page's address: referrers carry only our origin (not the path), to other sites
    # and to our own static files alike; the form's Origin header still names us, as CSRF wants.
    response["Referrer-Policy"] = "strict-origin"
    for name, value in headers.items():
        response[name.replace("_", "-")] = str(value)
    return response


def self_report(request, token):
    ip = _client_ip(request)
    if throttle.address_limited(ip):
        return _kind_page(request, "courses/selfreport_limited.html", 429, Retry_After=throttle.retry_after())
    link, state = services.find_link(token)
    if state == "unknown":
        throttle.failed(ip)
        return _kind_page(request, "courses/selfreport_unknown.html", 404)
    if throttle.link_limited(link.id):
        return _kind_page(request, "courses/selfreport_limited.html", 429, Retry_After=throttle.retry_after(link.id))
    if state in ("used", "expired"):
        throttle.failed(ip, link.id)
        return _kind_page(request, f"courses/selfreport_{state}.html", 410)
    goals = link.course.goals.all()
    if request.method == "GET":
        with acting_as(None, "borger (selvrapportering)"):
            services.log_access(None, link.course.citizen_id, "selvrapportering åbnet med borgerens link", "link")
    form = SelfReportForm(request.POST or None, goals=goals)
    if request.method == "POST":
        if form.is_valid():
            try:
                with acting_as(None, "borger (selvrapportering)"), cpr.collect_masked() as masked:
                    services.submit_self_report(token, ratings=form.ratings(), comment=form.cleaned_data["comment"])
            except ValueError:
                throttle.failed(ip, link.id)
                return _kind_page(request, "courses/selfreport_used.html", 410)
            return _kind_page(request, "courses/selfreport_thanks.html", 200, context={"cpr_masked": bool(masked)})
        throttle.failed(ip, link.id)
    response = render(request, "courses/selfreport_form.html", {"form": form})
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "strict-origin"
    return response


# --- import and erasure ----------------------------------------------------------------------


@login_required
def course_import(request):
    """The upload is checked for size here; the import itself runs as a background job."""
    if not permissions.can_see_person_data(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = jobs.start("courses", request.user, upload.name, upload.read())
        return redirect("jobs:job", pk=job.pk)
    return render(request, "courses/import.html", {"form": form})


@login_required
def citizen_erase_lookup(request):
    if not access.can_erase_citizen(request.user):
        raise Http404
    citizen_id = request.GET.get("borger", "").strip()
    if not citizen_id.isdigit():
        return redirect("accounts:home")
    return redirect("courses:citizen-erase", pk=int(citizen_id))


@login_required
def citizen_erase(request, pk):
    """Erase one citizen's personal data on request. Administrator only; shows no person data."""
    if not access.can_erase_citizen(request.user):
        raise Http404
    citizen = get_object_or_404(Citizen, pk=pk)
    if request.method == "POST":
        if citizen.erased_at is None:
            services.erase_person(citizen, request.user)
        messages.success(request, _("Borgerens personoplysninger er slettet."))
        return redirect(reverse("accounts:access-log") + f"?borger={citizen.id}")
    return render(request, "courses/citizen_erase.html", {"citizen_id": citizen.id, "erased_at": citizen.erased_at})
