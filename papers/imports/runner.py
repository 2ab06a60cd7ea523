"""The import run: normalise -> match -> compare -> sync authors -> write -> report.

`import_result()` takes a parser's ParseResult and writes it in one transaction (or rolls
it back for a preview), returning an ImportReport. Rules (also in the README, "Imports"):

- A paper is matched by DOI, then arXiv id, then folded title + year (a preprint may be a
  year older than its published version); the matched paper gains the identifiers it lacks.
- Field values as last imported are kept in Paper.import_snapshot. On a later import a
  field is written only when the paper's current value still equals the snapshot (staff
  did not edit it) or is empty; a value the source leaves empty never erases data.
- Nothing is written when nothing differs, so re-importing a file makes zero writes.
"""

import time
from datetime import date
from typing import TypedDict, Unpack

from django.db import transaction
from django.utils import timezone

from papers.imports.authors import sync_authors
from papers.imports.compare import compare_fields
from papers.imports.indexes import PaperIndex, PersonIndex
from papers.imports.matching import AuthorLinker, PaperMatcher
from papers.imports.owner import resolve_owner
from papers.imports.plan import Lookups, Plan, normalise, scrub
from papers.imports.report import EntryReport, ImportReport, ProgressCallback
from papers.imports.write import create_new, load_existing, save_existing
from papers.models import ImportRun
from papers.parsers.detect import decode, parse_text
from papers.parsers.records import ParseResult
from papers.search import refresh_search_text
from people.models import Person

PROGRESS_EVERY = 500


class ImportOptions(TypedDict, total=False):
    """How an import runs: onto whose profile, by whom, as a dry run, on which day."""

    person: Person | None
    dry_run: bool
    user: object
    today: date | None
    progress: ProgressCallback | None


class ImportRunner:
    """One run of the pipeline over one ParseResult; each step lives in its own module."""

    def __init__(
        self, result: ParseResult, *, source: str, **options: Unpack[ImportOptions]
    ) -> None:
        self.result = result
        self.person = options.get("person")
        self.user = options.get("user")
        self.today = options.get("today") or timezone.localdate()
        self.progress = options.get("progress")
        self.report = ImportReport(
            source=source, format=result.format, dry_run=options.get("dry_run", False)
        )
        self.written: set[int] = set()

    def run(self) -> ImportReport:
        started = time.perf_counter()
        scrub(self.result.papers)
        scrub(self.result.profile)
        # Indexes and lookups, built once (a fixed number of queries).
        self.papers = PaperIndex.load()
        self.people = PersonIndex.load()
        self.lookups = Lookups(self.result)
        owner = resolve_owner(
            self.result.profile,
            person=self.person,
            people=self.people,
            subjects=self.lookups.subjects,
            report=self.report,
            today=self.today,
        )
        self.linker = AuthorLinker(self.people, owner, self.report.ambiguous)
        self.report_parser_notes()
        plans = self.plan_all()
        load_existing(plans)
        new_plans = [plan for plan in plans if plan.paper is None]
        existing = [plan for plan in plans if plan.paper is not None]
        for number, plan in enumerate(existing, start=1):
            self.apply_existing(plan)
            if self.progress and number % PROGRESS_EVERY == 0:
                self.progress(f"compared {number}/{len(existing)} papers already here")
        if self.progress and len(new_plans) >= PROGRESS_EVERY:
            self.progress(f"writing {len(new_plans)} new papers")
        self.written.update(create_new(new_plans, linker=self.linker, user=self.user))
        if self.written:
            refresh_search_text(sorted(self.written))
        self.report.seconds = time.perf_counter() - started
        return self.report

    def report_parser_notes(self) -> None:
        for skipped in self.result.skipped:
            self.report.entries.append(
                EntryReport("skipped", line=skipped.line, key=skipped.key, reason=skipped.reason)
            )
        for warning in self.result.warnings:
            where = f"line {warning.line}: " if warning.line else ""
            self.report.warnings.append(f"{where}{warning.reason}")

    def plan_all(self) -> list[Plan]:
        """Normalise and match every record, in order; the plans of papers to write."""
        plans: list[Plan] = []
        matcher = PaperMatcher(self.papers, self.report.warnings)
        total = len(self.result.papers)
        for number, parsed in enumerate(self.result.papers, start=1):
            if self.progress and number % PROGRESS_EVERY == 0:
                self.progress(f"read {number}/{total} entries")
            entry = EntryReport(
                "new", title=parsed.title, line=parsed.source_line, key=parsed.source_key
            )
            self.report.entries.append(entry)
            plan = normalise(parsed, entry, lookups=self.lookups, warnings=self.report.warnings)
            if plan is not None and matcher.place(plan):
                plans.append(plan)
        return plans

    def apply_existing(self, plan: Plan) -> None:
        """Compare a paper already here with the source, sync its authors, save and report."""
        paper, entry = plan.paper, plan.entry
        entry.paper_id = paper.pk
        entry.action = "unchanged"
        comparison = compare_fields(plan, self.lookups.venue_kinds)
        authors_changed = sync_authors(plan, comparison, linker=self.linker)
        changes = comparison.changes
        gained = [name for name in ("doi", "arxiv_id") if name in changes and not changes[name][0]]
        if gained and entry.matched_by:
            entry.action = "merged"
        written = bool(changes) or authors_changed
        if written:
            if entry.action != "merged":
                entry.action = "updated"
            entry.changes = changes
            self.written.add(paper.pk)
        save_existing(plan, comparison, written=written)
        entry.kept = comparison.kept


def import_result(
    result: ParseResult,
    *,
    source: str,
    store_run: bool = True,
    **options: Unpack[ImportOptions],
) -> ImportReport:
    """Write a parse result in one transaction (rolled back when dry_run) and report.

    A committed run is stored as an ImportRun (unless store_run is False); a dry run
    writes nothing at all.
    """
    runner = ImportRunner(result, source=source, **options)
    dry_run, user = options.get("dry_run", False), options.get("user")
    with transaction.atomic():
        report = runner.run()
        if dry_run:
            transaction.set_rollback(True)
        elif store_run and report.changed:
            run = ImportRun.objects.create(
                user=user if getattr(user, "pk", None) else None,
                source=source[: ImportRun._meta.get_field("source").max_length],
                format=report.format[: ImportRun._meta.get_field("format").max_length],
                status=ImportRun.Status.COMMITTED,
                counts=report.counts,
                report=report.as_json(),
            )
            report.run_id = run.pk
    return report


def papers_import(
    *, data: bytes | str, source: str, format_name: str = "", **options: Unpack[ImportOptions]
) -> ImportReport:
    """Decode, parse (detecting the format unless given) and import a file in one transaction.

    Raises ImporterError, having written nothing, when the input cannot be read at all.
    """
    text = decode(data)
    result = parse_text(text, format_name=format_name, filename=source)
    return import_result(result, source=source, **options)
