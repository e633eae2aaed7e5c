from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "sporbar.governance"
    label = "governance"
    verbose_name = "Møder og høringer"
