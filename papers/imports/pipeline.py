"""The import pipeline shared by every format: normalise -> match -> plan -> commit.

`import_result()` takes a parser's ParseResult and writes it in one transaction (or rolls
it back for a preview), returning an ImportReport. Rules (also in the README, "Imports"):

- A paper is matched by DOI, then arXiv id, then folded title + year (a preprint may be a
  year older than its published version); the matched paper gains the identifiers it lacks.
- Field values as last imported are kept in Paper.import_snapshot. On a later import a
  field is written only when the paper's current value still equals the snapshot (staff
  did not edit it) or is empty; a value the source leaves empty never erases data.
- Nothing is written when nothing differs, so re-importing a file makes zero writes.
"""

import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from config.text import fold, unique_slug
from papers.imports.matching import (
    PaperIndex,
    PaperMatch,
    PaperRef,
    PersonIndex,
)
from papers.models import Authorship, ImportRun, Paper, Subject, Venue
from papers.parsers.keys import names_fit, title_key
from papers.parsers.records import ImporterError, ParsedPaper, ParseResult
from papers.search import refresh_search_text
from papers.validators import is_valid_arxiv_id, is_valid_doi, normalize_arxiv_id, normalize_doi
from people.models import Institution, Person, ReportedMetric

PROGRESS_EVERY = 500
LINK_FIELDS = {
    "pdf": "pdf_url",
    "code": "code_url",
    "project": "project_url",
    "slides": "slides_url",
    "video": "video_url",
    "data": "data_url",
}
# Scalar fields an import may set, with the longest value the column holds.
TEXT_LIMITS = {
    "title": 1000,
    "volume": 32,
    "issue": 32,
    "pages": 32,
    "publisher": 255,
    "bibtex_key": 255,
    "doi": 255,
    "arxiv_id": 32,
    **dict.fromkeys(LINK_FIELDS.values(), 500),
}
SCALAR_FIELDS = [
    "title", "abstract", "date", "date_precision", "kind", "venue_id", "volume", "issue",
    "pages", "publisher", "doi", "arxiv_id", "primary_subject_id", *LINK_FIELDS.values(),
    "has_code", "awards", "is_featured", "bibtex_key", "note", "citation_count",
]  # fmt: skip
M2M_FIELDS = {"subjects": "subject_id", "institutions": "institution_id"}


# Report -------------------------------------------------------------------------------


@dataclass
class EntryReport:
    action: str  # new, updated, unchanged, merged, duplicate or skipped
    title: str = ""
    line: int | None = None
    key: str = ""
    paper_id: int | None = None
    matched_by: str = ""
    reason: str = ""
    changes: dict[str, list] = field(default_factory=dict)  # field -> [old, new]
    kept: list[str] = field(default_factory=list)  # fields left as staff edited them

    @property
    def where(self) -> str:
        if self.line:
            return f"line {self.line}"
        return f"key {self.key}" if self.key else ""


@dataclass
class AmbiguousAuthor:
    name: str
    paper: str
    line: int | None
    candidates: list[str]


