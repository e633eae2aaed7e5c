"""`sporbar serve` runs the import worker beside the web server: a queued import is run without any
other command, and stopping the server stops the worker."""

import json
import os
import sqlite3
import subprocess
import sys
import time

MIGRATE_AND_ENQUEUE = (
    "from django.core.management import call_command; call_command('migrate', verbosity=0); "
    "from sporbar.jobs import services; "
    "services.start('plan', None, 'plan.csv', b'plan_code;title\\nx;y\\n')"
)


def sporbar(*args, env, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "sporbar.cli", *args], env=env, **kwargs)  # noqa: S603


def test_serve_runs_queued_imports_and_stops_its_worker(tmp_path):
    database = tmp_path / "serve.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "sporbar.settings.base"}
    assert sporbar("shell", "-c", MIGRATE_AND_ENQUEUE, env=env, stdout=subprocess.DEVNULL).wait(timeout=120) == 0
    server = sporbar("serve", "--port", "8113", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        status, deadline = None, time.monotonic() + 60
        while status not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.5)
            with sqlite3.connect(database) as db:
                status, errors = db.execute("SELECT status, errors FROM jobs_importjob").fetchone()
        assert status == "failed"
        assert "Kolonnen »plan_name« mangler i overskriften." in " ".join(json.loads(errors))
        children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 1  # the worker
    finally:
        server.terminate()
        server.wait(timeout=30)
    time.sleep(1)
    assert not os.path.exists(f"/proc/{children[0]}") or "zombie" in open(f"/proc/{children[0]}/status").read()
