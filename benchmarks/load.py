"""Load test: 50 users reading and writing while a 20.000-row import runs (Locust, headless, loopback only).

For SQLite (a scratch file) and for PostgreSQL (database `sporbar_load`, when 127.0.0.1:5432 answers):
load the demo, start `sporbar serve` (with its import worker) on 127.0.0.1, then for a bounded time
- leadership users read the plan's effect dashboard,
- workers read their course list page; API clients read courses and write assessments (token),
- one worker uploads a course file of 20.000 rows on the import page and follows its job.
Afterwards the assessments are counted in the database: a write answered 201 that is not stored is
lost; a write stored although it was refused is a phantom. Prints per request: count, errors, p50
and p95; ends with the line `errors N` (request errors + lost writes + phantoms + failed imports).

    .venv/bin/python benchmarks/load.py [--users 50] [--rows 20000] [--max-seconds 300] [--sqlite-only]
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import csv  # noqa: E402
import io  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PORT = 8113
PASSWORD = "sporbar-demo-2026"
FIRST_WRITE_DAY = 21_915  # days after 1970-01-01 = 2030-01-01, after the demo's data: every write gets its own date
PG_NAME = "sporbar_load"

PREPARE = """
import json
from knox.models import AuthToken
from sporbar.accounts.models import User
from sporbar.courses import access
from sporbar.courses.models import Goal
from sporbar.plans.models import Plan
worker = User.objects.get(username="medarbejder-act")
courses = access.visible_courses(worker).filter(end_date__isnull=True)
goals = list(Goal.objects.filter(course__in=courses).values_list("id", flat=True)[:200])
course = courses.select_related("initiative", "unit").first()
print(json.dumps({
    "plan": Plan.objects.order_by("id").first().id,
    "token": AuthToken.objects.create(user=worker)[1],
    "goals": goals,
    "initiative": course.initiative.key,
    "unit": course.unit.code,
}))
"""
COUNT = """
import datetime, json
from sporbar.courses.models import Assessment
from sporbar.jobs.models import ImportJob
first = datetime.date(1970, 1, 1) + datetime.timedelta(days={first})
job = ImportJob.objects.order_by("-id").first()
print(json.dumps({{
    "writes": Assessment.objects.filter(date__gte=first).count(),
    "imported": Assessment.objects.filter(goal__text="Belastningstest").count(),
    "job": [job.status, job.done, job.total, job.errors[:3]] if job else None,
}}))
"""


def sporbar(env, *args, **kwargs):
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "sporbar.cli", *args], env=env, check=True, capture_output=True, text=True, **kwargs
    )


def shell(env, code: str) -> dict:
    output = sporbar(env, "shell", "-c", code).stdout
    return json.loads(output.strip().splitlines()[-1])


def postgres_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        return True
    except OSError:
        return False


def fresh_postgres() -> str:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_NAME}")
    return f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"


def course_file(rows: int, initiative: str, unit: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        ["citizen_ref", "initiative", "unit", "start_date", "dimension", "goal_type", "goal_text"]
        + ["assessment_date", "level", "status"]
    )
    for n in range(1, rows + 1):
        writer.writerow(
            [f"Last {n:05d}", initiative, unit, "01-01-2025", "personlig", "udvikle", "Belastningstest"]
            + ["01-06-2025", 2, "delvist"]
        )
    return out.getvalue().encode("utf-8")


class Run:
    """What the users of one run share: the prepared data and the write counters."""

    info: dict = {}
    write_days = itertools.count(FIRST_WRITE_DAY)
    sent = 0
    answered = 0
    answered_201 = 0


def login(client, username: str) -> None:
    page = client.get("/login/", name="GET /login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    client.post(
        "/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": client.base_url + "/login/"},
        name="POST /login/",
    )


class Leadership(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        login(self.client, "ledelse")

    @task
    def dashboard(self):
        self.client.get(f"/planer/{Run.info['plan']}/effekt/", name="GET plan dashboard")


class Worker(HttpUser):
    """A worker at the course list page (session login)."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        login(self.client, "medarbejder-act")

    @task
    def course_list(self):
        self.client.get("/borgere/", name="GET course list page")


