"""FFB import benchmark: 10.000 generated delivery reports, `sporbar import-ffb` against reading and
parsing the same JSON files with the standard library alone, in one run, on SQLite and (when
reachable) PostgreSQL.

    .venv/bin/python benchmarks/ffb_import.py [--bundles 10000]

The reports are KL's five example reports (data/standards/kl-ffb-reporting/examples) in turn, each
for its own citizen: fresh resource ids and a CPR number of its own, everything else as KL wrote it
(13 to 33 resources, 14-44 kB a report). They are written once to a temporary folder; each backend
runs in its own process (Django configures one database per process): SQLite in a temporary file,
PostgreSQL in `sporbar_bench_ffb` (BENCH_POSTGRES_URL), created if missing. The last line is
`ratio N`: how many times longer the import takes than the baseline, the largest over the backends.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "standards" / "kl-ffb-reporting" / "examples"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/sporbar_bench_ffb")
MUNICIPALITY = "d4e3f4fb-6761-4d6c-9086-74c49231f11e"


def generate(folder: Path, n: int) -> None:
    templates = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.json"))]
    ids = [[e["resource"]["id"] for e in json.loads(t)["entry"]] for t in templates]
    for i in range(n):
        text, own_ids = templates[i % len(templates)], ids[i % len(templates)]
        for old in set(own_ids):
            text = text.replace(old, str(uuid.uuid5(uuid.NAMESPACE_URL, f"{i}/{old}")))
        cpr = f"{i % 28 + 1:02d}{i // 28 % 12 + 1:02d}{60 + i // 336 % 40:02d}{i % 10000:04d}"
        text = text.replace("0101814321", cpr)
        (folder / f"report-{i:05d}.json").write_text(text, encoding="utf-8")


def baseline(folder: Path) -> float:
    start = time.perf_counter()
    for path in sorted(folder.glob("*.json")):
        json.loads(path.read_bytes())
    return time.perf_counter() - start


def run_backend(database_url: str, folder: Path) -> dict:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sporbar.settings.base")
    os.environ.setdefault("DEBUG", "false")  # as in production: no query log
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from fhir.resources.R4B.bundle import Bundle

    from sporbar.accounts.audit import acting_as
    from sporbar.accounts.models import Unit
    from sporbar.ffb import importing
    from sporbar.ffb.models import Concept, InitiativeMapping, MunicipalityMapping
    from sporbar.plans.models import Initiative, Plan, Theme, Track

    call_command("migrate", verbosity=0)
    unit, _ = Unit.objects.get_or_create(code="bench", defaults={"name": "Bench", "kind": Unit.Kind.CENTRE})
    plan, _ = Plan.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    theme, _ = Theme.objects.get_or_create(plan=plan, number=1, defaults={"name": "T"})
    track, _ = Track.objects.get_or_create(theme=theme, number="1.1", defaults={"name": "S"})
    initiative, _ = Initiative.objects.get_or_create(
        key="bench", defaults={"track": track, "title": "Bench", "amount": 1, "owner_unit": unit}
    )
    MunicipalityMapping.objects.get_or_create(identifier=MUNICIPALITY, defaults={"name": "Bench", "unit": unit})
    for code in ("498fe92c-d7f7-41cd-9404-5b38fe113be0", "9401777d-bdc5-4f52-9804-63c8cae9a792"):
        InitiativeMapping.objects.get_or_create(
            concept=Concept.objects.get(code=code), defaults={"initiative": initiative, "unit": unit}
        )
    files = sorted(folder.glob("*.json"))
    start = time.perf_counter()
    for path in files:
        Bundle.model_validate(json.loads(path.read_bytes()))
    validate = time.perf_counter() - start
    start = time.perf_counter()
    with acting_as(None, "benchmark"):
        outcome = importing.import_paths([folder])
    ours = time.perf_counter() - start
    assert outcome.rejected == 0, outcome.problems[:3]
    return {"ours": ours, "validate": validate, "bundles": outcome.imported}


def child(args) -> None:
    print(json.dumps(run_backend(args.database_url, Path(args.folder))))


def measure(database_url: str, folder: Path) -> dict | None:
    command = [sys.executable, __file__, "--child", "--database-url", database_url, "--folder", str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def postgres_reachable() -> bool:
    try:
        import psycopg

        base = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(base, autocommit=True, connect_timeout=3) as conn:
            name = POSTGRES_URL.rsplit("/", 1)[1]
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
            else:
                conn.execute(f'DROP DATABASE "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
        return True
    except Exception:  # noqa: BLE001 - any failure means: not reachable
        return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundles", type=int, default=10000)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--database-url")
    parser.add_argument("--folder")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        generate(folder, args.bundles)
        size = sum(p.stat().st_size for p in folder.glob("*.json"))
        print(f"{args.bundles} delivery reports, {size / 1e6:.1f} MB")
        backends = [("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")]
        if postgres_reachable():
            backends.append(("PostgreSQL", POSTGRES_URL))
        ratios = []
        for name, url in backends:
            base = baseline(folder)
            result = measure(url, folder)
            if result is None:
                print(f"{name}: failed")
                continue
            n = result["bundles"]
            print(f"{name}: baseline, stdlib json: {n / base:,.0f} bundles/s ({base:.2f} s)")
            print(f"{name}: fhir.resources validation alone: {n / result['validate']:,.0f} bundles/s")
            print(f"{name}: import-ffb: {n / result['ours']:,.0f} bundles/s ({result['ours']:.1f} s)")
            ratios.append(result["ours"] / base)
            print(f"{name}: ratio import / baseline {ratios[-1]:.1f}")
        print(f"ratio {max(ratios):.1f}")


if __name__ == "__main__":
    main()
