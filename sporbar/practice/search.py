"""What the search index holds of the profiles (registered in documents/search_sources.py): the current
self-assessment of each element and every attached document, linked to the initiative."""

from django.urls import reverse

from .elements import element


def _url(initiative_id: int, number: int) -> str:
    return reverse("practice:profile", args=[initiative_id]) + f"#element-{number}"


def build_self_assessment(assessment) -> dict:
    """Only the latest self-assessment of an element is found; older versions leave the index."""
    from .models import SelfAssessment

    latest = (
        SelfAssessment.objects.filter(initiative_id=assessment.initiative_id, element=assessment.element)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    if latest != assessment.pk:
        return {}
    name = element(assessment.element).name
    return {
        "self_assessment": {
            "title": f"Selvevaluering, {name}: {assessment.initiative.title}"[:500],
            "text": assessment.text,
            "url": _url(assessment.initiative_id, assessment.element),
            "date": assessment.written_at.date() if assessment.written_at else None,
            "initiative_ids": [assessment.initiative_id],
        }
    }


def build_document(document) -> dict:
    name = element(document.element).name
    return {
        "practice_document": {
            "title": f"{document.title} ({document.get_kind_display()}, {name})"[:500],
            "text": document.text,
            "url": reverse("practice:document", args=[document.pk]),
            "date": document.uploaded_at.date() if document.uploaded_at else None,
            "initiative_ids": [document.initiative_id],
        }
    }


def older_versions(assessment) -> list:
    """The earlier self-assessments of the same element, re-indexed (and so removed) when a new one is saved."""
    from .models import SelfAssessment

    return list(
        SelfAssessment.objects.filter(initiative_id=assessment.initiative_id, element=assessment.element).exclude(
            pk=assessment.pk
        )
    )