class ApiClient(HttpUser):
    """A worker's system reading courses and writing assessments through the API (token, no cookies)."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        self.api = {"Authorization": f"Token {Run.info['token']}"}

    @task(1)
    def course_api(self):
        self.client.get("/api/v1/courses/?limit=50", headers=self.api, name="GET /api/v1/courses/")

    @task(2)
    def write_assessment(self):
        day = next(Run.write_days)
        goal = Run.info["goals"][day % len(Run.info["goals"])]
        date = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
        body = {"goal": goal, "date": date, "level": day % 5, "status": "delvist"}
        headers = {**self.api, "Idempotency-Key": f"load-{day}"}
        Run.sent += 1
        with self.client.post(
            "/api/v1/assessments/", json=body, headers=headers, name="POST /api/v1/assessments/", catch_response=True
        ) as response:
            Run.answered += 1
            if response.status_code == 201:
                Run.answered_201 += 1
                response.success()
            else:
                response.failure(f"{response.status_code} {response.text[:200]}")


def run_import(base_url: str, content: bytes, outcome: dict) -> None:
    """One worker uploads the file on the import page and follows the job to its end."""
    import requests

    session = requests.Session()
    page = session.get(base_url + "/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    login_data = {"username": "medarbejder-act", "password": PASSWORD, "csrfmiddlewaretoken": token}
    session.post(base_url + "/login/", data=login_data, headers={"Referer": base_url + "/login/"})
    form = session.get(base_url + "/borgere/import/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    started = time.monotonic()
    response = session.post(
        base_url + "/borgere/import/",
        data={"csrfmiddlewaretoken": token},
        files={"file": ("belastning.csv", content, "text/csv")},
        headers={"Referer": base_url + "/borgere/import/"},
        allow_redirects=False,
    )
    outcome["upload_status"] = response.status_code
    job_url = base_url + response.headers.get("Location", "/")
    while not outcome.get("stop"):
        status = session.get(job_url, headers={"HX-Request": "true"}).text
        if "Importeret" in status or "afvist" in status:
            outcome["finished"] = "Importeret" in status
            break
        gevent.sleep(2)
    outcome["seconds"] = time.monotonic() - started


def wait_for(url: str, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not answer within {seconds} s")


def one_run(label: str, database_url: str, args) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "sporbar.settings.base",
        "DEBUG": "false",
    }
    env["AXES_FAILURE_LIMIT"] = "1000"
    print(f"\n== {label} ==", flush=True)
    sporbar(env, "demo", "--no-serve", "--citizens", str(args.citizens))
    Run.info = shell(env, PREPARE)
    Run.sent = Run.answered = Run.answered_201 = 0
    content = course_file(args.rows, Run.info["initiative"], Run.info["unit"])
    server_log = Path(tempfile.gettempdir()) / f"sporbar-load-{label.split()[0].lower()}.log"
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "sporbar.cli", "serve", "--port", str(PORT)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=server_log.open("w"),
    )
    base_url = f"http://127.0.0.1:{PORT}"
    errors = 0
    try:
        wait_for(base_url + "/login/")
        environment = Environment(user_classes=[Leadership, Worker, ApiClient], host=base_url)
        runner = environment.create_local_runner()
        outcome: dict = {}
        importer = gevent.spawn(run_import, base_url, content, outcome)
        runner.start(args.users, spawn_rate=10)
        started = time.monotonic()
        while time.monotonic() - started < args.max_seconds:
            if importer.dead and time.monotonic() - started >= args.min_seconds:
                break
            gevent.sleep(1)
        outcome["stop"] = True
        runner.quit()
        importer.join(timeout=10)
        stats = environment.stats
        print(f"{'request':32} {'count':>7} {'errors':>7} {'p50 ms':>7} {'p95 ms':>7}")
        for entry in sorted(stats.entries.values(), key=lambda e: e.name):
            print(
                f"{entry.name:32} {entry.num_requests:7d} {entry.num_failures:7d} "
                f"{entry.get_response_time_percentile(0.5):7.0f} {entry.get_response_time_percentile(0.95):7.0f}"
            )
        total = stats.total
        print(
            f"{'all requests':32} {total.num_requests:7d} {total.num_failures:7d} "
            f"{total.get_response_time_percentile(0.5):7.0f} {total.get_response_time_percentile(0.95):7.0f}"
        )
        errors += total.num_failures
        for failure in list(stats.errors.values())[:5]:
            print(f"  {failure.occurrences} × {failure.method} {failure.name}: {failure.error}")
    finally:
        server.terminate()
        server.wait(timeout=60)
    tracebacks = server_log.read_text(errors="replace").count("Traceback")
    print(f"server errors logged: {tracebacks} (in {server_log})")
    counted = shell(env, COUNT.format(first=FIRST_WRITE_DAY))
    # Writes still in flight when the users were stopped may or may not have been stored.
    in_flight = Run.sent - Run.answered
    lost = max(0, Run.answered_201 - counted["writes"])
    phantoms = max(0, counted["writes"] - Run.answered_201 - in_flight)
    print(f"assessment writes answered 201: {Run.answered_201}, stored: {counted['writes']} ", end="")
    print(f"(in flight at the stop: {in_flight}), lost: {lost}, stored although refused: {phantoms}")
    imported_ok = outcome.get("finished") and counted["imported"] == args.rows
    print(
        f"import of {args.rows:,} rows: {'done' if outcome.get('finished') else 'NOT done'} in "
        f"{outcome.get('seconds', 0):.0f} s, {counted['imported']:,} assessments stored (job: {counted['job']})"
    )
    return errors + lost + phantoms + (0 if imported_ok else 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--citizens", type=int, default=300, help="synthetic citizens of the demo")
    parser.add_argument("--min-seconds", type=int, default=60, help="run at least this long")
    parser.add_argument("--max-seconds", type=int, default=400, help="stop after this long, import done or not")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    errors = 0
    with tempfile.TemporaryDirectory() as scratch:
        errors += one_run("SQLite", f"sqlite:///{scratch}/load.sqlite3", args)
    if not args.sqlite_only and postgres_answers():
        errors += one_run(f"PostgreSQL ({PG_NAME})", fresh_postgres(), args)
    print(f"errors {errors}")


if __name__ == "__main__":
    main()
