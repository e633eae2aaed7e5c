"""Login, the front page and the administrator's logs."""

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    # Password hashing takes a moment: not inside the write transaction of AtomicWritesMiddleware.
    path("login/", transaction.non_atomic_requests(auth_views.LoginView.as_view()), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("log/aendringer/", views.audit_log, name="audit-log"),
    path("log/adgang/", views.access_log, name="access-log"),
]
