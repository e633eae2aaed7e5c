from django.apps import AppConfig


class FfbConfig(AppConfig):
    name = "sporbar.ffb"
    label = "ffb"
    verbose_name = "Fælles faglige begreber (FFB)"

    def ready(self):
        from . import signals

        signals.connect()
