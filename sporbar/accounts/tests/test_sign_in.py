"""Municipal sign-in against real identity providers running locally: a SAML 2.0 IdP built on
pysaml2's IdP server, and an OpenID Connect provider (django-oauth-toolkit) in its own process. The
browser's part is played by `requests`, following every redirect and form as a browser would."""

import json
import re
import socket
import subprocess
import sys
import time
from html import unescape

import pytest
import requests
from django.conf import settings as django_settings

from sporbar.accounts.models import User
from sporbar.accounts.saml_config import saml_config

from .identity_providers.certificates import write_key_pair
from .identity_providers.saml_idp import SamlIdentityProvider

pytestmark = pytest.mark.django_db(transaction=True)
ROLE_MAP = {"Sporbar.Administrator": "admin", "Sporbar.Medarbejder": "worker", "Sporbar.Initiativleder": "lead"}
PASSWORD = "idp-password-123"


def _form(html_text):
    """(action, fields) of the first form of a page."""
    action = re.search(r'<form[^>]*action="([^"]*)"', html_text)
    fields = dict(
        (unescape(n), unescape(v)) for n, v in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html_text)
    )
    return (unescape(action.group(1)) if action else ""), fields


@pytest.fixture
def sso_settings(settings, org):
    settings.SSO_ROLE_MAP = ROLE_MAP
    settings.SSO_UNIT_CLAIM = "sporbar_units"
    settings.SSO_UNIT_MAP = {"Center A (AD-gruppe)": "centre-a"}
    return settings


# --- SAML 2.0 -----------------------------------------------------------------------------------


@pytest.fixture
def saml_idp(tmp_path, live_server, sso_settings):
    idp_key, idp_cert = write_key_pair(tmp_path, "idp")
    sp_key, sp_cert = write_key_pair(tmp_path, "sp")
    users = {
        "kirsten": (PASSWORD, {"uid": ["kirsten"], "roles": ["Sporbar.Medarbejder"], "sporbar_units": ["centre-a"]}),
        "ulla": (PASSWORD, {"uid": ["ulla"], "roles": ["Andet.System"], "sporbar_units": ["centre-a"]}),
    }
    idp = SamlIdentityProvider(tmp_path, idp_key, idp_cert, users)
    config = saml_config(live_server.url, "", str(idp.metadata_file), str(sp_key), str(sp_cert))
    from saml2.config import SPConfig
    from saml2.metadata import entity_descriptor

    sp_metadata = tmp_path / "sp-metadata.xml"
    sp_metadata.write_text(str(entity_descriptor(SPConfig().load(config))))
    idp.trust(sp_metadata)
    sso_settings.SSO_USERNAME_CLAIM = "uid"
    sso_settings.SAML_ATTRIBUTE_MAPPING = {"uid": ("username",)}
    sso_settings.SAML_CONFIG = config
    sso_settings.AUTHENTICATION_BACKENDS = [
        *django_settings.AUTHENTICATION_BACKENDS,
        "sporbar.accounts.sso.SAMLBackend",
    ]
    yield idp.start()
    idp.stop()


def saml_sign_in(live_server, username):
    browser = requests.Session()
    login_page = browser.get(f"{live_server.url}/login/")
    assert 'id="login-saml"' in login_page.text
    at_idp = browser.get(f"{live_server.url}/saml2/login/?next=/")  # redirected to the IdP's login form
    _action, fields = _form(at_idp.text)
    idp_base = at_idp.url.split("/sso")[0]
    answer = browser.post(f"{idp_base}/login", data={**fields, "username": username, "password": PASSWORD})
    acs, posted = _form(answer.text)  # the IdP's auto-submitting form to our assertion consumer service
    return browser, browser.post(acs, data=posted)


def test_saml_sign_in_gives_the_role_and_units_of_the_mapping(saml_idp, live_server, org):
    browser, response = saml_sign_in(live_server, "kirsten")
    assert response.status_code == 200 and response.url.rstrip("/") == live_server.url
    user = User.objects.get(username="kirsten")
    assert user.role == User.Role.WORKER
    assert list(user.units.values_list("code", flat=True)) == ["centre-a"]
    assert not user.has_usable_password()
    assert browser.get(f"{live_server.url}/borgere/").status_code == 200  # a worker's page


