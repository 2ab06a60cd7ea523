"""API latency against a plain .values() baseline, in one process (a script, not a test).

    .venv/bin/python bench/api_latency.py                      # 10,000 papers, temporary SQLite
    .venv/bin/python bench/api_latency.py --papers 50000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/api_latency.py
                                                               # PostgreSQL: database test_<name>

For each case it times --runs requests through Django's test client (full middleware stack,
serializers, renderer, ETag) after a warm-up, and the cheapest query that fetches the same
100 rows as dicts with .values(): the difference is what the API layer costs per page.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE = 100


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--people", type=int, help="default: papers / 25")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.people = args.people or max(100, args.papers // 25)
    return args


def set_up(workdir: Path) -> str:
    """A fresh migrated database (temporary SQLite file, or test_<name> on PostgreSQL)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "1"  # development static storage and key; switched off below
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["API_ENABLED"] = "1"
    os.environ["API_THROTTLE_ANON"] = "1000000/min"
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(workdir / "api-bench.sqlite3")

    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False

    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0)
    else:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return connection.vendor


class QueryCounter:
    """A database execute wrapper that counts the statements of one request."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(function, runs: int) -> tuple[float, float, float]:
    """Median and 95th percentile wall-clock ms, and median CPU ms of this process.

    CPU time is the steadier figure on a busy machine: it leaves out time spent waiting
    for a core (the database is in-process for SQLite, so its work is counted too).
    """
    function()  # warm-up
    timings, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    p95 = statistics.quantiles(timings, n=20)[18] if runs > 1 else timings[0]
    return statistics.median(timings), p95, statistics.median(cpu)


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        vendor = set_up(Path(workdir))

        from django.db import connection
        from django.test import Client

        from papers.filters import SORTS
        from papers.generate import generate_data
        from papers.models import Paper
        from people.models import Person

        started = time.perf_counter()
        generate_data(papers=args.papers, people=args.people, seed=args.seed)
        print(
            f"generated {args.papers:,} papers, {args.people:,} people in "
            f"{time.perf_counter() - started:.1f} s ({vendor})",
            file=sys.stderr,
        )
        client = Client()

        def baseline_papers():
            return list(
                Paper.objects.published()
                .order_by(*SORTS["-date"])
                .values("pk", "slug", "title", "date", "doi", "arxiv_id", "venue__name")[:PAGE]
            )

        def baseline_people():
            return list(
                Person.objects.order_by("family_name", "given_name", "full_name", "pk").values(
                    "pk", "slug", "full_name", "role", "orcid"
                )[:PAGE]
            )

        cases = [
            ("papers, 100 per page", f"/api/v1/papers/?page_size={PAGE}", baseline_papers),
            (
                "papers, deep page",
                f"/api/v1/papers/?page_size={PAGE}&page={args.papers // PAGE // 2}",
                None,
            ),
            (
                "papers, search + facets",
                f"/api/v1/papers/?page_size={PAGE}&q=learning&year_min=2015&has_code=true",
                None,
            ),
            ("papers, cursor mode", f"/api/v1/papers/?page_size={PAGE}&paginate=cursor", None),
            ("papers as BibTeX", f"/api/v1/papers/?page_size={PAGE}&format=bibtex", None),
            ("people, 100 per page", f"/api/v1/people/?page_size={PAGE}", baseline_people),
        ]
        print(
            f"| case ({vendor}, {args.papers:,} papers) | API median ms | p95 ms | CPU ms "
            "| queries | .values() median / CPU ms | API / baseline (CPU) |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, url, baseline in cases:
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            median, p95, cpu = timed(lambda url=url: client.get(url), args.runs)
            base, _, base_cpu = timed(baseline, args.runs) if baseline else (None, None, None)
            base_text = f"{base:.1f} / {base_cpu:.1f}" if baseline else ""
            ratio = f"{cpu / base_cpu:.0f}×" if baseline and base_cpu else ""
            print(
                f"| {name} | {median:.1f} | {p95:.1f} | {cpu:.1f} | {counter.count} "
                f"| {base_text} | {ratio} |"
            )
        if vendor != "sqlite":
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
