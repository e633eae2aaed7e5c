from django.apps import AppConfig


class EffectsConfig(AppConfig):
    name = "sporbar.effects"
    label = "effects"
    verbose_name = "Effekt og nøgletal"

    def ready(self):
        from . import summary

        summary.connect()
