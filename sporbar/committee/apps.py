from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "sporbar.committee"
    label = "committee"
    verbose_name = "Rapport til udvalget"
