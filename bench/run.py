"""Benchmark Labsite at scale and print a Markdown table of the numbers (a script, not a test).

    .venv/bin/python bench/run.py                 # 10,000 papers on a temporary SQLite file
    .venv/bin/python bench/run.py --large         # 50,000 papers
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/labsite_bench .venv/bin/python bench/run.py
                                                  # PostgreSQL: runs in a new database test_<name>

It generates data with generate_data, times pages and the API list through Django's test
client (median and 95th percentile of --runs requests, after one warm-up, with the SQL query
count of one request), imports --bibtex generated BibTeX entries with import_papers (bare
parse, import, re-import), and reports the peak memory of the process.
"""

import argparse
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@dataclass
class Row:
    name: str
    median_ms: float | None = None
    p95_ms: float | None = None
    cpu_ms: float | None = None  # this process's CPU time (median for pages)
    queries: int | None = None
    note: str = ""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--large", action="store_true", help="50,000 papers")
    parser.add_argument("--people", type=int, help="default: papers / 25")
    parser.add_argument("--person-papers", type=int, default=1000, help="the PI's paper count")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument(
        "--budget", type=float, default=60, help="seconds per page before fewer runs are kept"
    )
    parser.add_argument("--bibtex", type=int, default=10_000, help="BibTeX entries to import")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.large:
        args.papers = 50_000
    args.people = args.people or max(100, args.papers // 25)
    args.person_papers = min(args.person_papers, args.papers)
    return args


def configure(workdir: Path) -> None:
    """Settings for a throw-away database; must run before Django is set up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # DEBUG=1 only selects development static-file storage and the key; it is switched off
    # after set-up so that templates and the database cursor run as in production.
    os.environ["DEBUG"] = "1"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["API_THROTTLE_ANON"] = "1000000/min"
    os.environ["API_THROTTLE_USER"] = "1000000/min"
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(workdir / "bench.sqlite3")

    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False


def create_database() -> str:
    """Migrate a fresh database: the temporary SQLite file, or test_<name> on PostgreSQL."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0)
    else:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def time_page(client, url: str, runs: int, budget: float) -> Row:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    progress(f"GET {url}")
    response = client.get(url)  # warm-up: imports, template loading, database caches
    if response.status_code == 404:
        return Row(url, note="404, skipped")
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)  # now: the next request resets the log this counts from
    timings: list[float] = []
    cpu_timings: list[float] = []
    deadline = time.perf_counter() + budget
    while len(timings) < runs and (len(timings) < 3 or time.perf_counter() < deadline):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu_timings.append((time.process_time() - cpu_started) * 1000)
    note = "" if response.status_code == 200 else f"status {response.status_code}"
    if len(timings) < runs:  # a slow page stops at its time budget rather than stall the run
        note = f"{note} {len(timings)} runs (time budget)".strip()
    p95 = statistics.quantiles(timings, n=20)[18] if len(timings) > 1 else timings[0]
    return Row(url, statistics.median(timings), p95, statistics.median(cpu_timings), queries, note)


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def time_once(name: str, function, note: str = "") -> tuple[Row, object]:
    progress(name)
    started, cpu_started = time.perf_counter(), time.process_time()
    result = function()
    elapsed = (time.perf_counter() - started) * 1000
    cpu = (time.process_time() - cpu_started) * 1000
    return Row(name, elapsed, cpu_ms=cpu, note=note), result


def peak_memory_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="labsite-bench-") as workdir:
        configure(Path(workdir))
        rows, database = run(args, Path(workdir))
    print_table(args, rows, database)


def run(args: argparse.Namespace, workdir: Path) -> tuple[list[Row], str]:
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from papers.generate import generate_data, synthetic_bibtex
    from papers.models import Paper
    from papers.parsers.bibtex import parse as parse_bibtex
    from people.models import Person

    database = create_database()
    rows: list[Row] = []
    try:
        row, counts = time_once(
            f"generate_data --papers {args.papers:,} --people {args.people:,}",
            lambda: generate_data(
                papers=args.papers,
                people=args.people,
                seed=args.seed,
                person_papers=args.person_papers,
            ),
        )
        row.note = f"{counts.authorships:,} authorships"
        rows.append(row)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would soon give

        pi = Person.objects.filter(role=Person.Role.PI).order_by("pk").first()
        big_paper = (
            Paper.objects.published()
            .annotate(authors=Count("authorships"))
            .order_by("-authors", "pk")
            .first()
        )
        client = Client()
        pages = [
            ("/", "home"),
            ("/people/", "people"),
            (pi.get_absolute_url(), f"profile, {args.person_papers:,} papers"),
            ("/papers/", "papers"),
            ("/papers/?q=attention", "search"),
            ("/papers/?q=causal+graphs&subject=cs.LG&year_min=2015&has_code=true", "search+facets"),
            ("/papers/?sort=-citations&page=50", "sorted, page 50"),
            (big_paper.get_absolute_url(), f"paper, {big_paper.authors} authors"),
            ("/api/v1/papers/?page_size=100", "API, 100 papers"),
            ("/feeds/papers/", "feed"),
        ]
        for url, label in pages:
            row = time_page(client, url, args.runs, args.budget)
            row.name = f"`{url}` ({label})" if len(url) < 60 else f"`{url[:57]}…` ({label})"
            rows.append(row)

        if args.bibtex:
            text = synthetic_bibtex(count=args.bibtex, seed=args.seed + 1000)
            path = workdir / "bench.bib"
            path.write_text(text, encoding="utf-8")
            row, result = time_once(
                f"parse {args.bibtex:,} BibTeX entries", lambda: parse_bibtex(text)
            )
            row.note = f"{len(result.papers):,} parsed, {len(result.skipped)} skipped"
            rows.append(row)
            for label in ("import", "re-import"):
                out = StringIO()
                row, _ = time_once(
                    f"{label} {args.bibtex:,} BibTeX entries (import_papers)",
                    lambda out=out: call_command(
                        "import_papers", str(path), format="bibtex", stdout=out, stderr=StringIO()
                    ),
                )
                row.note = out.getvalue().splitlines()[0] if out.getvalue() else ""
                rows.append(row)
        rows.append(Row("peak memory (RSS)", note=f"{peak_memory_mb():,.0f} MB"))
        rows.append(Row("Django", note=django.get_version()))
    finally:
        if connection.vendor == "postgresql":
            connection.creation.destroy_test_db(
                connection.settings_dict["NAME"].removeprefix("test_"), verbosity=0
            )
    return rows, database


def print_table(args: argparse.Namespace, rows: list[Row], database: str) -> None:
    print(f"Labsite benchmark: {args.papers:,} papers, {args.people:,} people, {database}")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Machine: {machine()}; load average at the end {load}.")
    print(f"{args.runs} timed requests per page after one warm-up.\n")
    print("| measurement | median | p95 | CPU (median) | SQL queries | note |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for row in rows:
        median = _duration(row.median_ms)
        p95 = _duration(row.p95_ms)
        queries = "" if row.queries is None else str(row.queries)
        cpu = _duration(row.cpu_ms)
        print(f"| {row.name} | {median} | {p95} | {cpu} | {queries} | {row.note} |")


def _duration(ms: float | None) -> str:
    if ms is None:
        return ""
    return f"{ms / 1000:.1f} s" if ms >= 10_000 else f"{ms:.1f} ms"


if __name__ == "__main__":
    main()
