"""Writes across papers, authorships and people: the import service and a one-paper upsert."""

from datetime import date

from papers.imports.pipeline import ImportReport, ProgressCallback, import_result
from papers.models import Paper
from papers.parsers.detect import decode, parse_text
from papers.parsers.records import ParsedPaper, ParseResult
from people.models import Person


def papers_import(
    *,
    data: bytes | str,
    source: str,
    format_name: str = "",
    person: Person | None = None,
    dry_run: bool = False,
    user=None,
    today: date | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Decode, parse (detecting the format unless given) and import a file in one transaction.

    Raises ImporterError, having written nothing, when the input cannot be read at all.
    """
    text = decode(data)
    result = parse_text(text, format_name=format_name, filename=source)
    return import_result(
        result,
        source=source,
        person=person,
        dry_run=dry_run,
        user=user,
        today=today,
        progress=progress,
    )


def paper_upsert(
    *, parsed: ParsedPaper, person: Person | None = None, source: str = "api", user=None
) -> Paper:
    """Create or update one paper from a parsed record, by the import rules (match, keep edits)."""
    report = import_result(
        ParseResult(papers=[parsed], format="record"),
        source=source,
        person=person,
        user=user,
        store_run=False,
    )
    entry = report.entries[-1]
    if entry.paper_id is None:
        raise ValueError(entry.reason or "the record was not imported")
    return Paper.objects.get(pk=entry.paper_id)
