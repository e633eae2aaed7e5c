"""Search benchmark: 10,000 generated Danish-like documents, our full-text search against a
plain substring scan (`icontains`) over the same text, in one run, on SQLite and (when
reachable) PostgreSQL.

    .venv/bin/python benchmarks/search.py [--docs 10000] [--repeat 5]

Each backend runs in its own process (Django configures one database per process): SQLite in
a temporary file, PostgreSQL in the database `sporbar_bench_search` (BENCH_POSTGRES_URL,
default postgres://postgres@127.0.0.1:5432/sporbar_bench_search), created if missing.
The last line is `ratio N`: how many times faster our search is than the substring scan,
the smallest over the backends measured.
"""

import argparse
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/sporbar_bench_search")
QUERIES = [
    "hjemløse",
    "Psykiatriens Hus",
    "beskæftigelse",
    "borgere",
    "evaluering af indsatsen",
    "socialøkonomisk investering",
    "misbrug",
    "udsatte unge",
    "bostøtte",
    "rådmandsmøde",
]
FALLBACK_WORDS = (
    "borger borgere indsats indsatser hjemløshed hjemløse psykiatri bolig bostøtte beskæftigelse job "
    "evaluering effekt mål målgruppe center tilbud rådmand udvalg beslutning indstilling høring plan "
    "social investering misbrug unge voksne netværk læring mestring kommune afdeling"
).split()


def vocabulary() -> tuple[list[str], list[float]]:
    """The seeds' words with Zipf-like weights (most frequent first)."""
    counts: Counter = Counter()
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []:
        counts.update(w for w in re.findall(r"[a-zæøåA-ZÆØÅ]{2,}", path.read_text(errors="ignore")))
    words = [w for w, _ in counts.most_common(20000)] or FALLBACK_WORDS
    return words, [1.0 / (rank + 1) for rank in range(len(words))]


def generate(n: int, seed: int = 7):
    rng = random.Random(seed)
    words, weights = vocabulary()
    cum = list(itertools.accumulate(weights))

    def pick(k):
        return " ".join(rng.choices(words, cum_weights=cum, k=k)).capitalize()

    for i in range(n):
        title = pick(rng.randint(3, 8))
        sentences = [pick(rng.randint(6, 16)) + "." for _ in range(rng.randint(8, 25))]
        yield i, title, " ".join(sentences)


def run_backend(database_url: str, n: int, repeat: int) -> dict:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sporbar.settings.base")
    os.environ.setdefault("DEBUG", "false")  # as in production: no query log
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Q

    from sporbar.accounts.models import Unit, User
    from sporbar.documents.models import Document
    from sporbar.documents.search import clear_index, search
    from sporbar.documents.search_sources import build_document, bulk_index

    call_command("migrate", verbosity=0, skip_checks=True)
    with transaction.atomic():
        clear_index()
        Document.objects.all().delete()
        unit, _ = Unit.objects.get_or_create(code="bench", defaults={"name": "Bench", "kind": Unit.Kind.CENTRE})
        user, _ = User.objects.get_or_create(username="bench-worker", defaults={"role": User.Role.WORKER})
        user.units.set([unit])

        started = time.perf_counter()
        Document.objects.bulk_create(
            [
                Document(kind=Document.Kind.OTHER, title=title, filename=f"doc{i}.txt", sha256=f"{i:064d}", text=text)
                for i, title, text in generate(n)
            ],
            batch_size=1000,
        )
        generated = time.perf_counter() - started
        started = time.perf_counter()
        documents = Document.objects.all().iterator(chunk_size=1000)
        bulk_index(("document", d.pk, data) for d in documents for _, data in build_document(d).items())
        indexed = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE documents_searchentry")

    def substring_scan(query):
        q = Q()
        for word in query.split():
            q &= Q(title__icontains=word) | Q(text__icontains=word)
        return list(Document.objects.filter(q).order_by("-imported_at").values_list("pk", "title")[:50])

    def timed(fn):
        fn()  # warm up
        started = time.perf_counter()
        for _ in range(repeat):
            fn()
        return (time.perf_counter() - started) / repeat * 1000

    per_query = []
    for query in QUERIES:
        per_query.append(
            {
                "query": query,
                "hits": len(search(user, query)),
                "search_ms": timed(lambda q=query: search(user, q)),
                "scan_ms": timed(lambda q=query: substring_scan(q)),
            }
        )
    search_ms = sum(r["search_ms"] for r in per_query) / len(per_query)
    scan_ms = sum(r["scan_ms"] for r in per_query) / len(per_query)
    return {
        "vendor": connection.vendor,
        "docs": n,
        "generate_s": generated,
        "index_s": indexed,
        "queries": per_query,
        "search_ms": search_ms,
        "scan_ms": scan_ms,
        "ratio": scan_ms / search_ms,
    }


def postgres_reachable() -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    admin_url = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
    name = POSTGRES_URL.rsplit("/", 1)[1]
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        return True
    except psycopg.Error:
        return False


def report(result: dict) -> None:
    print(
        f"== {result['vendor']}: {result['docs']} documents "
        f"(generated in {result['generate_s']:.1f} s, indexed in {result['index_s']:.1f} s)"
    )
    print(f"{'query':32} {'hits':>5} {'search ms':>10} {'scan ms':>10}")
    for r in result["queries"]:
        print(f"{r['query']:32} {r['hits']:>5} {r['search_ms']:>10.1f} {r['scan_ms']:>10.1f}")
    print(
        f"average: search {result['search_ms']:.1f} ms, substring scan {result['scan_ms']:.1f} ms, "
        f"ratio {result['ratio']:.1f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.backend:  # child process: measure one database, print JSON
        print(json.dumps(run_backend(args.backend, args.docs, args.repeat), default=str))
        return

    with tempfile.TemporaryDirectory() as tmp:
        urls = [f"sqlite:///{tmp}/bench.sqlite3"]
        if postgres_reachable():
            urls.append(POSTGRES_URL)
        else:
            print("PostgreSQL is not reachable: measured SQLite only.")
        ratios = []
        for url in urls:
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            out = subprocess.run(
                [sys.executable, __file__, "--backend", url, "--docs", str(args.docs), "--repeat", str(args.repeat)],
                capture_output=True,
                text=True,
                env=env,
                cwd=ROOT,
                check=False,
            )
            if out.returncode != 0:
                print(out.stderr, file=sys.stderr)
                sys.exit(f"benchmark failed on {url}")
            result = json.loads(out.stdout.strip().splitlines()[-1])
            report(result)
            ratios.append(result["ratio"])
    print(f"ratio {min(ratios):.1f}")


if __name__ == "__main__":
    main()
