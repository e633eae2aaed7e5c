"""Erasing a citizen (courses.services.erase_citizen sets erased_at) also deletes what the case
systems reported about them: the FHIR resource ids would otherwise link the anonymous figures back
to the case system's record."""

from django.db.models.signals import post_save


def citizen_saved(sender, instance, **kwargs):
    if kwargs.get("raw") or instance.erased_at is None:
        return
    from .models import Resource

    Resource.objects.filter(citizen=instance).delete()


def connect():
    from sporbar.courses.models import Citizen

    post_save.connect(citizen_saved, sender=Citizen, dispatch_uid="ffb-erase-citizen")
