from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "sporbar.documents"
    label = "documents"
    verbose_name = "Dokumenter og søgning"

    def ready(self):
        from .search_sources import connect_signals

        connect_signals()
