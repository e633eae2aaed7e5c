from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "sporbar.documents"
    label = "documents"
    verbose_name = "Dokumenter og søgning"