@dataclass
class ImportReport:
    source: str
    format: str
    dry_run: bool
    person: str = ""
    person_created: bool = False
    person_updated: bool = False
    entries: list[EntryReport] = field(default_factory=list)
    ambiguous: list[AmbiguousAuthor] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)  # reported figures created or changed
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    run_id: int | None = None

    ACTIONS = ("new", "updated", "unchanged", "merged", "duplicate", "skipped")

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(self.ACTIONS, 0)
        for entry in self.entries:
            counts[entry.action] += 1
        return counts

    @property
    def changed(self) -> bool:
        """Whether the run wrote anything (a committed run is stored only then)."""
        counts = self.counts
        return bool(
            counts["new"]
            or counts["updated"]
            or counts["merged"]
            or self.metrics
            or self.person_created
            or self.person_updated
        )

    def entries_with(self, action: str) -> list[EntryReport]:
        return [entry for entry in self.entries if entry.action == action]

    def as_json(self) -> dict:
        return {
            "source": self.source,
            "format": self.format,
            "dry_run": self.dry_run,
            "person": self.person,
            "person_created": self.person_created,
            "counts": self.counts,
            "entries": [asdict(entry) for entry in self.entries if entry.action != "unchanged"],
            "ambiguous": [asdict(item) for item in self.ambiguous],
            "metrics": self.metrics,
            "warnings": self.warnings,
            "seconds": round(self.seconds, 3),
        }

    def as_text(self) -> str:
        counts = self.counts
        lines = [
            f"{'Preview of ' if self.dry_run else ''}{self.source} ({self.format}): "
            + ", ".join(f"{counts[action]} {action}" for action in self.ACTIONS)
            + f" in {self.seconds:.2f}s."
        ]
        if self.person:
            lines.append(f"Person: {self.person}{' (new)' if self.person_created else ''}.")
        lines += [f"Reported figure: {text}" for text in self.metrics]
        for entry in self.entries:
            where = f"{entry.where}: " if entry.where else ""
            if entry.action == "skipped":
                lines.append(f"Skipped {where}{entry.reason}")
            elif entry.action in {"updated", "merged"}:
                fields = ", ".join(entry.changes) or "authors"
                lines.append(f"{entry.action.capitalize()} {where}{entry.title[:70]} ({fields})")
            elif entry.action == "duplicate":
                lines.append(f"Duplicate {where}{entry.title[:70]} ({entry.reason})")
            if entry.kept:
                lines.append(f"  kept staff edits of {', '.join(entry.kept)}: {entry.title[:60]}")
        for item in self.ambiguous:
            where = f"line {item.line}, " if item.line else ""
            lines.append(
                f"Ambiguous author {item.name!r} ({where}{item.paper[:50]}): "
                f"fits {', '.join(item.candidates)}; not linked."
            )
        lines += [f"Warning: {text}" for text in self.warnings]
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        return "\n".join(lines)


# Planning -----------------------------------------------------------------------------


@dataclass
class AuthorPlan:
    name: str
    person_id: int | None = None
    equal_contribution: bool = False
    corresponding: bool = False


@dataclass
class Plan:
    """One paper to create or to compare with an existing row."""

    entry: EntryReport
    values: dict  # field -> value, only what the source gives
    m2m: dict[str, list[int]]
    authors: list[AuthorPlan] | None  # None when the source gives no author list
    authors_complete: bool
    parsed: ParsedPaper
    ref: PaperRef | None = None
    paper: Paper | None = None  # the existing row, loaded in bulk


