from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sporbar.accounts"
    label = "accounts"
    verbose_name = "Brugere, enheder og log"

    def ready(self):
        from . import audit

        audit.connect_signals()
