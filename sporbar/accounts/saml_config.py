"""The pysaml2 configuration of Sporbar as a SAML 2.0 service provider (djangosaml2's SAML_CONFIG)."""

import shutil

import saml2
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_UNSPECIFIED


def saml_config(base_url: str, entity_id: str, idp_metadata: str, key_file: str = "", cert_file: str = "") -> dict:
    base_url = base_url.rstrip("/")
    config = {
        "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
        "entityid": entity_id or f"{base_url}/saml2/metadata/",
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "Sporbar",
                "name_id_format": [NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_UNSPECIFIED],
                "endpoints": {
                    "assertion_consumer_service": [(f"{base_url}/saml2/acs/", saml2.BINDING_HTTP_POST)],
                    "single_logout_service": [(f"{base_url}/saml2/ls/", saml2.BINDING_HTTP_REDIRECT)],
                },
                "allow_unsolicited": False,
                "authn_requests_signed": bool(key_file),
                "want_assertions_signed": True,
                "want_response_signed": False,
            }
        },
        "metadata": {"local": [idp_metadata]},
        "debug": False,
    }
    if key_file and cert_file:
        config["key_file"] = key_file
        config["cert_file"] = cert_file
        config["encryption_keypairs"] = [{"key_file": key_file, "cert_file": cert_file}]
    return config
