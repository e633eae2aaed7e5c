from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "sporbar.jobs"
    verbose_name = "Baggrundsjob"
