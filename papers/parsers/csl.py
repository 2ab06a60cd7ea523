"""CSL-JSON (Zotero, Better BibTeX, citeproc, pandoc): a list of items or one item."""

from . import crossref, fields, orcid
from .records import ImporterError, ParsedAuthor, ParsedPaper, ParseResult, Skipped

FORMAT = "csl"
KIND_BY_TYPE = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "review": "article", "review-book": "article",
    "paper-conference": "conference", "speech": "conference", "event": "conference",
    "preprint": "preprint", "posted-content": "preprint",
    "chapter": "chapter", "entry-encyclopedia": "chapter", "entry-dictionary": "chapter",
    "entry": "chapter",
    "book": "book", "classic": "book", "periodical": "book",
    "thesis": "thesis", "report": "report",
    # Crossref's and DataCite's type names, which some CSL producers pass through.
    "journal-article": "article", "proceedings-article": "conference",
    "book-chapter": "chapter", "dissertation": "thesis", "monograph": "book",
}  # fmt: skip
NAME_PARTS = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")


def parse(text: str) -> ParseResult:
    """Every CSL-JSON item as a ParsedPaper."""
    data = fields.load_json(text)
    # A file sent here by its extension or a loose guess may be ORCID or Crossref JSON.
    if isinstance(data, dict) and any(key in data for key in ("bulk", "put-code", "group")):
        return orcid.parse(text)
    if isinstance(data, dict) and isinstance(data.get("message"), dict):
        return crossref.parse(text)
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        items = data["items"]
    elif isinstance(data, dict) and ("title" in data or "type" in data):
        items = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise ImporterError("Not CSL-JSON (expected a list of items with 'title' and 'type').")
    if not items:
        raise ImporterError("The CSL-JSON file holds no items.")
    result = ParseResult(format=FORMAT)
    for index, item in enumerate(items, start=1):
        key = fields.as_text(fields.as_dict(item).get("id")) or f"item {index}"
        if not isinstance(item, dict):
            result.skipped.append(Skipped("not a CSL item (an object)", key=key))
            continue
        paper = item_to_paper(item)
        if isinstance(paper, str):
            result.skipped.append(Skipped(paper, key=key))
        else:
            paper.source_key = key
            result.papers.append(fields.finish_paper(paper))
    if not result.papers and not any(isinstance(item, dict) for item in items):
        raise ImporterError("Not CSL-JSON: no item is an object.")
    return result


def _text(item: dict, *names: str) -> str:
    for name in names:
        value = item.get(name)
        if isinstance(value, list):  # some exporters wrap strings in lists
            value = next((v for v in value if fields.as_text(v)), "")
        text = fields.strip_csl_markup(fields.as_text(value))
        if text:
            return text
    return ""


def _names(item: dict) -> tuple[list[ParsedAuthor], bool]:
    authors, complete = [], True
    for person in fields.as_list(item.get("author")) or fields.as_list(item.get("editor")):
        person = fields.as_dict(person)
        name = fields.strip_markup(fields.as_text(person.get("literal")))
        if not name:
            name = " ".join(
                fields.strip_markup(fields.as_text(person.get(part)))
                for part in NAME_PARTS
                if fields.as_text(person.get(part))
            )
        name = fields.clean_person_name(name)
        if not name:
            continue
        if fields.is_et_al(name):
            complete = False
            continue
        orcid = fields.clean_orcid(fields.as_text(person.get("ORCID") or person.get("orcid")))
        authors.append(ParsedAuthor(name=name, orcid=orcid))
    return authors, complete


def _date(item: dict):
    issued = item.get("issued")
    if isinstance(issued, list):  # CSL 0.x and some exporters: a list of date objects
        issued = issued[0] if issued else None
    if isinstance(issued, str | int):
        return fields.date_from_text(str(issued))
    issued = fields.as_dict(issued)
    parts = fields.as_list(issued.get("date-parts"))
    first = fields.as_list(parts[0]) if parts else []
    numbers = []
    for part in first[:3]:
        text = fields.as_text(part)
        numbers.append(int(text) if text.isdigit() else None)
    if numbers and numbers[0]:
        month = numbers[1] if len(numbers) > 1 else None
        day = numbers[2] if len(numbers) > 2 and month else None
        found = fields.make_date(numbers[0], month, day)
        if found[0] is not None:
            return found
    for name in ("raw", "literal"):
        if fields.as_text(issued.get(name)):
            return fields.date_from_text(fields.as_text(issued[name]))
    if fields.as_text(issued.get("year")):
        return fields.make_date(
            fields.as_text(issued["year"]), fields.as_text(issued.get("month")), issued.get("day")
        )
    return None, "day"


def item_to_paper(item: dict) -> ParsedPaper | str:
    """One CSL item as a ParsedPaper, or the reason it cannot be used."""
    title = _text(item, "title")
    if not title:
        return "item without a title"
    paper = ParsedPaper(title=title)
    paper.authors, paper.authors_complete = _names(item)
    paper.date, paper.date_precision = _date(item)

    url = fields.http_url(_text(item, "URL", "url"))
    doi_value = _text(item, "DOI", "doi")
    paper.doi = fields.clean_doi(doi_value)
    for candidate in (doi_value, _text(item, "number"), url, _text(item, "note"),
                      _text(item, "container-title"), _text(item, "archive_location")):  # fmt: skip
        paper.arxiv_id = fields.clean_arxiv_id(candidate)
        if paper.arxiv_id:
            break
    if not paper.doi and url and "doi.org/" in url.lower():
        paper.doi = fields.clean_doi(url)

    container = _text(item, "container-title", "collection-title")
    publisher = _text(item, "publisher")
    csl_type = fields.as_text(item.get("type")).lower()
    paper.kind = KIND_BY_TYPE.get(csl_type, "other")
    server = fields.preprint_server(container) or fields.preprint_server(publisher)
    # CSL's "article" is "a preprint, working paper, or similar": a preprint when something
    # says so (a server, an arXiv id, a genre), otherwise other.
    says_preprint = bool(server or paper.arxiv_id) or "preprint" in _text(item, "genre").lower()
    if csl_type == "article" and says_preprint:
        paper.kind = "preprint"
    if server or (paper.kind == "other" and paper.arxiv_id):
        paper.kind = "preprint"
    if paper.kind == "preprint":
        paper.venue_name = server or container or ("arXiv" if paper.arxiv_id else publisher)
    elif paper.kind == "thesis" or paper.kind == "report":
        paper.venue_name = publisher or container
    elif paper.kind == "book":  # a book's venue is its series, not its publisher
        paper.venue_name = _text(item, "collection-title")
    else:
        paper.venue_name = container
    paper.venue_kind = fields.venue_kind(paper)
    paper.venue_short_name = _text(item, "container-title-short", "journalAbbreviation")
    paper.volume = _text(item, "volume")[:32]
    paper.issue = _text(item, "issue")[:32]
    paper.pages = _text(item, "page")[:32]
    paper.publisher = publisher
    paper.abstract = _text(item, "abstract")
    paper.note = _text(item, "note")
    if url and "arxiv.org/" not in url.lower() and "doi.org/" not in url.lower():
        paper.links[fields.link_kind(url)] = url
    paper.has_code = "code" in paper.links
    keywords = _text(item, "keyword")
    paper.keywords = [k.strip() for k in keywords.replace(";", ",").split(",") if k.strip()]
    return paper
