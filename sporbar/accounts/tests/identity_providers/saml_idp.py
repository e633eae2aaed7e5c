"""A real SAML 2.0 identity provider for the tests, built on pysaml2's IdP server (saml2.server).

It shows a login form, checks the password, and answers the service provider's AuthnRequest with a
signed assertion carrying the user's attributes (HTTP-POST binding), as an OIOSAML IdP does.
"""

import html
import shutil
import threading
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

import saml2
from saml2 import server
from saml2.authn_context import PASSWORD
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_BASIC, NAMEID_FORMAT_PERSISTENT


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class SamlIdentityProvider:
    """users: {username: (password, {attribute: [values]})}."""

    def __init__(self, folder, key_file, cert_file, users):
        self.users = users
        self.httpd = make_server("127.0.0.1", 0, self, handler_class=_Quiet)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.settings = {
            "entityid": f"{self.base_url}/metadata",
            "xmlsec_binary": shutil.which("xmlsec1"),
            "key_file": str(key_file),
            "cert_file": str(cert_file),
            "service": {
                "idp": {
                    "endpoints": {"single_sign_on_service": [(f"{self.base_url}/sso", saml2.BINDING_HTTP_REDIRECT)]},
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "policy": {"default": {"lifetime": {"minutes": 15}, "name_form": NAME_FORMAT_BASIC}},
                }
            },
        }
        self.metadata_file = folder / "idp-metadata.xml"
        self.metadata_file.write_text(str(entity_descriptor(IdPConfig().load(self.settings))))
        self.server = None

    def trust(self, sp_metadata_file):
        """Load the service provider's metadata: only then can the IdP answer it."""
        config = IdPConfig().load({**self.settings, "metadata": {"local": [str(sp_metadata_file)]}})
        self.server = server.Server(config=config)

    def start(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        if path == "/sso" and environ["REQUEST_METHOD"] == "GET":
            query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
            return self._page(
                start_response, self._login_form(query.get("SAMLRequest", ""), query.get("RelayState", ""))
            )
        if path == "/login" and environ["REQUEST_METHOD"] == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()}
            user = self.users.get(form.get("username", ""))
            if user is None or user[0] != form.get("password"):
                return self._page(start_response, "<p>Forkert brugernavn eller adgangskode.</p>", "401 Unauthorized")
            return self._page(start_response, self._answer(form, user[1]))
        return self._page(start_response, "<p>Ukendt adresse.</p>", "404 Not Found")

    def _login_form(self, request, relay_state):
        return (
            '<form method="post" action="/login">'
            f'<input type="hidden" name="SAMLRequest" value="{html.escape(request)}">'
            f'<input type="hidden" name="RelayState" value="{html.escape(relay_state)}">'
            '<input name="username"><input name="password" type="password"><button>Log ind</button></form>'
        )

    def _answer(self, form, attributes):
        request = self.server.parse_authn_request(form["SAMLRequest"], saml2.BINDING_HTTP_REDIRECT)
        args = self.server.response_args(request.message, [saml2.BINDING_HTTP_POST])
        response = self.server.create_authn_response(
            identity=attributes,
            userid=form["username"],
            authn={"class_ref": PASSWORD, "authn_auth": self.server.config.entityid},
            sign_assertion=True,
            **args,
        )
        http = self.server.apply_binding(
            saml2.BINDING_HTTP_POST, str(response), args["destination"], form.get("RelayState", ""), response=True
        )
        return http["data"]

    @staticmethod
    def _page(start_response, body, status="200 OK"):
        start_response(status, [("Content-Type", "text/html; charset=utf-8")])
        return [body.encode() if body.lstrip().startswith("<") else f"<html>{body}</html>".encode()]
