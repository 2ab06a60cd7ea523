"""ORCID works JSON (API v3.0): the /works summary, the bulk /works/{put-codes} answer and
a single /work/{put-code}."""

from . import bibtex, fields
from .latex import normalize_space
from .records import ImporterError, ParsedAuthor, ParsedPaper, ParseResult, Skipped

FORMAT = "orcid"
KIND_BY_TYPE = {
    "journal-article": "article", "magazine-article": "article", "review": "article",
    "conference-paper": "conference", "conference-abstract": "conference",
    "conference-poster": "conference", "conference-output": "conference",
    "conference-presentation": "conference", "conference-proceedings": "conference",
    "preprint": "preprint", "working-paper": "report", "report": "report",
    "dissertation": "thesis", "dissertation-thesis": "thesis",
    "supervised-student-publication": "thesis",
    "book-chapter": "chapter", "encyclopedia-entry": "chapter", "dictionary-entry": "chapter",
    "book": "book", "edited-book": "book",
}  # fmt: skip
NOT_AUTHORS = ("editor", "translator", "chair")


def parse(text: str) -> ParseResult:
    """The works of an ORCID record as ParsedPapers, one per group of duplicates."""
    data = fields.load_json(text)
    if isinstance(data, dict):
        # The /record and /activities answers hold the works summary one or two levels down.
        data = fields.as_dict(data.get("activities-summary")).get("works", data.get("works", data))
    result = ParseResult(format=FORMAT)
    if isinstance(data, dict) and "group" in data:
        for index, group in enumerate(fields.as_list(data.get("group")), start=1):
            _add_group(fields.as_dict(group), index, result)
    elif isinstance(data, dict) and "bulk" in data:
        works = []
        for index, item in enumerate(fields.as_list(data.get("bulk")), start=1):
            item = fields.as_dict(item)
            if "error" in item:
                error = fields.as_dict(item["error"])
                message = fields.as_text(error.get("user-message")) or fields.as_text(
                    error.get("developer-message")
                )
                result.skipped.append(
                    Skipped(f"ORCID error: {message or 'unknown'}", key=f"bulk item {index}")
                )
            elif isinstance(item.get("work"), dict):
                works.append(item["work"])
        _add_deduplicated(works, result)
    elif isinstance(data, dict) and "put-code" in data and "title" in data:
        _add_deduplicated([data], result)
    elif isinstance(data, dict) and ("response-code" in data or "error-code" in data):
        message = fields.as_text(data.get("user-message")) or fields.as_text(
            data.get("developer-message")
        )
        raise ImporterError(f"ORCID error: {message or 'unknown error'}")
    else:
        raise ImporterError(
            "Not an ORCID works response (expected 'group', 'bulk' or a single work)."
        )
    return result


def richness(work: dict) -> int:
    """How much a work record says: the duplicate that says most is kept."""
    date = fields.as_dict(work.get("publication-date"))
    return sum(
        [
            bool(_title(work)),
            bool(fields.as_text(fields.as_dict(work.get("journal-title")).get("value"))),
            sum(
                bool(fields.as_dict(date.get(part)).get("value"))
                for part in ("year", "month", "day")
            ),
            len(fields.as_list(fields.as_dict(work.get("external-ids")).get("external-id"))),
            bool(fields.as_dict(work.get("url")).get("value")),
            2 * len(fields.as_list(fields.as_dict(work.get("contributors")).get("contributor"))),
            bool(work.get("short-description")),
            bool(fields.as_dict(work.get("citation")).get("citation-value")),
        ]
    )


def _add_group(group: dict, index: int, result: ParseResult) -> None:
    summaries = [s for s in fields.as_list(group.get("work-summary")) if isinstance(s, dict)]
    if not summaries:
        result.skipped.append(Skipped("group without a work", key=f"group {index}"))
        return
    best = max(summaries, key=richness)
    paper = work_to_paper(best)
    key = fields.as_text(best.get("put-code")) or f"group {index}"
    if isinstance(paper, str):
        result.skipped.append(Skipped(paper, key=key))
        return
    # The group's identifiers are the union of its members': fill in what the best one lacks.
    doi, arxiv_id = _identifiers(fields.as_dict(group.get("external-ids")))
    paper.doi = paper.doi or doi
    paper.arxiv_id = paper.arxiv_id or arxiv_id
    result.papers.append(fields.finish_paper(paper))


def _add_deduplicated(works: list[dict], result: ParseResult) -> None:
    """Bulk answers may list the same paper from several sources; keep the richest."""
    chosen: dict[str, tuple[int, dict]] = {}
    order: list[str] = []
    for index, work in enumerate(works):
        doi, arxiv_id = _identifiers(fields.as_dict(work.get("external-ids")))
        key = doi or arxiv_id or f"#{index}"
        if key not in chosen:
            order.append(key)
            chosen[key] = (richness(work), work)
        elif richness(work) > chosen[key][0]:
            chosen[key] = (richness(work), work)
    for key in order:
        work = chosen[key][1]
        paper = work_to_paper(work)
        if isinstance(paper, str):
            result.skipped.append(Skipped(paper, key=fields.as_text(work.get("put-code")) or key))
        else:
            result.papers.append(fields.finish_paper(paper))


