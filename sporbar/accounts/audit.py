"""The audit log: every change to a model marked `audited = True` is recorded.

Commands set the acting user with `acting_as(user, label)`; the middleware does it
for every request, and the API's token authentication names the token's user
(`attribute_request_to`). The signal handlers below then write one
`AuditEntry` per create, update and delete with the fields before and after.

Models that hold a person's data (`personal_data = True`) are logged by which fields
changed only: their values become `HIDDEN` and the object is named by its kind and id, so
that the change log, which administrators read, holds no person data (reads of the data
itself are in the access log).
"""

import contextvars
import datetime
import decimal
from contextlib import contextmanager

from django.apps import apps
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save

_actor = contextvars.ContextVar("sporbar_actor", default=None)
_SKIP_FIELDS = {"password", "last_login", "path", "cpr_hash"}
HIDDEN = "[skjult]"


@contextmanager
def acting_as(user, label: str | None = None):
    """Attribute every change inside the block to `user` (or to `label`, e.g. a command)."""
    token = _actor.set((user, label or (user.get_username() if user else "system")))
    try:
        yield
    finally:
        _actor.reset(token)


def attribute_request_to(user):
    """Name the user of the request being handled, when authentication finds it after the middleware ran.

    Only called inside the middleware's `acting_as` block, whose exit restores the previous actor.
    """
    _actor.set((user, user.get_username()))


def current_actor():
    return _actor.get() or (None, "system")


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, decimal.Decimal):
        # Normalised so that 0.5 assigned in code and 0.500 read back count as unchanged.
        return format(value.normalize(), "f")
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return value


def snapshot(instance) -> dict:
    """The concrete field values of a model instance, as JSON-ready data."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in _SKIP_FIELDS:
            continue
        data[field.attname] = _plain(getattr(instance, field.attname))
    return data


def _before_save(sender, instance, **kwargs):
    if instance.pk is None or kwargs.get("raw"):
        instance._audit_before = None
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old else None


def _after_save(sender, instance, created, **kwargs):
    if kwargs.get("raw"):
        return
    from .models import AuditEntry

    before = getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if before is not None:
        changed = {k for k in after if before.get(k) != after[k]}
        if not changed:
            return
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after[k] for k in sorted(changed)}
    _write(AuditEntry.Action.CREATE if created or before is None else AuditEntry.Action.UPDATE, instance, before, after)


def _after_delete(sender, instance, **kwargs):
    from .models import AuditEntry

    _write(AuditEntry.Action.DELETE, instance, snapshot(instance), None)


def is_personal(model) -> bool:
    return bool(getattr(model, "personal_data", False))


def hide_values(values: dict | None) -> dict | None:
    """The field names that changed, without their values."""
    return None if values is None else {key: HIDDEN for key in values}


def neutral_name(instance) -> str:
    """A person's record named by its kind and id (e.g. "borger 12"), never by its content."""
    return f"{instance._meta.verbose_name} {instance.pk}"


def _write(action, instance, before, after):
    from .models import AuditEntry

    personal = is_personal(instance)
    user, label = current_actor()
    AuditEntry.objects.create(
        user=user if user is not None and user.pk else None,
        actor_label=label[:150],
        action=action,
        model=instance._meta.label,
        object_id=str(instance.pk),
        object_repr=(neutral_name(instance) if personal else str(instance))[:200],
        before=hide_values(before) if personal else before,
        after=hide_values(after) if personal else after,
    )


def record_created(instances) -> None:
    """Audit entries for records written with bulk_create, which sends no signals."""
    from .models import AuditEntry

    user, label = current_actor()
    AuditEntry.objects.bulk_create(
        AuditEntry(
            user=user if user is not None and user.pk else None,
            actor_label=label[:150],
            action=AuditEntry.Action.CREATE,
            model=instance._meta.label,
            object_id=str(instance.pk),
            object_repr=str(instance)[:200],
            before=None,
            after=snapshot(instance),
        )
        for instance in instances
    )


def connect_signals():
    for model in apps.get_models():
        if getattr(model, "audited", False):
            pre_save.connect(_before_save, sender=model, dispatch_uid=f"audit-pre-{model._meta.label}")
            post_save.connect(_after_save, sender=model, dispatch_uid=f"audit-post-{model._meta.label}")
            post_delete.connect(_after_delete, sender=model, dispatch_uid=f"audit-del-{model._meta.label}")
