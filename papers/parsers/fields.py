"""Field cleaners shared by the format parsers: identifiers, dates, names, venues, links."""

import html
import json
import re
from datetime import date

from papers.validators import is_valid_arxiv_id, is_valid_doi, normalize_arxiv_id, normalize_doi
from people.validators import is_valid_orcid, normalize_orcid

from .latex import normalize_space
from .records import ImporterError, ParsedPaper

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "janvier", "januar"),
            ("feb", "february", "fevrier", "février", "februar"),
            ("mar", "march", "mars", "märz", "maerz"),
            ("apr", "april", "avril"),
            ("may", "mai"),
            ("jun", "june", "juin", "juni"),
            ("jul", "july", "juillet", "juli"),
            ("aug", "august", "aout", "août"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre", "oktober"),
            ("nov", "november", "novembre"),
            ("dec", "december", "decembre", "décembre", "dezember"),
        ],
        start=1,
    )
    for name in names
}
ARXIV_IN_TEXT = re.compile(
    r"(?:arxiv[\s:./_-]*(?:abs/|pdf/|preprint\s+arxiv:?\s*)?|arxiv\.org/(?:abs|pdf)/|10\.48550/arxiv\.)"
    r"\s*((?:\d{4}\.\d{4,5})|(?:[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}))(v\d+)?",
    re.IGNORECASE,
)
BARE_ARXIV = re.compile(r"^\s*(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?\s*$")
DOI_IN_TEXT = re.compile(r"10\.\d{4,9}/[^\s\"<>{}]+")
DBLP_HOMONYM = re.compile(r"\s+\d{4}$")
YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d|21\d\d)(?!\d)")
ISO_DATE = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
PREPRINT_SERVERS = {
    "arxiv": "arXiv",
    "corr": "arXiv",
    "biorxiv": "bioRxiv",
    "medrxiv": "medRxiv",
    "chemrxiv": "ChemRxiv",
    "ssrn": "SSRN",
    "psyarxiv": "PsyArXiv",
    "research square": "Research Square",
    "techrxiv": "TechRxiv",
    "osf preprints": "OSF Preprints",
    "preprints.org": "Preprints.org",
}
ETAL = re.compile(r"^(?:others|et\.?\s*al\.?|and\s+others|\.\.\.|…)$", re.IGNORECASE)


def clean_doi(value: str) -> str:
    """A bare lower-case DOI, or "" if value holds none; arXiv's own DOIs are not kept."""
    value = normalize_space(str(value or "")).replace("\\_", "_")
    if not value:
        return ""
    candidate = normalize_doi(value)
    if not is_valid_doi(candidate):
        match = DOI_IN_TEXT.search(value)
        if not match:
            return ""
        candidate = normalize_doi(match.group(0))
        if not is_valid_doi(candidate):
            return ""
    if candidate.startswith("10.48550/arxiv."):
        return ""
    return candidate


def clean_arxiv_id(value: str) -> str:
    """A bare arXiv id without version from an id, URL, DOI or text such as
    "arXiv preprint arXiv:2407.21783"; "" if there is none."""
    value = normalize_space(str(value or ""))
    if not value:
        return ""
    candidate = normalize_arxiv_id(value)
    if is_valid_arxiv_id(candidate):
        return candidate
    match = BARE_ARXIV.match(value) or ARXIV_IN_TEXT.search(value)
    if match:
        candidate = normalize_arxiv_id(match.group(1))
        if is_valid_arxiv_id(candidate):
            return candidate
    return ""


def clean_orcid(value: str) -> str:
    value = normalize_orcid(str(value or ""))
    return value if is_valid_orcid(value) else ""


def parse_month(value: object) -> int | None:
    """A month number from 1, "01", "jan", "January", "Jan." (None if unreadable)."""
    text = normalize_space(str(value or "")).strip("{}. ").lower()
    if not text:
        return None
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    for word in re.findall(r"[^\W\d_]+", text):  # "Jan", "17--23 Jul", "July–August"
        if word in MONTHS:
            return MONTHS[word]
    return None