def test_saml_sign_in_without_a_mapped_role_is_refused(saml_idp, live_server):
    browser, response = saml_sign_in(live_server, "ulla")
    assert response.status_code in (403, 200)
    assert not User.objects.filter(username="ulla").exists()
    assert "/login/" in browser.get(f"{live_server.url}/borgere/").url


# --- OpenID Connect -----------------------------------------------------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oidc_provider(tmp_path, live_server, sso_settings):
    key, _cert = write_key_pair(tmp_path, "op")
    port = _free_port()
    config = {
        "port": port,
        "database": str(tmp_path / "op.sqlite3"),
        "private_key_file": str(key),
        "client_id": "sporbar",
        "client_secret": "sporbar-secret-123",
        "redirect_uri": f"{live_server.url}/oidc/callback/",
        "users": {
            "lene": {
                "password": PASSWORD,
                "claims": {
                    "roles": ["Sporbar.Initiativleder"],
                    "sporbar_units": ["Center A (AD-gruppe)"],
                    "given_name": "Lene",
                },
            },
            "svend": {"password": PASSWORD, "claims": {"roles": [], "sporbar_units": ["centre-a"]}},
        },
    }
    (tmp_path / "op.json").write_text(json.dumps(config))
    process = subprocess.Popen(
        [sys.executable, "-m", "sporbar.accounts.tests.identity_providers.oidc_provider", str(tmp_path / "op.json")],
        cwd=str(django_settings.BASE_DIR),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(f"{base}/o/.well-known/openid-configuration", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.1)
        if process.poll() is not None:
            pytest.fail(f"the OIDC provider did not start: {process.stderr.read().decode()[-2000:]}")
    s = sso_settings
    s.OIDC_RP_CLIENT_ID, s.OIDC_RP_CLIENT_SECRET = config["client_id"], config["client_secret"]
    s.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/o/authorize/"
    s.OIDC_OP_TOKEN_ENDPOINT = f"{base}/o/token/"
    s.OIDC_OP_USER_ENDPOINT = f"{base}/o/userinfo/"
    s.OIDC_OP_JWKS_ENDPOINT = f"{base}/o/.well-known/jwks.json"
    s.OIDC_RP_SIGN_ALGO = "RS256"
    s.SSO_USERNAME_CLAIM = "preferred_username"
    s.AUTHENTICATION_BACKENDS = [*django_settings.AUTHENTICATION_BACKENDS, "sporbar.accounts.sso.OIDCBackend"]
    yield base
    process.terminate()
    process.wait(timeout=10)


def oidc_sign_in(live_server, username):
    browser = requests.Session()
    assert 'id="login-oidc"' in browser.get(f"{live_server.url}/login/").text
    login_form = browser.get(f"{live_server.url}/oidc/authenticate/")  # → the provider's login page
    _action, fields = _form(login_form.text)
    return browser, browser.post(
        login_form.url, data={**fields, "username": username, "password": PASSWORD}, headers={"Referer": login_form.url}
    )


def test_oidc_sign_in_gives_the_role_and_units_of_the_mapping(oidc_provider, live_server, org):
    browser, response = oidc_sign_in(live_server, "lene")
    assert response.status_code == 200 and response.url.startswith(live_server.url)
    user = User.objects.get(username="lene")
    assert (user.role, user.first_name) == (User.Role.LEAD, "Lene")
    assert list(user.units.values_list("code", flat=True)) == ["centre-a"]
    assert browser.get(f"{live_server.url}/borgere/").status_code == 200


def test_oidc_sign_in_without_a_mapped_role_is_refused(oidc_provider, live_server):
    browser, response = oidc_sign_in(live_server, "svend")
    assert "sso=afvist" in response.url
    assert not User.objects.filter(username="svend").exists()


def test_local_passwords_can_be_switched_off(settings, org, client):
    credentials = {"username": "medarbejder-a", "password": org.password}
    assert client.post("/login/", credentials).status_code == 302
    client.post("/logout/")
    settings.PASSWORD_LOGIN = False
    assert client.post("/login/", credentials).status_code == 200  # refused: the form again
    assert client.get("/borgere/").status_code == 302
    assert "id_password" not in client.get("/login/").content.decode()
