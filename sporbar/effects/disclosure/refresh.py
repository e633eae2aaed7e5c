"""When the pattern is recomputed: the one place that decides (a task queue can take it over here).

- After writes to course data (summary.refresh_courses, on commit) and whenever a reader finds the
  stored pattern older than the data, `schedule_refresh(plan_id)` recomputes it: in a child process
  (`sporbar refresh-figures --pattern-only --plan ID`) watched by a background thread, one at a time
  per plan and process; a request that arrives meanwhile asks for one more run, which starts no
  sooner than DISCLOSURE_REFRESH_INTERVAL seconds after the last one started. Or at once when
  settings.DISCLOSURE_REFRESH is "sync" (the tests). A child process, because the computation is
  pure Python: in a thread of the web server it would hold the GIL for seconds at a time, and every
  request thread waits for it at each database call.
- Until it is done, viewers outside the units see the last audited pattern with its figures.
- A plan that has no pattern at all yet (a new installation) gets one computed at once, by the
  first reader (`ensure_pattern`); `sporbar refresh-figures` and the demo loader compute it too.
"""

import logging
import subprocess
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import close_old_connections, connection

from sporbar.commandline import sporbar_command
from sporbar.plans.models import Plan

from . import store

log = logging.getLogger(__name__)
_lock = threading.Lock()
_running: set[int] = set()
_again: set[int] = set()
_first = threading.Lock()
_deferred: ContextVar[set | None] = ContextVar("sporbar_deferred_refresh", default=None)


@contextmanager
def deferred():
    """A bulk import: one refresh per plan when it ends, not one after each of its commits (the
    refresh would otherwise run over and over beside the import, which it slows down)."""
    if _deferred.get() is not None:
        yield
        return
    plans: set = set()
    token = _deferred.set(plans)
    try:
        yield
    finally:
        _deferred.reset(token)
        for plan_id in sorted(plans):
            schedule_refresh(plan_id)


def schedule_refresh(plan_id: int) -> None:
    plans = _deferred.get()
    if plans is not None:
        plans.add(plan_id)
        return
    if settings.DISCLOSURE_REFRESH == "sync":
        _refresh(plan_id)
        return
    with _lock:
        if plan_id in _running:
            _again.add(plan_id)
            return
        _running.add(plan_id)
    threading.Thread(target=_run, args=(plan_id,), name=f"disclosure-{plan_id}", daemon=True).start()


def _run(plan_id: int) -> None:
    try:
        while True:
            started = time.monotonic()
            try:
                close_old_connections()
                _refresh_in_child(plan_id)
            except Exception:  # a failed refresh leaves the last audited pattern in use
                log.exception("disclosure pattern for plan %s could not be computed", plan_id)
            with _lock:
                if plan_id not in _again:
                    _running.discard(plan_id)
                    return
                _again.discard(plan_id)
            time.sleep(max(0.0, settings.DISCLOSURE_REFRESH_INTERVAL - (time.monotonic() - started)))
    finally:
        connection.close()


def _refresh_in_child(plan_id: int) -> None:
    command = sporbar_command("refresh-figures", "--pattern-only", "--plan", str(plan_id), background=True)
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - our own command
    if done.returncode != 0:
        log.error("disclosure pattern for plan %s could not be computed: %s", plan_id, done.stderr[-2000:])


def _refresh(plan_id: int) -> None:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is not None:
        store.refresh_disclosure(plan)


def courses_changed(course_ids) -> None:
    """After course data were written: refresh the plans of those courses (in the background; in
    "sync" mode the next reader does it)."""
    from sporbar.courses.models import Course

    if settings.DISCLOSURE_REFRESH == "sync":
        return
    plans = Course.objects.filter(id__in=list(course_ids)).values_list("initiative__track__theme__plan_id", flat=True)
    for plan_id in set(plans):
        schedule_refresh(plan_id)


def ensure_pattern(plan):
    """The latest audited pattern of the plan; computed at once if there is none yet; a refresh is
    scheduled when it is older than the data."""
    pattern = store.latest_pattern(plan)
    if pattern is None:
        with _first:
            pattern = store.latest_pattern(plan) or store.refresh_disclosure(plan)
        return pattern if pattern is not None and pattern.exposed == 0 else None
    if pattern.data_version != store.data_version():
        schedule_refresh(plan.id)
        if settings.DISCLOSURE_REFRESH == "sync":
            pattern = store.latest_pattern(plan)
    return pattern
