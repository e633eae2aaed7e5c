"""Batches of course writes: listeners that recompute something per course (the effect figures'
summary) can do it once per batch instead of once per saved row.

    with transaction.atomic(), batched_changes():
        ... save many assessments, goals, courses ...
    # `courses_changed` was sent once, inside the transaction, with every course id touched.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

courses_changed = Signal()  # sent with course_ids
_batch: ContextVar[set | None] = ContextVar("sporbar_course_batch", default=None)


@contextmanager
def batched_changes():
    ids: set = set()
    token = _batch.set(ids)
    try:
        yield
    finally:
        _batch.reset(token)
    if ids:
        courses_changed.send(sender=None, course_ids=ids)


def defer(course_id) -> bool:
    """Inside a batch: note the course and return True, so the caller skips its own work now."""
    ids = _batch.get()
    if ids is None:
        return False
    ids.add(course_id)
    return True


def courses_written(course_ids) -> None:
    """Code that wrote course data in bulk (no per-row signals): inside a batch the courses join it,
    otherwise `courses_changed` is sent now."""
    ids = _batch.get()
    if ids is None:
        courses_changed.send(sender=None, course_ids=set(course_ids))
    else:
        ids.update(course_ids)
