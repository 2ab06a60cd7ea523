"""Normalise: a parsed record becomes a Plan, the values a paper row would take.

Identifiers are validated, links checked, text cut to the columns' limits (read from the
models), subjects, venues and institution tags resolved (missing venues and tags are created).
"""

import re
from dataclasses import dataclass, fields, is_dataclass

from config.text import fold
from papers.imports.indexes import PaperRef
from papers.imports.report import EntryReport
from papers.models import Authorship, Paper, Subject, Venue
from papers.parsers.records import ParsedPaper, ParseResult
from papers.validators import is_valid_arxiv_id, is_valid_doi, normalize_arxiv_id, normalize_doi
from people.models import Institution


def max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


LINK_FIELDS = {
    "pdf": "pdf_url",
    "code": "code_url",
    "project": "project_url",
    "slides": "slides_url",
    "video": "video_url",
    "data": "data_url",
}
# Text fields an import may set, with the longest value the column holds.
TEXT_LIMITS = {
    name: max_length(Paper, name)
    for name in (
        "title", "volume", "issue", "pages", "publisher", "bibtex_key", "doi", "arxiv_id",
        *LINK_FIELDS.values(),
    )
}  # fmt: skip


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


def scrub(value):
    """The value with every string in it (dataclasses, lists, dicts) made storable."""
    if isinstance(value, str):
        return UNSTORABLE.sub("", value)
    if isinstance(value, list):
        return [scrub(item) for item in value]
    if isinstance(value, dict):
        return {scrub(key): scrub(item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            setattr(value, item.name, scrub(getattr(value, item.name)))
    return value


class Lookups:
    """Subjects, venues and institutions by name, loaded once (one query each)."""

    def __init__(self, result: ParseResult) -> None:
        # Tags are found by short name first, then by full name.
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
        labels = {code for paper in result.papers for code in paper.subject_codes}
        if result.profile and result.profile.primary_subject:
            labels.add(result.profile.primary_subject)
        self.subjects: dict[str, Subject] = Subject.objects.resolve_map(labels)

    def venue_for(self, parsed: ParsedPaper) -> Venue | None:
        """The venue the record names; created when no venue has that name."""
        names = [name for name in (parsed.venue_short_name, parsed.venue_name) if name.strip()]
        if not names:
            return None
        for name in names:
            venue = self.venues.get(fold(name))
            if venue is not None:
                return venue
        kind = parsed.venue_kind if parsed.venue_kind in Venue.Kind.values else Venue.Kind.OTHER
        venue = Venue.objects.create(
            name=(parsed.venue_name or parsed.venue_short_name).strip()[
                : max_length(Venue, "name")
            ],
            short_name=parsed.venue_short_name.strip()[: max_length(Venue, "short_name")],
            kind=kind,
        )
        for name in names:
            self.venues[fold(name)] = venue
        self.venue_kinds[venue.pk] = venue.kind
        return venue

    def institution_for(self, tag: str) -> Institution:
        """The institution a tag names; created when none has that name."""
        tag = tag.strip()
        institution = self.institutions.get(fold(tag))
        if institution is None:
            institution = Institution.objects.create(
                name=tag[: max_length(Institution, "name")],
                short_name=tag[: max_length(Institution, "short_name")],
            )
            self.institutions[fold(tag)] = institution
        return institution


def normalise(
    parsed: ParsedPaper, entry: EntryReport, *, lookups: Lookups, warnings: list[str]
) -> Plan | None:
    """The plan for one record, or None (the entry marked skipped) when it cannot be used."""
    title = " ".join((parsed.title or "").split())
    if not title:
        entry.action, entry.reason = "skipped", "no title"
        return None
    where = entry.where or title[:40]
    values = _values(parsed, title, where, warnings)
    for name, limit in TEXT_LIMITS.items():
        if len(values.get(name, "")) > limit:
            if name == "title":
                entry.action, entry.reason = "skipped", f"title longer than {limit} characters"
                return None
            warnings.append(f"{where}: {name} longer than {limit} characters ignored")
            del values[name]
    m2m = _relations(parsed, values, where, lookups, warnings)
    return Plan(entry, values, m2m, _authors(parsed), parsed.authors_complete, parsed)


def _values(parsed: ParsedPaper, title: str, where: str, warnings: list[str]) -> dict:
    """The scalar fields the record gives, checked (invalid identifiers and links dropped)."""
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
            warnings.append(f"{where}: invalid DOI {parsed.doi!r} ignored")
    if parsed.arxiv_id:
        if is_valid_arxiv_id(parsed.arxiv_id):
            values["arxiv_id"] = normalize_arxiv_id(parsed.arxiv_id)
        else:
            warnings.append(f"{where}: invalid arXiv id {parsed.arxiv_id!r} ignored")
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
    return values


def _relations(
    parsed: ParsedPaper, values: dict, where: str, lookups: Lookups, warnings: list[str]
) -> dict[str, list[int]]:
    """Subjects, venue and institution tags: the first subject and the venue go into values,
    the other subjects and the tags are returned as many-to-many ids."""
    subjects = []
    for code in parsed.subject_codes:
        subject = lookups.subjects.get(code)
        if subject is None:
            warnings.append(f"{where}: unknown subject {code!r}")
        elif subject.pk not in subjects:
            subjects.append(subject.pk)
    if subjects:
        values["primary_subject_id"] = subjects[0]
    venue = lookups.venue_for(parsed)
    if venue is not None:
        values["venue_id"] = venue.pk
    m2m: dict[str, list[int]] = {}
    if subjects[1:]:
        m2m["subjects"] = sorted(subjects[1:])
    tags = [lookups.institution_for(tag).pk for tag in parsed.institution_tags if tag.strip()]
    if tags:
        m2m["institutions"] = sorted(set(tags))
    return m2m


def _authors(parsed: ParsedPaper) -> list[AuthorPlan] | None:
    if not parsed.authors:
        return None
    limit = max_length(Authorship, "name")
    return [
        AuthorPlan(
            name=" ".join(author.name.split())[:limit],
            equal_contribution=author.equal_contribution,
            corresponding=author.corresponding,
        )
        for author in parsed.authors
        if author.name.strip()
    ] or None
