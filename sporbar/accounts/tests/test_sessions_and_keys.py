"""Sessions end when idle and after a working day; API tokens are stored hashed and expire;
production refuses weak keys."""

import datetime
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from sporbar.accounts.middleware import SEEN_KEY, STARTED_KEY

from .test_security import GOOD_CPR_KEY, GOOD_SECRET, _start_production

pytestmark = pytest.mark.django_db


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"seen": SEEN_KEY, "started": STARTED_KEY}[key]] = now - ago
    session.save()


def test_an_idle_session_is_logged_out_with_a_danish_message(org, client, settings):
    client.force_login(org.worker_a)
    assert client.get(reverse("accounts:home")).status_code == 200
    _age_session(client, seen=settings.SESSION_IDLE_MINUTES * 60 - 30)
    assert client.get(reverse("accounts:home")).status_code == 200  # still active
    _age_session(client, seen=settings.SESSION_IDLE_MINUTES * 60 + 5)
    response = client.get(reverse("accounts:home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "uden aktivitet" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_active_session_ends_after_its_whole_lifetime(org, client, settings):
    client.force_login(org.worker_a)
    client.get(reverse("accounts:home"))
    _age_session(client, seen=10, started=settings.SESSION_MAX_HOURS * 3600 + 1)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_MAX_HOURS * 3600


def test_idle_session_no_longer_reaches_the_api(org, client, settings):
    client.force_login(org.worker_a)
    assert client.get("/api/v1/citizens/").status_code == 200
    _age_session(client, seen=settings.SESSION_IDLE_MINUTES * 60 + 5)
    assert client.get("/api/v1/citizens/").status_code == 401


def test_token_command_prints_a_working_token_that_is_stored_only_as_a_hash(org):
    out, err = StringIO(), StringIO()
    call_command("token", org.worker_a.username, stdout=out, stderr=err)
    token = out.getvalue().strip()
    stored = AuthToken.objects.get(user=org.worker_a)
    assert token not in stored.digest and token not in str(list(AuthToken.objects.values()))
    assert "udløber" in err.getvalue()
    assert stored.expiry - timezone.now() > datetime.timedelta(days=29)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/citizens/").status_code == 200
    # Revoked: refused.
    call_command("token", org.worker_a.username, "--revoke", stdout=StringIO(), stderr=StringIO())
    assert api.get("/api/v1/citizens/").status_code == 401


def test_an_expired_token_is_refused_and_removed(org):
    _instance, token = AuthToken.objects.create(user=org.worker_a, expiry=datetime.timedelta(days=1))
    AuthToken.objects.filter(user=org.worker_a).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/citizens/").status_code == 401
    assert not AuthToken.objects.filter(user=org.worker_a).exists()


def test_token_command_refuses_unknown_users_and_silly_lifetimes(org):
    with pytest.raises(CommandError, match="Ingen aktiv bruger"):
        call_command("token", "nobody")
    with pytest.raises(CommandError, match="mellem 1 og 366"):
        call_command("token", org.worker_a.username, "--days", "0")


@pytest.mark.parametrize(
    "env, complaint",
    [
        ({"SECRET_KEY": GOOD_SECRET, "CPR_HASH_KEY": "a"}, "CPR_HASH_KEY is too weak"),
        ({"SECRET_KEY": GOOD_SECRET, "CPR_HASH_KEY": "abc" * 20}, "CPR_HASH_KEY is too weak"),
        ({"SECRET_KEY": "short-but-random-Q7w9", "CPR_HASH_KEY": GOOD_CPR_KEY}, "SECRET_KEY is too weak"),
        ({"SECRET_KEY": GOOD_SECRET, "CPR_HASH_KEY": GOOD_SECRET}, "must differ"),
        ({"SECRET_KEY": GOOD_SECRET}, "Set CPR_HASH_KEY"),
    ],
)
def test_production_refuses_weak_or_equal_keys(env, complaint):
    result = _start_production(**env)
    assert result.returncode != 0
    assert complaint in result.stderr
