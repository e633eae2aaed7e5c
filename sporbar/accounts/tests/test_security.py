"""Security settings: Argon2 hashes, login throttling, the admin-only audit log, production refusing unsafe settings."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from sporbar.accounts.audit import acting_as
from sporbar.accounts.models import AuditEntry, Unit


@pytest.mark.argon2
def test_passwords_are_hashed_with_argon2(org):
    org.worker_a.refresh_from_db()
    assert org.worker_a.password.startswith("argon2$")
    assert org.worker_a.check_password(org.password)


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_works_and_wrong_password_is_refused_in_danish(org, client):
    response = _login(client, "medarbejder-a", "forkert-kode-123")
    assert response.status_code == 200
    assert "Forkert brugernavn eller adgangskode." in response.content.decode()
    response = _login(client, "medarbejder-a", org.password)
    assert response.status_code == 302


def test_login_is_throttled_after_repeated_failures(org, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "medarbejder-a", "forkert-kode-123")
    # Locked out now: even the right password is refused.
    response = _login(client, "medarbejder-a", org.password)
    assert response.status_code == 429
    assert "For mange forsøg" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_throttling_of_one_user_leaves_others_alone(org, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "medarbejder-a", "forkert-kode-123")
    assert _login(client, "medarbejder-b", org.password).status_code == 302


@pytest.mark.parametrize("role", ["analyst", "leadership", "lead_a", "worker_a"])
def test_audit_and_access_logs_are_for_administrators_only(org, client, role):
    client.force_login(getattr(org, role))
    assert client.get(reverse("accounts:audit-log")).status_code == 403
    assert client.get(reverse("accounts:access-log")).status_code == 403


def test_anonymous_is_sent_to_login_from_the_audit_log(client):
    response = client.get(reverse("accounts:audit-log"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_audit_log_shows_who_before_and_after(org, client):
    with acting_as(org.analyst):
        unit = Unit.objects.get(code="centre-b")
        unit.name = "Center Bæredygtig"
        unit.save()
    entry = AuditEntry.objects.filter(model="accounts.Unit", action="update").latest("id")
    assert entry.before == {"name": "Center B"} and entry.after == {"name": "Center Bæredygtig"}
    client.force_login(org.admin)
    html = client.get(reverse("accounts:audit-log") + "?model=accounts.Unit").content.decode()
    assert "analytiker" in html and "Center B" in html and "Center Bæredygtig" in html
    assert "ændret" in html


def _start_production(**env):
    """Import the production settings in a fresh interpreter, as the server would."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "CPR_HASH_KEY"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="sporbar.settings.production")
    code = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_COOKIE_SECURE)"
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=60
    )


GOOD_SECRET = "pZ3r9-Kq7vT2mW8xY4nB6cD1fG5hJ0kL-sRtUvWxYz_aEiOu13579"
GOOD_CPR_KEY = "Hq2W-e4R6t8Y0uIoPaSdFgHjKlZxCvBnM_13579-24680-qwerty"


def test_production_refuses_the_default_secret_key():
    result = _start_production(CPR_HASH_KEY=GOOD_CPR_KEY)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = _start_production(DEBUG="1", SECRET_KEY=GOOD_SECRET, CPR_HASH_KEY=GOOD_CPR_KEY)
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_starts_with_proper_settings_and_secure_cookies():
    result = _start_production(SECRET_KEY=GOOD_SECRET, CPR_HASH_KEY=GOOD_CPR_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_pages_carry_a_content_security_policy(org, client):
    client.force_login(org.worker_a)
    policy = client.get(reverse("accounts:home"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
