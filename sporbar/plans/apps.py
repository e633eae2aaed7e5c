from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "sporbar.plans"
    label = "plans"
    verbose_name = "Planer og initiativer"
