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


@pytest.fixture
def demo_process(tmp_path):
    """`sporbar demo` as `make demo` runs it: its own settings, a fresh database, served by waitress."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    log = tmp_path / "demo.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "sporbar.cli", "demo", "--port", str(port)],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        try:
            _get(base + "/login/")
            break
        except OSError:
            time.sleep(0.5)
    try:
        assert process.poll() is None, log.read_text()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_demo_is_served_without_debug_and_with_its_static_files(demo_process):
    status, body = _get(demo_process + "/ingen-side/")
    assert status == 404
    assert "Siden findes ikke" in body and "Page not found at" not in body
    status, css = _get(demo_process + "/static/sporbar.css")
    assert status == 200 and ".topbar" in css
    status, body = _get(demo_process + "/login/")
    assert status == 200 and "Log ind" in body
