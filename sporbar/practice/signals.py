"""A removed document's file goes too, however the row was deleted (page, admin, a deleted initiative)."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete


def _delete_file(sender, instance, **kwargs):
    path = instance.file
    if path:
        transaction.on_commit(lambda: default_storage.delete(path))


def connect_signals():
    from .models import PracticeDocument

    post_delete.connect(_delete_file, sender=PracticeDocument, dispatch_uid="practice-document-file")
