"""RIS (Zotero, Mendeley, EndNote, publisher sites), read record by record with rispy."""

import re

import rispy

from . import fields
from .latex import normalize_space
from .records import ImporterError, ParsedAuthor, ParsedPaper, ParseResult, Skipped

FORMAT = "ris"
# "TY  - JOUR" is the standard; exporters also write "TY - JOUR", "TY -JOUR" or "ER  -".
TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])[ \t]{0,4}-[ \t]?(.*)$")
KIND_BY_TYPE = {
    "JOUR": "article", "JFULL": "article", "MGZN": "article", "NEWS": "article",
    "INPR": "article", "EJOUR": "article", "ABST": "article",
    "CONF": "conference", "CPAPER": "conference",
    "CHAP": "chapter", "ECHAP": "chapter", "ENCYC": "chapter", "DICT": "chapter",
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book",
    "THES": "thesis", "RPRT": "report", "PREPRINT": "preprint",
}  # fmt: skip


def parse(text: str) -> ParseResult:
    """Every RIS record as a ParsedPaper; a bad record is skipped with its line."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = (text or "").replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    records = _records(text)
    if not records:
        raise ImporterError("No RIS records found (no line starts with 'TY  - ').")
    result = ParseResult(format=FORMAT)
    for line_number, lines in records:
        try:
            entries = rispy.loads("\n".join(lines))
        except Exception:  # rispy raises KeyError/TypeError on some malformed records
            entries = []
        if not entries:
            result.skipped.append(Skipped("not a readable RIS record", line=line_number))
            continue
        paper = record_to_paper(entries[0])
        if isinstance(paper, str):
            key = _single(entries[0].get("id"))
            result.skipped.append(Skipped(paper, line=line_number, key=key))
            continue
        paper.source_line = line_number
        result.papers.append(fields.finish_paper(paper))
    return result


def _records(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, normalised lines) per record, from TY to ER; a record missing
    its ER (at the end of the file, or before the next TY) is closed for it."""
    records: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    start = 0
    for number, raw_line in enumerate(text.split("\n"), start=1):
        match = TAG_LINE.match(raw_line.rstrip())
        if match:
            tag, value = match.group(1), match.group(2).strip()
            if tag == "TY":
                if current is not None:
                    records.append((start, [*current, "ER  - "]))
                current, start = [f"TY  - {value}"], number
            elif tag == "ER":
                if current is not None:
                    records.append((start, [*current, "ER  - "]))
                current = None
            elif current is not None:
                current.append(f"{tag}  - {value}")
        elif current is not None and raw_line.strip():
            current.append(raw_line.strip())
    if current is not None:
        records.append((start, [*current, "ER  - "]))
    return records