# Control characters (no database or XML feed takes NUL; the others break feeds) and lone
# surrogates (JSON sources can hold them; no UTF-8 database can) never reach a row.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _scrub(value):
    """The value with every string in it (dataclasses, lists, dicts) made storable."""
    if isinstance(value, str):
        return UNSTORABLE.sub("", value)
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    if isinstance(value, dict):
        return {_scrub(key): _scrub(item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            setattr(value, item.name, _scrub(getattr(value, item.name)))
    return value


def _is_empty(value) -> bool:
    return value in ("", None, [], {}, False)


def _json_value(value):
    return value.isoformat() if isinstance(value, date) else value


ProgressCallback = Callable[[str], None]  # told what a long run is doing


class ImportRunner:
    """One run of the pipeline over one ParseResult."""

    def __init__(
        self,
        result: ParseResult,
        *,
        source: str,
        person: Person | None,
        dry_run: bool,
        user=None,
        today: date | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.result = result
        self.person = person
        self.user = user
        self.today = today or timezone.localdate()
        self.progress = progress
        self.report = ImportReport(source=source, format=result.format, dry_run=dry_run)
        self.written: set[int] = set()

    # -- indexes, built once (a fixed number of queries) --

    def load_indexes(self) -> None:
        self.papers = PaperIndex.load()
        self.people = PersonIndex.load()
        # Tags are found by short name first, then by full name (one query).
        self.institutions: dict[str, Institution] = {}
        by_name: dict[str, Institution] = {}
        for institution in Institution.objects.all():
            if institution.short_name:
                self.institutions.setdefault(fold(institution.short_name), institution)
            by_name.setdefault(fold(institution.name), institution)
        for key, institution in by_name.items():
            self.institutions.setdefault(key, institution)
        self.venues: dict[str, Venue] = {}
        self.venue_kinds: dict[int, str] = {}
        for venue in Venue.objects.all():
            self.venue_kinds[venue.pk] = venue.kind
            for name in (venue.name, venue.short_name):
                if name:
                    self.venues.setdefault(fold(name), venue)
        labels = {code for paper in self.result.papers for code in paper.subject_codes}
        if self.result.profile and self.result.profile.primary_subject:
            labels.add(self.result.profile.primary_subject)
        self.subjects: dict[str, Subject] = Subject.objects.resolve_map(labels)

    # -- the run --

    def run(self) -> ImportReport:
        started = time.perf_counter()
        _scrub(self.result.papers)
        _scrub(self.result.profile)
        self.load_indexes()
        self.owner = self.resolve_owner()
        for skipped in self.result.skipped:
            self.report.entries.append(
                EntryReport("skipped", line=skipped.line, key=skipped.key, reason=skipped.reason)
            )
        for warning in self.result.warnings:
            where = f"line {warning.line}: " if warning.line else ""
            self.report.warnings.append(f"{where}{warning.reason}")
        plans = self.plan_all()
        self.load_existing(plans)
        new_plans = [plan for plan in plans if plan.paper is None]
        existing = [plan for plan in plans if plan.paper is not None]
        for number, plan in enumerate(existing, start=1):
            self.apply_existing(plan)
            if self.progress and number % PROGRESS_EVERY == 0:
                self.progress(f"compared {number}/{len(existing)} papers already here")
        if self.progress and len(new_plans) >= PROGRESS_EVERY:
            self.progress(f"writing {len(new_plans)} new papers")
        self.create_new(new_plans)
        if self.written:
            refresh_search_text(sorted(self.written))
        self.report.seconds = time.perf_counter() - started
        return self.report

    # -- the profile's person and reported figures --

    def resolve_owner(self) -> Person | None:
        profile = self.result.profile
        owner = self.person
        if owner is None and profile is not None:
            match = self.people.match_name(profile.full_name)
            if match.ambiguous:
                names = ", ".join(self.people.names[pk] for pk in match.ambiguous)
                raise ImporterError(
                    f"The profile's name {profile.full_name!r} fits several people ({names}); "
                    "choose the person."
                )
            if match.person_id is not None:
                owner = Person.objects.get(pk=match.person_id)
        if profile is not None:
            subject = self.subjects.get(profile.primary_subject)
            if profile.primary_subject and subject is None:
                self.report.warnings.append(f"unknown subject {profile.primary_subject!r}")
            if owner is None:
                owner = Person.objects.create(full_name=profile.full_name, primary_subject=subject)
                self.people.add(owner.pk, owner.full_name)
                self.report.person_created = True
            elif subject is not None and owner.primary_subject_id is None:
                owner.primary_subject = subject
                owner.save()
                self.report.person_updated = True
            self.save_metrics(owner)
        if owner is not None:
            self.report.person = owner.full_name
            if owner.pk not in self.people.names:
                self.people.add(owner.pk, owner.full_name, owner.name_variants, owner.orcid)
        return owner

    def save_metrics(self, owner: Person) -> None:
        profile = self.result.profile
        source = self.report.source
        existing = {m.name: m for m in ReportedMetric.objects.filter(person=owner, source=source)}
        for position, metric in enumerate(profile.metrics):
            value = Decimal(str(metric.value)).quantize(Decimal("0.01"))
            row = existing.get(metric.name)
            if row is None:
                ReportedMetric.objects.create(
                    person=owner,
                    name=metric.name,
                    value=value,
                    unit=metric.unit,
                    source=source,
                    as_of=self.today,
                    position=position,
                )
                self.report.metrics.append(f"{metric.name} {value.normalize():f}{metric.unit}")
            elif (row.value, row.unit, row.position) != (value, metric.unit, position):
                row.value, row.unit, row.position, row.as_of = (
                    value,
                    metric.unit,
                    position,
                    self.today,
                )
                row.save()
                self.report.metrics.append(
                    f"{metric.name} {value.normalize():f}{metric.unit} (changed)"
                )

    # -- normalise and match --

    def plan_all(self) -> list[Plan]:
        plans: list[Plan] = []
        by_pk: dict[int, Plan] = {}
        total = len(self.result.papers)
        for number, parsed in enumerate(self.result.papers, start=1):
            if self.progress and number % PROGRESS_EVERY == 0:
                self.progress(f"read {number}/{total} entries")
            entry = EntryReport(
                "new", title=parsed.title, line=parsed.source_line, key=parsed.source_key
            )
            self.report.entries.append(entry)
            plan = self.normalise(parsed, entry)
            if plan is None:
                continue
            doi, arxiv_id = plan.values.get("doi", ""), plan.values.get("arxiv_id", "")
            match: PaperMatch = self.papers.match(
                doi=doi,
                arxiv_id=arxiv_id,
                key=title_key(plan.values["title"]),
                year=plan.values["date"].year if plan.values.get("date") else None,
                preprint=bool(arxiv_id and not doi) or parsed.kind == "preprint",
            )
            if match.ambiguous:
                entry.action = "skipped"
                entry.reason = "its title and year fit several papers: " + ", ".join(
                    f"#{ref.pk}" if ref.pk else "an earlier entry" for ref in match.ambiguous
                )
                continue
            ref = match.ref
            self.drop_taken_identifiers(plan, ref)
            doi, arxiv_id = plan.values.get("doi", ""), plan.values.get("arxiv_id", "")
            if ref is not None:
                earlier = ref.ref if ref.pk is None else by_pk.get(ref.pk)
                if earlier is not None:
                    self.fold_into(earlier, plan, match.by)
                    continue
                self.papers.update(ref, doi=doi, arxiv_id=arxiv_id)
                by_pk[ref.pk] = plan
            else:
                year = plan.values["date"].year if plan.values.get("date") else None
                ref = PaperRef(None, doi, arxiv_id, title_key(plan.values["title"]), year, plan)
                self.papers.add(ref)
            plan.ref = ref
            entry.matched_by = match.by
            plans.append(plan)
        return plans

    def drop_taken_identifiers(self, plan: Plan, ref: PaperRef | None) -> None:
        """An identifier already held by another paper stays there (it is unique)."""
        for name, index in (("doi", self.papers.by_doi), ("arxiv_id", self.papers.by_arxiv)):
            value = plan.values.get(name)
            if value and value in index and index[value] is not ref:
                del plan.values[name]
                self.report.warnings.append(
                    f"{plan.entry.where or plan.values['title'][:40]}: {name} {value} "
                    "belongs to another paper; not copied"
                )

    def fold_into(self, earlier: Plan, plan: Plan, by: str) -> None:
        """A second entry for a paper already planned in this run: one paper, both ids.

        The first entry's values win; the second fills what the first left empty.
        """
        gained = [
            name
            for name in ("doi", "arxiv_id")
            if plan.values.get(name) and not earlier.values.get(name)
        ]
        for name, value in plan.values.items():
            earlier.values.setdefault(name, value)
        for name, ids in plan.m2m.items():
            earlier.m2m.setdefault(name, ids)
        if earlier.authors is None and plan.authors is not None:
            earlier.authors, earlier.authors_complete = plan.authors, plan.authors_complete
        self.papers.update(
            earlier.ref,
            doi=earlier.values.get("doi", ""),
            arxiv_id=earlier.values.get("arxiv_id", ""),
        )
        where = earlier.entry.where or "an earlier entry"
        plan.entry.action = "merged" if gained else "duplicate"
        plan.entry.matched_by = by
        plan.entry.reason = f"same paper as {where} (matched by {by or 'identity'})"
        if gained:
            plan.entry.changes = {name: ["", plan.values[name]] for name in gained}

    def normalise(self, parsed: ParsedPaper, entry: EntryReport) -> Plan | None:
        title = " ".join((parsed.title or "").split())
        if not title:
            entry.action, entry.reason = "skipped", "no title"
            return None
        values: dict = {"title": title}
        for name in ("abstract", "volume", "issue", "pages", "publisher", "bibtex_key", "note"):
            value = (getattr(parsed, name) or "").strip()
            if value:
                values[name] = value
        if parsed.date:
            values["date"] = parsed.date
            precision = parsed.date_precision
            values["date_precision"] = (
                precision if precision in Paper.DatePrecision.values else Paper.DatePrecision.DAY
            )
        if parsed.kind in Paper.Kind.values:
            values["kind"] = parsed.kind
        if parsed.doi:
            if is_valid_doi(parsed.doi):
                values["doi"] = normalize_doi(parsed.doi)
            else:
                self.report.warnings.append(
                    f"{entry.where or title[:40]}: invalid DOI {parsed.doi!r} ignored"
                )
        if parsed.arxiv_id:
            if is_valid_arxiv_id(parsed.arxiv_id):
                values["arxiv_id"] = normalize_arxiv_id(parsed.arxiv_id)
            else:
                self.report.warnings.append(
                    f"{entry.where or title[:40]}: invalid arXiv id {parsed.arxiv_id!r} ignored"
                )
        for kind, url in (parsed.links or {}).items():
            name = LINK_FIELDS.get(kind)
            url = (url or "").strip()
            if name and url.startswith(("http://", "https://")) and " " not in url:
                values[name] = url
        if parsed.has_code or values.get("code_url"):
            values["has_code"] = True
        if parsed.awards:
            values["awards"] = list(parsed.awards)
        if parsed.featured:
            values["is_featured"] = True
        if parsed.citation_count is not None and 0 <= parsed.citation_count < 2**31:
            values["citation_count"] = parsed.citation_count
        for name, limit in TEXT_LIMITS.items():
            if len(values.get(name, "")) > limit:
                if name == "title":
                    entry.action, entry.reason = "skipped", f"title longer than {limit} characters"
                    return None
                self.report.warnings.append(
                    f"{entry.where or title[:40]}: {name} longer than {limit} characters ignored"
                )
                del values[name]
        subjects = []
        for code in parsed.subject_codes:
            subject = self.subjects.get(code)
            if subject is None:
                self.report.warnings.append(
                    f"{entry.where or title[:40]}: unknown subject {code!r}"
                )
            elif subject.pk not in subjects:
                subjects.append(subject.pk)
        if subjects:
            values["primary_subject_id"] = subjects[0]
        venue = self.venue_for(parsed)
        if venue is not None:
            values["venue_id"] = venue.pk
        m2m: dict[str, list[int]] = {}
        if subjects[1:]:
            m2m["subjects"] = sorted(subjects[1:])
        tags = [self.institution_for(tag).pk for tag in parsed.institution_tags if tag.strip()]
        if tags:
            m2m["institutions"] = sorted(set(tags))
        authors = None
        if parsed.authors:
            authors = [
                AuthorPlan(
                    name=" ".join(author.name.split())[:255],
                    equal_contribution=author.equal_contribution,
                    corresponding=author.corresponding,
                )
                for author in parsed.authors
                if author.name.strip()
            ] or None
        return Plan(entry, values, m2m, authors, parsed.authors_complete, parsed)

    def venue_for(self, parsed: ParsedPaper) -> Venue | None:
        names = [name for name in (parsed.venue_short_name, parsed.venue_name) if name.strip()]
        if not names:
            return None
        for name in names:
            venue = self.venues.get(fold(name))
            if venue is not None:
                return venue
        kind = parsed.venue_kind if parsed.venue_kind in Venue.Kind.values else Venue.Kind.OTHER
        venue = Venue.objects.create(
            name=(parsed.venue_name or parsed.venue_short_name).strip()[:255],
            short_name=parsed.venue_short_name.strip()[:64],
            kind=kind,
        )
        for name in names:
            self.venues[fold(name)] = venue
        self.venue_kinds[venue.pk] = venue.kind
        return venue

    def institution_for(self, tag: str) -> Institution:
        tag = tag.strip()
        institution = self.institutions.get(fold(tag))
        if institution is None:
            institution = Institution.objects.create(name=tag[:255], short_name=tag[:64])
            self.institutions[fold(tag)] = institution
        return institution

    # -- authors --

    def link_authors(self, plan: Plan, authors: list[AuthorPlan], taken: set[int]) -> None:
        """Link unlinked authors to people: the owner first, then anyone who fits one person."""
        owner = self.owner
        if owner is not None and owner.pk not in taken:
            for author in authors:
                if (
                    author.person_id is None
                    and self.people.match_name(author.name, among={owner.pk}).person_id
                ):
                    author.person_id = owner.pk
                    taken.add(owner.pk)
                    break
        orcids = {a.name: a.orcid for a in plan.parsed.authors}
        for author in authors:
            if author.person_id is not None:
                continue
            match = self.people.match(author.name, orcids.get(author.name, ""))
            if match.ambiguous:
                self.report.ambiguous.append(
                    AmbiguousAuthor(
                        name=author.name,
                        paper=plan.values["title"],
                        line=plan.entry.line,
                        candidates=[self.people.names[pk] for pk in match.ambiguous],
                    )
                )
            elif match.person_id is not None and match.person_id not in taken:
                author.person_id = match.person_id
                taken.add(match.person_id)

    # -- existing papers --

    def load_existing(self, plans: list[Plan]) -> None:
        """Fetch the matched papers in chunks, with only the relations the source gives."""
        existing = [plan for plan in plans if plan.ref is not None and plan.ref.pk]
        pks = [plan.ref.pk for plan in existing]
        lookups: list = [
            Prefetch("authorships", queryset=Authorship.objects.order_by("position", "pk"))
        ]
        lookups += [name for name in M2M_FIELDS if any(name in plan.m2m for plan in existing)]
        loaded: dict[int, Paper] = {}
        for start in range(0, len(pks), 1000):
            chunk = Paper.objects.filter(pk__in=pks[start : start + 1000]).order_by()
            loaded.update((paper.pk, paper) for paper in chunk.prefetch_related(*lookups))
        for plan in plans:
            if plan.ref is not None and plan.ref.pk:
                plan.paper = loaded[plan.ref.pk]

    def apply_existing(self, plan: Plan) -> None:
        paper, entry = plan.paper, plan.entry
        entry.paper_id = paper.pk
        entry.action = "unchanged"
        snapshot = dict(paper.import_snapshot or {})
        changes: dict[str, list] = {}
        kept: list[str] = []
        for name in SCALAR_FIELDS:
            if name not in plan.values:
                continue
            incoming = _json_value(plan.values[name])
            current = _json_value(getattr(paper, name))
            if current != incoming and _no_better(name, paper, plan.values, self.venue_kinds):
                snapshot[name] = current  # what is here already says as much or more
                continue
            decision = _decide(name, current, incoming, snapshot)
            snapshot[name] = incoming
            if decision == "set":
                changes[name] = [current, incoming]
                setattr(paper, name, plan.values[name])
            elif decision == "kept":
                kept.append(name)
        m2m_changes: dict[str, list[int]] = {}
        for name in M2M_FIELDS:
            if name not in plan.m2m:
                continue
            incoming = plan.m2m[name]
            current = sorted(obj.pk for obj in getattr(paper, name).all())
            decision = _decide(name, current, incoming, snapshot)
            snapshot[name] = incoming
            if decision == "set":
                changes[name] = [current, incoming]
                m2m_changes[name] = incoming
            elif decision == "kept":
                kept.append(name)
        authors_changed = self.sync_authors(plan, snapshot, changes, kept)
        if "doi" in changes or "arxiv_id" in changes:
            gained = [n for n in ("doi", "arxiv_id") if n in changes and not changes[n][0]]
            if gained and entry.matched_by:
                entry.action = "merged"
        if changes or authors_changed:
            if entry.action != "merged":
                entry.action = "updated"
            entry.changes = changes
            scalar_changed = any(name in SCALAR_FIELDS for name in changes)
            paper.import_snapshot = snapshot
            if scalar_changed:
                paper.save()
            else:
                Paper.objects.filter(pk=paper.pk).update(
                    import_snapshot=snapshot, updated=timezone.now()
                )
            for name, ids in m2m_changes.items():
                getattr(paper, name).set(ids)
            self.written.add(paper.pk)
        elif snapshot != (paper.import_snapshot or {}):
            # Only what the source says changed (a staff edit was kept): no row change.
            Paper.objects.filter(pk=paper.pk).update(import_snapshot=snapshot)
        entry.kept = kept

    def sync_authors(
        self, plan: Plan, snapshot: dict, changes: dict[str, list], kept: list[str]
    ) -> bool:
        """Bring the author list in line with the source (unless staff edited it); link people."""
        paper = plan.paper
        rows = list(paper.authorships.all())
        positioned = [row for row in rows if row.position is not None]
        positioned.sort(key=lambda row: row.position)
        current = {"names": [row.name for row in positioned], "complete": paper.authors_complete}
        changed = False
        if plan.authors is not None:
            incoming = {"names": [a.name for a in plan.authors], "complete": plan.authors_complete}
            if current != incoming and _authors_no_better(
                current["names"], incoming["names"], plan.authors_complete
            ):
                incoming = current  # what is here already says as much or more
            decision = _decide("authors", current, incoming, snapshot)
            snapshot["authors"] = incoming
            if decision == "set":
                changes["authors"] = [current, incoming]
                self.replace_authors(plan, positioned, rows)
                if paper.authors_complete != plan.authors_complete:
                    paper.authors_complete = plan.authors_complete
                    Paper.objects.filter(pk=paper.pk).update(authors_complete=plan.authors_complete)
                changed = True
                rows = list(Authorship.objects.filter(paper=paper).order_by("position", "pk"))
                positioned = [row for row in rows if row.position is not None]
            elif decision == "kept":
                kept.append("authors")
        # Link people to authorships that are not linked yet (never unlink).
        owner = self.owner
        placeholders = [
            row for row in rows if row.position is None and owner and row.person_id == owner.pk
        ]
        taken = {row.person_id for row in rows if row.person_id} - (
            {owner.pk} if placeholders else set()
        )
        slots = [AuthorPlan(row.name, row.person_id) for row in positioned]
        self.link_authors(plan, slots, taken)
        if owner is not None and any(slot.person_id == owner.pk for slot in slots):
            # The owner is now printed in the list: the unpositioned placeholder goes.
            for row in placeholders:
                if row.pk:
                    row.delete()
                    changed = True
        for row, slot in zip(positioned, slots, strict=True):
            if slot.person_id != row.person_id:
                row.person_id = slot.person_id
                row.save()
                changes.setdefault("author links", []).append(row.name)
                changed = True
        linked = taken | {slot.person_id for slot in slots}
        if owner is not None and owner.pk not in linked and not placeholders:
            Authorship.objects.create(
                paper=paper, position=None, name=owner.full_name, person=owner
            )
            changes.setdefault("author links", []).append(owner.full_name)
            changed = True
        return changed

    def replace_authors(self, plan: Plan, positioned: list[Authorship], rows: list) -> None:
        paper = plan.paper
        new = plan.authors
        for index, author in enumerate(new):
            if index < len(positioned):
                row = positioned[index]
                if row.name != author.name:
                    row.name = author.name
                    row.person = None
                    row.save()
            else:
                Authorship.objects.create(
                    paper=paper,
                    position=index,
                    name=author.name,
                    equal_contribution=author.equal_contribution,
                    corresponding=author.corresponding,
                )
        for row in positioned[len(new) :]:
            row.delete()

    # -- new papers --

    def create_new(self, plans: list[Plan]) -> None:
        if not plans:
            return
        slugs = set(Paper.objects.order_by().values_list("slug", flat=True))
        papers: list[Paper] = []
        for plan in plans:
            paper = Paper(**plan.values)
            paper.authors_complete = plan.authors_complete if plan.authors else True
            if "kind" not in plan.values:
                # The source does not say (a profile page): claim no more than it shows.
                paper.kind = (
                    Paper.Kind.PREPRINT
                    if paper.arxiv_id and not paper.doi and paper.venue_id is None
                    else Paper.Kind.OTHER
                )
            paper.year = paper.date.year if paper.date else None
            paper.slug = unique_slug(paper.title, taken=slugs.__contains__, fallback="paper")
            slugs.add(paper.slug)
            if paper.code_url:
                paper.has_code = True
            # Every importable field as created, defaults included: an untouched default
            # is not a staff edit, so a later source may fill it.
            snapshot = {name: _json_value(getattr(paper, name)) for name in SCALAR_FIELDS}
            snapshot.update({name: plan.m2m.get(name, []) for name in M2M_FIELDS})
            if plan.authors is not None:
                snapshot["authors"] = {
                    "names": [a.name for a in plan.authors],
                    "complete": plan.authors_complete,
                }
            paper.import_snapshot = snapshot
            papers.append(paper)
        Paper.objects.bulk_create(papers, batch_size=500)
        Paper.history.bulk_history_create(papers, batch_size=500, default_user=self.user)
        through_rows: dict[str, list] = {name: [] for name in M2M_FIELDS}
        authorships: list[Authorship] = []
        for plan, paper in zip(plans, papers, strict=True):
            plan.entry.paper_id = paper.pk
            plan.entry.action = "new"
            self.written.add(paper.pk)
            for name, column in M2M_FIELDS.items():
                through = getattr(Paper, name).through
                through_rows[name] += [
                    through(paper_id=paper.pk, **{column: pk}) for pk in plan.m2m.get(name, [])
                ]
            authors = [
                AuthorPlan(a.name, None, a.equal_contribution, a.corresponding)
                for a in plan.authors or []
            ]
            taken: set[int] = set()
            self.link_authors(plan, authors, taken)
            for position, author in enumerate(authors):
                authorships.append(
                    Authorship(
                        paper_id=paper.pk,
                        position=position,
                        name=author.name,
                        person_id=author.person_id,
                        equal_contribution=author.equal_contribution,
                        corresponding=author.corresponding,
                    )
                )
            if self.owner is not None and self.owner.pk not in taken:
                authorships.append(
                    Authorship(
                        paper_id=paper.pk,
                        position=None,
                        name=self.owner.full_name,
                        person_id=self.owner.pk,
                    )
                )
        for name, rows in through_rows.items():
            getattr(Paper, name).through.objects.bulk_create(rows, batch_size=1000)
        Authorship.objects.bulk_create(authorships, batch_size=1000)
        Authorship.history.bulk_history_create(authorships, batch_size=1000, default_user=self.user)


PRECISION_RANK = {"year": 1, "month": 2, "day": 3}


def _no_better(name: str, paper: Paper, values: dict, venue_kinds: dict[int, str]) -> bool:
    """Whether the source's value only differs cosmetically or says less than the paper's.

    Such values never replace what is there, so importing sources of different quality
    in turn does not flip a field back and forth: a title differing only in case or
    braces, a date that is less precise but agrees, "preprint" for a published paper,
    another venue or BibTeX key once one is set (each source names venues its own way;
    only a preprint server gives way to the published venue).
    """
    if name == "venue_id":
        current_kind = venue_kinds.get(paper.venue_id)
        return current_kind is not None and current_kind != Venue.Kind.PREPRINT_SERVER
    if name == "bibtex_key":
        return bool(paper.bibtex_key)
    if name == "title":
        return title_key(paper.title) == title_key(values["title"])
    if name in {"date", "date_precision"} and paper.date and values.get("date"):
        incoming_rank = PRECISION_RANK.get(values.get("date_precision", "day"), 3)
        current_rank = PRECISION_RANK.get(paper.date_precision, 3)
        if incoming_rank >= current_rank:
            return False
        agree = paper.date.year == values["date"].year
        if incoming_rank == PRECISION_RANK["month"]:
            agree = agree and paper.date.month == values["date"].month
        return agree
    if name == "kind":
        return values["kind"] == Paper.Kind.PREPRINT and (
            paper.kind not in {Paper.Kind.ARTICLE, Paper.Kind.OTHER} or bool(paper.doi)
        )
    return False


def _authors_no_better(current: list[str], incoming: list[str], complete: bool) -> bool:
    """The source's list is the paper's own, only cut shorter or spelt with initials."""
    if not incoming or len(incoming) > len(current) or (complete and len(incoming) != len(current)):
        return False
    return all(names_fit(new, old) for new, old in zip(incoming, current, strict=False))


def _decide(name: str, current, incoming, snapshot: dict) -> str:
    """ "same", "set" (write the source's value) or "kept" (staff's value stays)."""
    if current == incoming:
        return "same"
    if _is_empty(current) or (name in snapshot and snapshot[name] == current):
        return "set"
    return "kept"


def import_result(
    result: ParseResult,
    *,
    source: str,
    person: Person | None = None,
    dry_run: bool = False,
    user=None,
    today: date | None = None,
    progress: ProgressCallback | None = None,
    store_run: bool = True,
) -> ImportReport:
    """Write a parse result in one transaction (rolled back when dry_run) and report.

    A committed run is stored as an ImportRun (unless store_run is False); a dry run
    writes nothing at all.
    """
    runner = ImportRunner(
        result,
        source=source,
        person=person,
        dry_run=dry_run,
        user=user,
        today=today,
        progress=progress,
    )
    with transaction.atomic():
        report = runner.run()
        if dry_run:
            transaction.set_rollback(True)
        elif store_run and report.changed:
            run = ImportRun.objects.create(
                user=user if getattr(user, "pk", None) else None,
                source=source[:255],
                format=report.format[:32],
                status=ImportRun.Status.COMMITTED,
                counts=report.counts,
                report=report.as_json(),
            )
            report.run_id = run.pk
    return report