def _title(work: dict) -> str:
    title_block = fields.as_dict(work.get("title"))
    title = fields.strip_markup(
        fields.as_text(fields.as_dict(title_block.get("title")).get("value"))
    )
    subtitle = fields.strip_markup(
        fields.as_text(fields.as_dict(title_block.get("subtitle")).get("value"))
    )
    if title and subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    return title


def _identifiers(external_ids: dict) -> tuple[str, str]:
    """The work's own DOI and arXiv id ("part-of" ids belong to the container)."""
    doi = arxiv_id = ""
    for external in fields.as_list(external_ids.get("external-id")):
        external = fields.as_dict(external)
        if fields.as_text(external.get("external-id-relationship")).lower() not in ("", "self"):
            continue
        kind = fields.as_text(external.get("external-id-type")).lower()
        value = fields.as_text(external.get("external-id-value"))
        if kind == "doi" and not doi:
            doi = fields.clean_doi(value)
            if not doi:
                arxiv_id = arxiv_id or fields.clean_arxiv_id(value)
        elif kind == "arxiv" and not arxiv_id:
            arxiv_id = fields.clean_arxiv_id(value)
    return doi, arxiv_id


def _contributors(work: dict) -> list[ParsedAuthor]:
    people = []
    for position, contributor in enumerate(
        fields.as_list(fields.as_dict(work.get("contributors")).get("contributor"))
    ):
        contributor = fields.as_dict(contributor)
        attributes = fields.as_dict(contributor.get("contributor-attributes"))
        role = fields.as_text(attributes.get("contributor-role")).lower()
        if any(word in role for word in NOT_AUTHORS):
            continue
        name = fields.clean_person_name(
            fields.strip_markup(
                fields.as_text(fields.as_dict(contributor.get("credit-name")).get("value"))
            )
        )
        if not name:
            continue
        orcid_block = fields.as_dict(contributor.get("contributor-orcid"))
        orcid = fields.clean_orcid(
            fields.as_text(orcid_block.get("path")) or fields.as_text(orcid_block.get("uri"))
        )
        is_first = fields.as_text(attributes.get("contributor-sequence")).lower() == "first"
        people.append((0 if is_first else 1, position, ParsedAuthor(name=name, orcid=orcid)))
    # "first" is a position, not a hint: a first author listed later moves to the front.
    return [author for _, _, author in sorted(people, key=lambda item: item[:2])]


def work_to_paper(work: dict) -> ParsedPaper | str:
    """One ORCID work (summary or full record) as a ParsedPaper, or why it cannot be used."""
    title = _title(work)
    if not title:
        return "work without a title"
    put_code = fields.as_text(work.get("put-code"))
    paper = ParsedPaper(title=title, source_key=put_code)
    paper.doi, paper.arxiv_id = _identifiers(fields.as_dict(work.get("external-ids")))

    date = fields.as_dict(work.get("publication-date"))
    parts = [
        fields.as_text(fields.as_dict(date.get(part)).get("value"))
        for part in ("year", "month", "day")
    ]
    month = int(parts[1]) if parts[1].isdigit() else None
    paper.date, paper.date_precision = fields.make_date(parts[0], month, parts[2] or None)

    work_type = fields.as_text(work.get("type")).lower().replace("_", "-")
    journal = fields.strip_markup(
        fields.as_text(fields.as_dict(work.get("journal-title")).get("value"))
    )
    paper.kind = KIND_BY_TYPE.get(work_type, "other")
    server = fields.preprint_server(journal)
    if server or (paper.kind == "other" and paper.arxiv_id and not journal):
        paper.kind = "preprint"
    if paper.kind == "preprint":
        paper.venue_name = server or journal or ("arXiv" if paper.arxiv_id else "")
    else:
        paper.venue_name = journal
    paper.venue_kind = fields.venue_kind(paper)
    paper.abstract = fields.strip_markup(fields.as_text(work.get("short-description")))

    url = fields.http_url(fields.as_text(fields.as_dict(work.get("url")).get("value")))
    if url and "doi.org/" in url.lower():
        paper.doi = paper.doi or fields.clean_doi(url)
    elif url and "arxiv.org/" in url.lower():
        paper.arxiv_id = paper.arxiv_id or fields.clean_arxiv_id(url)
    elif url:
        paper.links[fields.link_kind(url)] = url
    paper.has_code = "code" in paper.links

    paper.authors = _contributors(work)
    citation = fields.as_dict(work.get("citation"))
    if fields.as_text(citation.get("citation-type")).lower() == "bibtex":
        _fill_from_bibtex(paper, str(citation.get("citation-value") or ""))
    return paper


def _fill_from_bibtex(paper: ParsedPaper, citation: str) -> None:
    """ORCID records often carry their authors only inside a BibTeX citation."""
    if not normalize_space(citation):
        return
    try:
        cited = bibtex.parse(citation).papers
    except ImporterError:
        return
    if not cited:
        return
    entry = cited[0]
    if not paper.authors:
        paper.authors, paper.authors_complete = entry.authors, entry.authors_complete
    for name in ("volume", "issue", "pages", "publisher", "doi", "arxiv_id", "abstract"):
        if not getattr(paper, name) and getattr(entry, name):
            setattr(paper, name, getattr(entry, name))
    if not paper.venue_name and entry.venue_name:
        paper.venue_name, paper.venue_kind = entry.venue_name, entry.venue_kind
    if paper.date is None and entry.date is not None:
        paper.date, paper.date_precision = entry.date, entry.date_precision
