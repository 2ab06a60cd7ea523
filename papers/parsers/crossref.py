"""Crossref REST API works JSON: one work (`message-type: work`) or a list (`work-list`)."""

import re

from . import fields
from .records import ImporterError, ParsedAuthor, ParsedPaper, ParseResult, Skipped

FORMAT = "crossref"
KIND_BY_TYPE = {
    "journal-article": "article", "article": "article", "journal-issue": "article",
    "proceedings-article": "conference", "paper-conference": "conference",
    "posted-content": "preprint",
    "book-chapter": "chapter", "book-section": "chapter", "book-part": "chapter",
    "reference-entry": "chapter", "chapter": "chapter",
    "book": "book", "monograph": "book", "edited-book": "book", "reference-book": "book",
    "report": "report", "report-component": "report",
    "dissertation": "thesis", "thesis": "thesis",
}  # fmt: skip
DATE_FIELDS = ("issued", "published", "published-online", "published-print", "posted", "created")
JATS_TITLE = re.compile(r"<jats:title>.*?</jats:title>", re.IGNORECASE | re.DOTALL)
PARAGRAPH_END = re.compile(r"</(?:jats:)?p>|<(?:jats:)?sec\b[^>]*>", re.IGNORECASE)


def parse(text: str) -> ParseResult:
    """Every work in a Crossref API answer as a ParsedPaper."""
    data = fields.load_json(text)
    items: list = []
    if isinstance(data, dict) and "message" in data:
        if fields.as_text(data.get("status")).lower() not in ("", "ok"):
            raise ImporterError(f"Crossref error: {_error_message(data)}")
        message = data.get("message")
        message_type = fields.as_text(data.get("message-type"))
        if message_type == "work-list" or (isinstance(message, dict) and "items" in message):
            items = fields.as_list(fields.as_dict(message).get("items"))
        elif isinstance(message, dict):
            items = [message]
        else:
            raise ImporterError(f"Crossref error: {_error_message(data)}")
    elif isinstance(data, dict) and ("DOI" in data or "title" in data):
        items = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise ImporterError("Not a Crossref works response (expected a 'message' with a work).")
    if not items:
        raise ImporterError("The Crossref response holds no works.")
    result = ParseResult(format=FORMAT)
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            result.skipped.append(Skipped("not a work record", key=f"item {index}"))
            continue
        paper = work_to_paper(item)
        if isinstance(paper, str):
            result.skipped.append(
                Skipped(paper, key=fields.as_text(item.get("DOI")) or f"item {index}")
            )
        else:
            result.papers.append(fields.finish_paper(paper))
    return result


def _error_message(data: dict) -> str:
    message = data.get("message")
    if isinstance(message, list) and message:
        message = message[0]
    if isinstance(message, dict):
        return (
            fields.as_text(message.get("message"))
            or fields.as_text(message.get("type"))
            or "unknown error"
        )
    return fields.as_text(message) or "unknown error"


def _first(value: object) -> str:
    """Crossref wraps titles in lists; the first non-empty string."""
    for item in fields.as_list(value):
        text = fields.strip_markup(fields.as_text(item))
        if text:
            return text
    return ""


def jats_to_text(value: str) -> str:
    """A JATS abstract as plain text, paragraphs separated by a blank line."""
    value = JATS_TITLE.sub(" ", str(value or ""))
    paragraphs = [fields.strip_markup(part) for part in PARAGRAPH_END.split(value)]
    return "\n\n".join(p for p in paragraphs if p)


def _date(work: dict):
    for name in DATE_FIELDS:
        parts = fields.as_list(fields.as_dict(work.get(name)).get("date-parts"))
        first = fields.as_list(parts[0]) if parts else []
        numbers = [p if isinstance(p, int) else None for p in first[:3]]
        if numbers and numbers[0]:
            month = numbers[1] if len(numbers) > 1 else None
            day = numbers[2] if len(numbers) > 2 and month else None
            found = fields.make_date(numbers[0], month, day)
            if found[0] is not None:
                return found
    return None, "day"


def _authors(work: dict) -> list[ParsedAuthor]:
    people = []
    for position, author in enumerate(fields.as_list(work.get("author"))):
        author = fields.as_dict(author)
        given = fields.strip_markup(fields.as_text(author.get("given")))
        family = fields.strip_markup(fields.as_text(author.get("family")))
        suffix = fields.strip_markup(fields.as_text(author.get("suffix")))
        name = " ".join(part for part in (given, family, suffix) if part)
        name = fields.clean_person_name(
            name or fields.strip_markup(fields.as_text(author.get("name")))
        )
        if not name:
            continue
        affiliations = [
            fields.strip_markup(fields.as_text(fields.as_dict(a).get("name")))
            for a in fields.as_list(author.get("affiliation"))
        ]
        is_first = fields.as_text(author.get("sequence")).lower() == "first"
        parsed = ParsedAuthor(
            name=name,
            orcid=fields.clean_orcid(fields.as_text(author.get("ORCID"))),
            affiliations=[a for a in affiliations if a],
        )
        people.append((0 if is_first else 1, position, parsed))
    return [author for _, _, author in sorted(people, key=lambda item: item[:2])]


def work_to_paper(work: dict) -> ParsedPaper | str:
    """One Crossref work as a ParsedPaper, or the reason it cannot be used."""
    title = _first(work.get("title"))
    if not title:
        return "work without a title"
    subtitle = _first(work.get("subtitle"))
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    doi = fields.clean_doi(fields.as_text(work.get("DOI")))
    paper = ParsedPaper(title=title, doi=doi, source_key=doi)
    paper.authors = _authors(work)
    paper.date, paper.date_precision = _date(work)

    work_type = fields.as_text(work.get("type")).lower()
    paper.kind = KIND_BY_TYPE.get(work_type, "other")
    container = _first(work.get("container-title"))
    institution = _first(
        [fields.as_dict(i).get("name") for i in fields.as_list(work.get("institution"))]
    )
    if paper.kind == "preprint":
        paper.venue_name = fields.preprint_server(institution) or institution or container
        paper.venue_name = paper.venue_name or _first(work.get("group-title"))
    elif paper.kind == "thesis":
        paper.venue_name = institution or container or fields.as_text(work.get("publisher"))
    else:
        paper.venue_name = container
    paper.venue_kind = fields.venue_kind(paper)
    paper.venue_short_name = _first(work.get("short-container-title"))
    paper.volume = fields.as_text(work.get("volume"))[:32]
    paper.issue = fields.as_text(work.get("issue"))[:32]
    paper.pages = fields.as_text(work.get("page"))[:32]
    paper.publisher = fields.strip_markup(fields.as_text(work.get("publisher")))
    paper.abstract = jats_to_text(fields.as_text(work.get("abstract")))
    count = work.get("is-referenced-by-count")
    if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
        paper.citation_count = count
    return paper