def _values(record: dict, *names: str) -> list[str]:
    found = []
    for name in names:
        value = record.get(name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and normalize_space(item):
                found.append(normalize_space(item))
    return found


def _single(value: object) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return normalize_space(value) if isinstance(value, str) else ""


def _first(record: dict, *names: str) -> str:
    values = _values(record, *names)
    return values[0] if values else ""


def _name(raw: str) -> str:
    """ "Last, First" or "Last, First, Suffix" as "First Last Suffix"."""
    parts = [part.strip() for part in raw.split(",")]
    parts = [part for part in parts if part]
    if len(parts) >= 3:
        name = " ".join([parts[1], parts[0], *parts[2:]])
    elif len(parts) == 2:
        name = f"{parts[1]} {parts[0]}"
    else:
        name = parts[0] if parts else ""
    return fields.clean_person_name(name)


def _date(record: dict):
    """The most precise of DA, PY and Y1 ("2023/08/20/", "2023///", "2023")."""
    best = (None, "day")
    rank = {"year": 1, "month": 2, "day": 3}
    for value in _values(record, "date", "year", "publication_year"):
        pieces = [piece.strip() for piece in re.split(r"[/\-.]", value)]
        year_match = re.fullmatch(r"\d{4}", pieces[0]) if pieces else None
        if year_match:
            month = pieces[1] if len(pieces) > 1 and pieces[1].isdigit() else None
            day = pieces[2] if len(pieces) > 2 and pieces[2].isdigit() else None
            found = fields.make_date(year_match.group(0), int(month) if month else None, day)
        else:
            found = fields.date_from_text(value)  # "March 2021", "Spring 2020"
        if found[0] and (best[0] is None or rank[found[1]] > rank[best[1]]):
            best = found
    return best


def record_to_paper(record: dict) -> ParsedPaper | str:
    """One rispy record as a ParsedPaper, or the reason it cannot be used."""
    title = _first(record, "title", "primary_title")
    ris_type = _single(record.get("type_of_reference")).upper()
    if not title and ris_type in ("BOOK", "EBOOK", "EDBOOK"):
        title = _first(record, "secondary_title")
    if not title:
        return "missing title (TI)"
    paper = ParsedPaper(title=title, source_key=_single(record.get("id")))
    for raw in _values(record, "authors", "first_authors") or _values(record, "secondary_authors"):
        name = _name(raw)
        if not name:
            continue
        if fields.is_et_al(name):
            paper.authors_complete = False
            continue
        paper.authors.append(ParsedAuthor(name=name))
    paper.date, paper.date_precision = _date(record)

    urls = [fields.http_url(url) for url in _values(record, "urls", "file_attachments1")]
    urls = [url for url in urls if url]
    paper.doi = fields.clean_doi(_first(record, "doi"))
    if not paper.doi:
        paper.doi = next((fields.clean_doi(url) for url in urls if "doi.org/" in url.lower()), "")
    for candidate in [_first(record, "doi"), *urls, *_values(record, "notes", "note", "number")]:
        paper.arxiv_id = fields.clean_arxiv_id(candidate)
        if paper.arxiv_id:
            break

    venue = _first(record, "secondary_title", "alternate_title3", "journal_name", "custom3")
    publisher = _first(record, "publisher")
    paper.kind = KIND_BY_TYPE.get(ris_type, "other")
    server = fields.preprint_server(venue) or fields.preprint_server(publisher)
    says_preprint = "preprint" in _first(record, "type_of_work").lower()
    if server or (paper.kind == "other" and (paper.arxiv_id or says_preprint)):
        paper.kind = "preprint"
    if paper.kind == "preprint":
        paper.venue_name = server or venue or ("arXiv" if paper.arxiv_id else "")
    elif paper.kind in ("thesis", "report"):
        paper.venue_name = publisher or venue
    elif paper.kind == "book":  # a book's venue is its series (T2/T3), not its publisher
        paper.venue_name = _first(record, "secondary_title", "tertiary_title")
    else:
        paper.venue_name = venue
    paper.venue_kind = fields.venue_kind(paper)
    paper.venue_short_name = _first(record, "alternate_title1", "alternate_title2")
    if paper.venue_short_name == paper.venue_name:
        paper.venue_short_name = ""
    paper.volume = _first(record, "volume")[:32]
    paper.issue = _first(record, "number")[:32] if paper.kind != "report" else ""
    start_page, end_page = _first(record, "start_page"), _first(record, "end_page")
    paper.pages = (f"{start_page}–{end_page}" if start_page and end_page else start_page)[:32]
    paper.publisher = publisher
    paper.abstract = " ".join(_values(record, "abstract")) or " ".join(
        _values(record, "notes_abstract")
    )
    paper.note = "; ".join(v for v in _values(record, "notes") if not fields.clean_arxiv_id(v))
    for url in urls:
        lowered = url.lower()
        if "arxiv.org/" in lowered or "doi.org/" in lowered:
            continue
        paper.links.setdefault(fields.link_kind(url), url)
    paper.has_code = "code" in paper.links
    paper.keywords = _values(record, "keywords")
    return paper
