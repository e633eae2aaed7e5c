"""Input of the promising-practice API; the output is the plain JSON of services.profile_json/matrix_json."""

from rest_framework import serializers

from ..elements import ELEMENT_CHOICES, Level
from ..models import PracticeDocument


class LevelInputSerializer(serializers.Serializer):
    element = serializers.ChoiceField(choices=ELEMENT_CHOICES)
    level = serializers.ChoiceField(choices=Level.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class SelfAssessmentInputSerializer(serializers.Serializer):
    element = serializers.IntegerField()
    text = serializers.CharField(max_length=5000)
    proposed_level = serializers.ChoiceField(choices=Level.choices)


class DocumentInputSerializer(serializers.Serializer):
    element = serializers.IntegerField()
    file = serializers.FileField()
    title = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    kind = serializers.ChoiceField(choices=PracticeDocument.Kind.choices, required=False, default="andet")