def make_date(year: object, month: object = None, day: object = None) -> tuple[date | None, str]:
    """A date and its precision ("year", "month" or "day") from loose parts."""
    try:
        year_number = int(str(year).strip())
    except (TypeError, ValueError):
        return None, "day"
    if not 1000 <= year_number <= 2999:
        return None, "day"
    month_number = month if isinstance(month, int) else parse_month(month)
    if month_number is None or not 1 <= month_number <= 12:
        return date(year_number, 1, 1), "year"
    try:
        day_number = int(str(day).strip()) if day not in (None, "") else None
    except ValueError:
        day_number = None
    if day_number is not None:
        try:
            return date(year_number, month_number, day_number), "day"
        except ValueError:
            pass
    return date(year_number, month_number, 1), "month"


def date_from_text(text: str) -> tuple[date | None, str]:
    """A date from "2024", "2024-05", "2024-05-17", "2024-05-17T10:00:00Z" or free text."""
    text = normalize_space(str(text or ""))
    match = ISO_DATE.match(text)
    if match:
        return make_date(
            match.group(1), int(match.group(2)) if match.group(2) else None, match.group(3)
        )
    match = YEAR_RE.search(text)
    if match:
        month = None
        for word in re.findall(r"[^\W\d_]+", text.lower()):
            if word in MONTHS:
                month = MONTHS[word]
                break
        return make_date(match.group(1), month)
    return None, "day"


def clean_person_name(name: str) -> str:
    """One author's printed name: whitespace folded, DBLP's homonym number ("Oriol Vinyals 0001") dropped."""
    name = normalize_space(name)
    name = DBLP_HOMONYM.sub("", name)
    return name.strip(" ,;")


def is_et_al(name: str) -> bool:
    return bool(ETAL.match(normalize_space(name)))


def preprint_server(venue: str) -> str:
    """The canonical name of a preprint server named in venue ("CoRR" -> "arXiv"), else ""."""
    folded = normalize_space(venue).lower()
    if not folded:
        return ""
    if folded in PREPRINT_SERVERS:
        return PREPRINT_SERVERS[folded]
    for needle, name in PREPRINT_SERVERS.items():
        if needle == "corr":
            continue
        if re.search(rf"(?<![a-z]){re.escape(needle)}(?![a-z])", folded):
            # "arXiv preprint arXiv:...", "arXiv e-prints", "bioRxiv preprint", "SSRN Electronic Journal"
            if needle == "ssrn" and "journal" in folded:
                return ""
            return name
    return ""


def http_url(value: str) -> str:
    """value when it is an absolute http(s) URL (no spaces), else ""."""
    value = (
        normalize_space(str(value or ""))
        .replace("\\_", "_")
        .replace("\\%", "%")
        .replace("\\&", "&")
    )
    if value.startswith(("\\url{", "{")):
        value = value.removeprefix("\\url").strip("{}")
    if re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
        scheme, rest = value.split("://", 1)
        return f"{scheme.lower()}://{rest}"  # schemes are case-insensitive; "Https" is "https"
    return ""


def link_kind(url: str) -> str:
    """Which links slot a bare URL belongs in, judged by its address."""
    lowered = url.lower()
    if re.search(
        r"//(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co)/", lowered
    ):
        return "code"
    if lowered.split("?")[0].endswith(".pdf") or "/pdf/" in lowered:
        return "pdf"
    if re.search(r"//(?:www\.)?(?:youtube\.com|youtu\.be|vimeo\.com)/", lowered):
        return "video"
    return "project"


