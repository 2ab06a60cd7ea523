"""arXiv API responses (Atom feeds of <entry> elements)."""

import re
import xml.etree.ElementTree as ET

from . import fields
from .latex import latex_to_text, normalize_space
from .records import ImporterError, ParsedAuthor, ParsedPaper, ParseResult, Skipped

FORMAT = "arxiv"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
UNSAFE_XML = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
SUBJECT_CODE = re.compile(r"^[a-z][a-z\-]*(?:\.[A-Za-z][A-Za-z\-]*)?$")


def read_xml(text: str) -> ET.Element:
    """The root element of an XML document. Documents that declare a DTD or entities are
    refused: API responses never do, and refusing them rules out entity expansion attacks."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = (text or "").lstrip("\ufeff")
    if not text.strip():
        raise ImporterError("The file is empty.")
    if UNSAFE_XML.search(text):
        raise ImporterError("XML with a DOCTYPE or entity declarations is not accepted.")
    try:
        return ET.fromstring(XML_DECLARATION.sub("", text, count=1).encode("utf-8"))
    except (ET.ParseError, ValueError, UnicodeError) as error:
        raise ImporterError(f"Not well-formed XML: {error}") from None


def _text(element: ET.Element | None) -> str:
    return normalize_space("".join(element.itertext())) if element is not None else ""


def _decode(text: str) -> str:
    """arXiv metadata is plain text with TeX accents and math; "~" there means "about"."""
    if "\\" in text or "$" in text:
        return latex_to_text(text, tilde_is_space=False)
    return normalize_space(text)


def parse(text: str) -> ParseResult:
    """Every paper of an arXiv API feed; error entries are reported, not imported."""
    root = read_xml(text)
    if root.tag == f"{ATOM}entry":
        entries = [root]
    elif root.tag == f"{ATOM}feed":
        entries = root.findall(f"{ATOM}entry")
    else:
        raise ImporterError("Not an arXiv API response (no Atom <feed> element).")
    result = ParseResult(format=FORMAT)
    errors = []
    for index, entry in enumerate(entries, start=1):
        entry_id = _text(entry.find(f"{ATOM}id"))
        if "/api/errors" in entry_id:
            message = _text(entry.find(f"{ATOM}summary")) or "unknown error"
            errors.append(message)
            result.skipped.append(Skipped(f"arXiv API error: {message}", key=entry_id))
            continue
        paper = entry_to_paper(entry)
        if isinstance(paper, str):
            result.skipped.append(Skipped(paper, line=None, key=entry_id or f"entry {index}"))
            continue
        result.papers.append(fields.finish_paper(paper))
    if not result.papers:
        if errors:
            raise ImporterError(f"arXiv API error: {'; '.join(errors)}")
        if not result.skipped:
            raise ImporterError("The arXiv response holds no entries (no paper has that id).")
    return result


def entry_to_paper(entry: ET.Element) -> ParsedPaper | str:
    """One <entry> as a ParsedPaper, or the reason it cannot be used."""
    entry_id = _text(entry.find(f"{ATOM}id"))
    title = _decode(_text(entry.find(f"{ATOM}title")))
    if not title:
        return "entry without a title"
    arxiv_id = fields.clean_arxiv_id(entry_id)
    paper = ParsedPaper(title=title, kind="preprint", source_key=arxiv_id or entry_id)
    paper.arxiv_id = arxiv_id
    paper.venue_name, paper.venue_kind = "arXiv", "preprint"
    summary = entry.find(f"{ATOM}summary")
    if summary is not None:
        paper.abstract = _decode("".join(summary.itertext()))
    for author in entry.findall(f"{ATOM}author"):
        name = fields.clean_person_name(_decode(_text(author.find(f"{ATOM}name"))))
        if not name:
            continue
        affiliations = [_text(a) for a in author.findall(f"{ARXIV}affiliation")]
        paper.authors.append(ParsedAuthor(name=name, affiliations=[a for a in affiliations if a]))
    paper.date, paper.date_precision = fields.date_from_text(_text(entry.find(f"{ATOM}published")))
    if paper.date is None:
        paper.date, paper.date_precision = fields.date_from_text(
            _text(entry.find(f"{ATOM}updated"))
        )

    primary = entry.find(f"{ARXIV}primary_category")
    codes = [primary.get("term", "")] if primary is not None else []
    codes += [category.get("term", "") for category in entry.findall(f"{ATOM}category")]
    for code in codes:
        code = normalize_space(code)
        if SUBJECT_CODE.match(code) and code not in paper.subject_codes:
            paper.subject_codes.append(code)

    paper.doi = fields.clean_doi(_text(entry.find(f"{ARXIV}doi")))
    comment = _text(entry.find(f"{ARXIV}comment"))
    journal_ref = _text(entry.find(f"{ARXIV}journal_ref"))
    paper.note = "; ".join(part for part in (comment, journal_ref) if part)
    for link in entry.findall(f"{ATOM}link"):
        href = fields.http_url(link.get("href", ""))
        if href and (link.get("title") == "pdf" or link.get("type") == "application/pdf"):
            paper.links.setdefault("pdf", href)
        elif href and link.get("title") == "doi" and not paper.doi:
            paper.doi = fields.clean_doi(href)
    if not paper.arxiv_id:
        alternate = next((link.get("href", "") for link in entry.findall(f"{ATOM}link")), "")
        paper.arxiv_id = fields.clean_arxiv_id(alternate)
    return paper
