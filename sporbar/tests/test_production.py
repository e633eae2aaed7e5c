"""The README's production steps, run as written against a fresh SQLite database: the pages and
their static files are served, a TLS proxy is believed only from its own address, and the
citizen's link token never reaches the server's log."""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

README = Path(settings.BASE_DIR) / "README.md"
PORT = 8112
KEYS = {"<the first key>": secrets.token_urlsafe(50), "<the second key>": secrets.token_urlsafe(50)}


def production_steps() -> str:
    """The shell block after the `production-steps` marker, with the example values replaced."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- production-steps -->\s*```sh\n(.*?)```", text, re.S).group(1)
    return block


def _localised(block: str, tmp_path) -> str:
    replacements = {
        "postgres://sporbar@db.example/sporbar": f"sqlite:///{tmp_path}/sporbar.sqlite3",
        "sporbar.example": "127.0.0.1",
        "--port 8000": f"--port {PORT}",
        ".venv/bin/": f"{Path(settings.BASE_DIR) / '.venv' / 'bin'}/",
        **KEYS,
    }
    for example, value in replacements.items():
        assert example in block, example
        block = block.replace(example, value)
    return "set -e\n" + block


def _fetch(path, **headers):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _wait_for_port(process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", PORT)) == 0:
                return
        time.sleep(0.5)
    raise AssertionError("sporbar serve did not start")


def test_the_readme_production_steps_serve_pages_behind_a_tls_proxy(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "CPR_HASH_KEY"}}
    env.update(STATIC_ROOT=str(tmp_path / "static"), MEDIA_ROOT=str(tmp_path / "media"), LOG_LEVEL="INFO")
    process = subprocess.Popen(
        ["bash", "-c", _localised(production_steps(), tmp_path)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _wait_for_port(process)
        https = {"X-Forwarded-Proto": "https"}
        status, _headers, page = _fetch("/login/", **https)
        assert status == 200 and "Log ind" in page
        stylesheet = re.search(r'href="(/static/sporbar\.[0-9a-f]+\.css)"', page).group(1)
        assert _fetch(stylesheet, **https)[0] == 200
        # Without the proxy's https: redirected to https once, not in a loop.
        status, headers, _ = _fetch("/login/")
        assert status == 301 and headers["Location"] == f"https://127.0.0.1:{PORT}/login/"
        # The same header from any other address than the trusted proxy's is not believed.
        other = http.client.HTTPConnection("127.0.0.1", PORT, timeout=20, source_address=("127.0.0.2", 0))
        other.request("GET", "/login/", headers=https)
        assert other.getresponse().status == 301
        other.close()
        # The citizen's link: 404s and then 429s, and the token is in no log line.
        token = secrets.token_urlsafe(32)
        codes = {_fetch(f"/s/{token}/", **https)[0] for _ in range(125)}
        assert codes == {404, 429}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        _out, log = process.communicate(timeout=30)
    assert "Not Found: /s/[skjult]/" in log and "Too Many Requests: /s/[skjult]/" in log
    assert token not in log
