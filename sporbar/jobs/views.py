"""The page of one import job; while it runs, HTMX polls the progress fragment every second."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import services


@login_required
def job_page(request, pk):
    job = services.visible_job(request.user, pk)
    if job is None:
        raise Http404
    template = "jobs/_progress.html" if request.headers.get("HX-Request") else "jobs/job.html"
    return render(request, template, {"job": job})
