from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "sporbar.practice"
    label = "practice"
    verbose_name = "Lovende praksis"

    def ready(self):
        from .signals import connect_signals

        connect_signals()