MARKUP_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
# Formatting inside a word ("<i>k</i>-means") is dropped without leaving a space.
INLINE_TAG = re.compile(
    r"</?(?:i|b|em|strong|sub|sup|u|tt|scp|sc|span|small|font|mml:[\w-]+|jats:(?:italic|bold|sub|sup|sc|monospace|underline))(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)


def strip_markup(text: str) -> str:
    """Plain text from a value with HTML/JATS/MathML tags and entities (Crossref, ORCID)."""
    text = str(text or "")
    if "<" in text:
        text = INLINE_TAG.sub("", text)
        text = MARKUP_TAG.sub(" ", text)
        text = re.sub(r"\s+([,.;:!?)\]])", r"\1", text)
    if "&" in text:
        text = html.unescape(text)
    return normalize_space(text)


# CSL-JSON's rich text allows only these tags; anything else is literal text of the title.
CSL_TAG = re.compile(
    r"</?(?:i|b|sup|sub)>|<span\s+(?:class=\"nocase\"|style=\"font-variant:\s*small-caps;?\")>|</span>",
    re.IGNORECASE,
)


def strip_csl_markup(text: str) -> str:
    """Plain text of a CSL-JSON rich-text value: only CSL's own formatting tags go."""
    return normalize_space(CSL_TAG.sub("", str(text or "")))


def load_json(text: str) -> object:
    """Parsed JSON, or ImporterError saying why the text is not JSON."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = (text or "").lstrip("\ufeff").strip()
    if not text:
        raise ImporterError("The file is empty.")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImporterError(f"Not valid JSON: {error.msg} (line {error.lineno})") from None
    except (RecursionError, ValueError) as error:
        raise ImporterError(f"Not valid JSON: {error}") from None


def as_dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def as_text(value: object) -> str:
    """A JSON scalar as text ("" for null, objects and lists)."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return ""
    return normalize_space(str(value))


# Column sizes of Paper, Venue and Authorship: a parser never hands over a value that
# would not fit (PostgreSQL refuses it, SQLite silently keeps it).
MAX_LENGTHS = {"title": 1000, "venue_name": 255, "venue_short_name": 64, "volume": 32,
               "issue": 32, "pages": 32, "publisher": 255, "bibtex_key": 255}  # fmt: skip


PAGE_RANGE = re.compile(r"^([A-Za-z]?\d+[A-Za-z]?)\s*(?:-{1,3}|[‐‑‒–—])\s*([A-Za-z]?\d+[A-Za-z]?)$")


# The kind of venue a paper's kind implies (a report's venue, and anything else, is "other").
VENUE_KIND_BY_KIND = {"article": "journal", "conference": "conference", "preprint": "preprint",
                      "thesis": "thesis", "chapter": "book", "book": "book"}  # fmt: skip


def venue_kind(paper: ParsedPaper) -> str:
    """The kind of the paper's venue, from the paper's kind; empty without a venue."""
    return VENUE_KIND_BY_KIND.get(paper.kind, "other") if paper.venue_name else ""


def finish_paper(paper: ParsedPaper) -> ParsedPaper:
    """The last step of every parser: page ranges written one way ("845–857", as BibTeX's
    "845--857" reads), a preprint server not repeated as publisher, over-long values cut to
    their column size, identifiers and links that cannot fit dropped."""
    paper.pages = PAGE_RANGE.sub("\\1–\\2", normalize_space(paper.pages))
    paper.publisher = paper.publisher.rstrip(" ,;")
    paper.venue_name = paper.venue_name.rstrip(" ,;")
    if paper.venue_name.lower() == paper.title.lower():
        paper.venue_name = ""  # a book or proceedings volume read as its own venue
    if not paper.venue_name:
        # An al-folio abbr without a journal or booktitle still names the venue.
        paper.venue_name, paper.venue_short_name = paper.venue_short_name, ""
        paper.venue_kind = venue_kind(paper)
    if paper.venue_kind == "preprint" and paper.publisher.lower() == paper.venue_name.lower():
        paper.publisher = ""  # Zotero and CSL name the preprint server as publisher too
    for name, limit in MAX_LENGTHS.items():
        value = getattr(paper, name)
        if len(value) > limit:
            setattr(paper, name, value[: limit - 1].rstrip() + "…")
    if len(paper.doi) > 255:
        paper.doi = ""
    if len(paper.arxiv_id) > 32:
        paper.arxiv_id = ""
    paper.links = {kind: url for kind, url in paper.links.items() if len(url) <= 500}
    for author in paper.authors:
        if len(author.name) > 255:
            author.name = author.name[:254].rstrip() + "…"
    return paper
