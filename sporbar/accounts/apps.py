from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sporbar.accounts"
    label = "accounts"
    verbose_name = "Brugere, enheder og log"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from sporbar import cpr

        from . import audit, middleware

        audit.connect_signals()
        cpr.connect_signals()
        user_logged_in.connect(middleware.session_started, dispatch_uid="sporbar-session-started")
