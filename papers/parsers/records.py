"""The records every parser returns; the pipeline turns them into rows."""

from __future__ import annotations  # lets the field named "date" be annotated with the type date

from dataclasses import dataclass, field
from datetime import date


class ImporterError(Exception):
    """Raised by a parser for input it cannot read at all; the message says why."""


@dataclass
class ParsedAuthor:
    name: str  # as printed, Unicode (LaTeX already decoded)
    orcid: str = ""
    equal_contribution: bool = False
    corresponding: bool = False
    affiliations: list[str] = field(default_factory=list)


@dataclass
class ParsedPaper:
    title: str
    authors: list[ParsedAuthor] = field(default_factory=list)
    authors_complete: bool = True  # False for "et al." / "and others"
    date: date | None = None
    date_precision: str = "day"  # "day", "month" or "year" (Paper.DatePrecision)
    kind: str = ""  # a Paper.Kind value, or "" when the source does not say
    abstract: str = ""
    venue_name: str = ""
    venue_short_name: str = ""
    venue_kind: str = ""  # a Venue.Kind value or ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    doi: str = ""
    arxiv_id: str = ""
    subject_codes: list[str] = field(default_factory=list)  # arXiv codes ("cs.CL") or labels ("CL")
    has_code: bool = False
    links: dict[str, str] = field(default_factory=dict)  # pdf, code, project, slides, video, data
    institution_tags: list[str] = field(default_factory=list)  # organisation tags, e.g. "deepmind"
    awards: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # free-text tags from the source
    featured: bool = False
    bibtex_key: str = ""
    note: str = ""
    citation_count: int | None = None
    source_line: int | None = None  # where the entry starts in the file (1-based)
    source_key: str = ""  # the entry's key or id in the file, for reports


@dataclass
class ParsedMetric:
    name: str
    value: float
    unit: str = ""


@dataclass
class ParsedProfile:
    """A person's profile page: who it is about, reported figures, and their papers."""

    full_name: str
    primary_subject: str = ""
    metrics: list[ParsedMetric] = field(default_factory=list)


@dataclass
class Skipped:
    """An entry the parser could not use, with where it is and why."""

    reason: str
    line: int | None = None
    key: str = ""


@dataclass
class ParseResult:
    papers: list[ParsedPaper] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    profile: ParsedProfile | None = None
    format: str = ""
    warnings: list[Skipped] = field(default_factory=list)  # not entries: e.g. a header line
