from django.apps import AppConfig


class InvestmentConfig(AppConfig):
    name = "sporbar.investment"
    label = "investment"
    verbose_name = "Investeringscases"
