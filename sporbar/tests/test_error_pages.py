"""Errors answer with the site's own Danish pages, never Django's debug or plain pages, and the
demo runs without DEBUG."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.test import Client

from sporbar.cli import default_settings

from .interface_text import page_problems

DEVELOPER_TRACES = ("Traceback", "Page not found at", "Forbidden (403)", "Help", "Reason given for failure", "DEBUG")


def assert_site_error_page(response, status, heading):
    body = response.content.decode()
    assert response.status_code == status
    assert '<html lang="da">' in body and "sporbar.css" in body
    assert f'<h1 id="error-heading">{heading}</h1>' in body
    assert not [trace for trace in DEVELOPER_TRACES if trace in body]
    assert page_problems(body) == []


@pytest.mark.django_db
def test_a_missing_page_is_a_danish_404_inside_the_site(client_for, org):
    response = client_for(org.worker_a).get("/ingen-side/")
    assert_site_error_page(response, 404, "Siden findes ikke")
    assert 'aria-label="Hovedmenu"' in response.content.decode()  # the user can go on from here


@pytest.mark.django_db
def test_a_denial_names_the_role_and_what_to_do(client_for, org):
    response = client_for(org.leadership).get("/log/aendringer/")
    assert_site_error_page(response, 403, "Du har ikke adgang til siden")
    assert "Din rolle (Ledelse)" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("sporbar.tests.failing_urls")
def test_a_bug_shows_a_danish_500_without_details():
    response = Client(raise_request_exception=False).get("/fejl/")
    assert_site_error_page(response, 500, "Der skete en fejl")
    assert "a bug" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("sporbar.tests.failing_urls")
def test_a_forged_request_shows_a_danish_400():
    assert_site_error_page(Client().get("/mistaenkelig/"), 400, "Forespørgslen kunne ikke læses")


@pytest.mark.django_db
def test_a_form_without_its_security_token_gets_a_danish_page(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.analyst)
    response = client.post("/planer/import/", {})
    assert_site_error_page(response, 403, "Formularen kunne ikke sendes")


@pytest.mark.django_db
def test_api_errors_speak_danish(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.worker_a)
    assert client.get("/api/v1/citizens/999999/").json() == {"detail": "Ikke fundet."}
    refused = client.post("/api/v1/courses/", {}).json()["detail"]
    assert refused.startswith("Forespørgslen blev afvist af sikkerhedshensyn")
    assert Client().get("/api/v1/plans/").json()["detail"] == "Legitimation til autentificering blev ikke angivet."


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own local server)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_sporbar_demo_defaults_to_the_demo_settings():
    assert default_settings(["sporbar", "demo", "--no-serve"]) == "sporbar.settings.demo"
    assert default_settings(["sporbar", "import-plan", "plan.csv"]) == "sporbar.settings.base"
    assert default_settings(["sporbar"]) == "sporbar.settings.base"


@pytest.fixture
def demo_settings_server(tmp_path):
    """`sporbar serve` (waitress) with the demo's settings, as `sporbar demo` ends."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    env.update(DJANGO_SETTINGS_MODULE="sporbar.settings.demo", DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    log = tmp_path / "serve.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "sporbar.cli", "serve", "--port", str(port), "--no-worker"],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            _get(base + "/login/")
            break
        except OSError:
            time.sleep(0.3)
    try:
        assert process.poll() is None, log.read_text()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_demo_settings_serve_without_debug_and_with_static_files(demo_settings_server):
    status, body = _get(demo_settings_server + "/ingen-side/")
    assert status == 404
    assert "Siden findes ikke" in body and "Page not found at" not in body
    status, css = _get(demo_settings_server + "/static/sporbar.css")
    assert status == 200 and ".topbar" in css
    status, body = _get(demo_settings_server + "/login/")
    assert status == 200 and "Log ind" in body
