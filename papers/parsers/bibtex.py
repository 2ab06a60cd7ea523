"""BibTeX and BibLaTeX: personal-website (al-folio), Google Scholar, DBLP and Zotero exports."""

import logging
import re

import bibtexparser
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
    String,
)

from . import fields
from .latex import latex_to_text, normalize_space, pages_to_text
from .records import ImporterError, ParsedAuthor, ParsedPaper, ParseResult, Skipped

FORMAT = "bibtex"
# bibtexparser logs every malformed block; we report them in ParseResult.skipped instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
MONTH_MACROS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}  # fmt: skip
# "@article{key" followed by a line starting "field =": the comma after the key was forgotten.
MISSING_KEY_COMMA = re.compile(r"(@[A-Za-z]+\s*\{\s*[^,\s{}()=\"#%']+)([ \t]*\n\s*[A-Za-z_-]+\s*=)")
# A value part followed, on a new line, by "field =": the comma between two fields was forgotten.
NEXT_FIELD = re.compile(r"\s*\n\s*([A-Za-z][\w-]*)\s*=\s*")
ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]*)")
CHUNK_START = re.compile(r"^[ \t]*@", re.MULTILINE)
AND_SEPARATOR = re.compile(r"\s+and\s+", re.IGNORECASE)
NAME_MARK = re.compile(r"\s*(?:\$\^\{?[*∗†‡]+\}?\$|\^\{?[*∗†‡]+\}?|[*∗†‡]+)$")
TRUE_WORDS = {"true", "yes", "1", "y", "t", "on"}
# Fields a child entry takes from the entry its `crossref` names, when it has none of its own.
INHERITED = ("booktitle", "year", "month", "publisher", "address", "editor", "series", "volume",
             "organization", "school", "institution", "journal", "journaltitle", "date",
             "eventtitle", "venue", "location")  # fmt: skip
# Volumes that DBLP exports beside the papers that crossref them; they are containers, not papers.
VOLUME_TYPES = {"proceedings", "mvproceedings", "book", "mvbook", "collection", "mvcollection"}
KIND_BY_TYPE = {
    "inproceedings": "conference", "conference": "conference",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "incollection": "chapter", "inbook": "chapter", "bookinbook": "chapter",
    "suppbook": "chapter", "suppcollection": "chapter",
    "techreport": "report", "report": "report",
    "book": "book", "mvbook": "book", "collection": "book",
    "proceedings": "book", "mvproceedings": "book",
}  # fmt: skip
# Link fields of al-folio, jekyll-scholar and BibBase bibliographies, by the slot they fill.
LINK_FIELDS = (
    ("code", "code"), ("url_code", "code"), ("code_url", "code"), ("github", "code"),
    ("slides", "slides"), ("url_slides", "slides"), ("slides_url", "slides"),
    ("video", "video"), ("url_video", "video"), ("video_url", "video"),
    ("website", "project"), ("project", "project"), ("url_project", "project"),
    ("project_url", "project"), ("projectpage", "project"), ("html", "project"),
    ("url_html", "project"), ("url_link", "project"),
    ("data", "data"), ("dataset", "data"), ("url_data", "data"), ("data_url", "data"),
    ("pdf", "pdf"), ("url_pdf", "pdf"), ("pdf_url", "pdf"), ("urlpdf", "pdf"),
)  # fmt: skip


def parse(text: str) -> ParseResult:
    """Every entry of a BibTeX file as a ParsedPaper; bad entries are listed in `skipped`."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = (text or "").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = MISSING_KEY_COMMA.sub(r"\1,\2", text)
    if "@" not in text:
        raise ImporterError("No BibTeX entries found (no line starts with @type{...}).")
    result = ParseResult(format=FORMAT)
    blocks = _split(text, result)

    macros: dict[str, str] = dict(MONTH_MACROS)
    entries: list[tuple[str, str, dict[str, str], dict[str, str], int | None]] = []
    for block, line_offset in blocks:
        if isinstance(block, String):
            macros[block.key.strip().lower()] = _expand(str(block.value), macros)
            continue
        if isinstance(block, DuplicateFieldKeyBlock | DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, Entry
        ):
            block = block.ignore_error_block
        if isinstance(block, ParsingFailedBlock):
            _report_failure(block, line_offset, result)
            continue
        if not isinstance(block, Entry):
            continue
        raw_fields: dict[str, str] = {}
        for field in block.fields:
            for name, raw in _recover_fields(str(field.key), str(field.value)):
                raw_fields.setdefault(name.strip().lower(), raw)
        values = {key: _expand(value, macros) for key, value in raw_fields.items()}
        line = block.start_line + line_offset + 1 if block.start_line is not None else None
        entries.append((block.entry_type.lower(), block.key, values, raw_fields, line))

    if not entries and not result.skipped:
        raise ImporterError("No BibTeX entries found (no line starts with @type{...}).")

    by_key = {key.lower(): values for _, key, values, _, _ in entries}
    referenced = {
        values["crossref"].strip().lower()
        for _, _, values, _, _ in entries
        if values.get("crossref")
    }
    for entry_type, key, values, _raw, line in entries:
        if entry_type in VOLUME_TYPES and key.lower() in referenced:
            result.skipped.append(
                Skipped(
                    f"the @{entry_type} volume other entries' crossref names", line=line, key=key
                )
            )
            continue
        parent_key = values.get("crossref", "").strip().lower()
        if parent_key and parent_key in by_key:
            values = _inherit(values, by_key[parent_key])
        try:
            paper = entry_to_paper(entry_type, key, values)
        except RecursionError:
            result.skipped.append(Skipped("entry nested too deeply to read", line=line, key=key))
            continue
        if isinstance(paper, str):
            result.skipped.append(Skipped(paper, line=line, key=key))
            continue
        paper.source_line = line
        result.papers.append(fields.finish_paper(paper))
    return result


def _split(text: str, result: ParseResult) -> list[tuple[Block, int]]:
    """bibtexparser's blocks, each with the line offset of the text it was read from; if the
    splitter fails on the whole file, entry by entry so one bad entry cannot sink the rest.

    No middlewares (parse_stack=[]): values stay raw so that _recover_fields can split a value
    that swallowed the next field (a missing comma) before _expand unwraps it; the library's
    ResolveStringReferencesMiddleware and RemoveEnclosingMiddleware would run before that (and
    know no month macros), and its SeparateCoAuthors and SplitNameParts take "others" and
    contribution marks (*, †) for names, which parse_names does not.
    """
    try:
        return [(block, 0) for block in bibtexparser.parse_string(text, parse_stack=[]).blocks]
    except Exception:  # bibtexparser's splitter raises bare exceptions on some malformed input
        pass
    blocks = []
    starts = [m.start() for m in CHUNK_START.finditer(text)]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        chunk = text[start:end]
        first_line = text.count("\n", 0, start)
        try:
            chunk_blocks = bibtexparser.parse_string(chunk, parse_stack=[]).blocks
        except Exception:  # same as above, now confined to one entry
            match = ENTRY_START.search(chunk)
            result.skipped.append(
                Skipped(
                    "not valid BibTeX", line=first_line + 1, key=match.group(2) if match else ""
                )
            )
            continue
        blocks += [(block, first_line) for block in chunk_blocks]
    return blocks


def _report_failure(block: ParsingFailedBlock, line_offset: int, result: ParseResult) -> None:
    raw = block.raw or ""
    match = ENTRY_START.search(raw)
    if not match or match.group(1).lower() in ("comment", "preamble"):
        return  # stray text with an @ in it (an e-mail address), not an entry
    message = str(getattr(block.error, "abort_reason", "") or block.error or "")
    reason = re.sub(r"\s+", " ", message).strip()[:200] or "not valid BibTeX"
    if "Unexpected block start" in message or "Was still looking" in message:
        reason = "unbalanced braces or quotes: the entry runs into the next one"
    line = block.start_line + line_offset + 1 if block.start_line is not None else None
    result.skipped.append(Skipped(reason, line=line, key=match.group(2)))


def _expand(raw: str, macros: dict[str, str]) -> str:
    """The value of a field: `{...}` and `"..."` parts unwrapped, `#` concatenation done,
    @string and month macros replaced. Never raises."""
    parts: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        char = raw[i]
        if char.isspace() or char == "#":
            i += 1
        elif char in '{"':
            closing = "}" if char == "{" else '"'
            depth, j = 0, i + 1
            while j < n:
                c = raw[j]
                if c == "\\":
                    j += 2
                    continue
                if c == "{":
                    depth += 1
                elif c == "}":
                    if depth == 0 and closing == "}":
                        break
                    depth -= 1
                elif c == '"' and closing == '"' and depth <= 0:
                    break
                j += 1
            parts.append(raw[i + 1 : j])
            i = j + 1
        else:
            j = i
            while j < n and not raw[j].isspace() and raw[j] != "#":
                j += 1
            token = raw[i:j]
            parts.append(macros.get(token.lower(), token))
            i = j
    return "".join(parts)


def _recover_fields(key: str, raw: str) -> list[tuple[str, str]]:
    """(name, raw value) pairs for one parsed field; more than one when a missing comma made
    bibtexparser read `{a}\n  year = 2020` as a single value."""
    pairs = []
    while True:
        end = _first_part_end(raw)
        match = NEXT_FIELD.match(raw, end) if end is not None else None
        if not match:
            pairs.append((key, raw))
            return pairs
        pairs.append((key, raw[:end]))
        key, raw = match.group(1), raw[match.end() :].rstrip().rstrip(",")


def _first_part_end(raw: str) -> int | None:
    """Where the first `{...}` or `"..."` part of a raw value ends (None if it does not)."""
    stripped = raw.lstrip()
    start = len(raw) - len(stripped)
    if not stripped:
        return None
    if stripped[0] not in '{"':
        token = re.match(r"[^\s#{}\"]+", stripped)  # a number or a macro name
        return start + token.end() if token else None
    closing = "}" if stripped[0] == "{" else '"'
    depth = 0
    for index in range(start + 1, len(raw)):
        char = raw[index]
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index + 1 if closing == "}" else None
            depth -= 1
        elif char == '"' and closing == '"' and depth == 0:
            return index + 1
    return None


def _inherit(child: dict[str, str], parent: dict[str, str]) -> dict[str, str]:
    merged = dict(child)
    for name in INHERITED:
        if not merged.get(name) and parent.get(name):
            merged[name] = parent[name]
    if not merged.get("booktitle") and parent.get("title"):
        merged["booktitle"] = parent["title"]
    return merged


def _top_level_split(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split text on separator matches that are outside braces."""
    if "{" not in text and "\\" not in text:
        return separator.split(text)
    pieces, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            match = separator.match(text, i)
            if match and match.end() > i:
                pieces.append(text[start:i])
                start = i = match.end()
                continue
        i += 1
    pieces.append(text[start:])
    return pieces


def _is_one_group(text: str) -> bool:
    """True for `{Gemma Team}`: one brace group around the whole name."""
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and index != len(text) - 1:
                return False
    return depth == 0


SUFFIX = re.compile(r"^(?:jr|sr|i{1,3}|iv|2nd|3rd)\.?$", re.IGNORECASE)


def _name_pieces(value: str) -> list[str]:
    """The names of an author field: split on "and"; hand-written lists that use ";" or
    commas between full names ("Jane Doe, John Smith, Ann Lee") are split on those."""
    # Not bibtexparser's split_multiple_persons_names (SeparateCoAuthors): it agrees on real
    # names but drops escaped braces ("\{") and misreads stray "}", which damaged files hold.
    pieces = _top_level_split(value, AND_SEPARATOR)
    if len(pieces) == 1 and ";" in value:
        pieces = _top_level_split(value, re.compile(r"\s*;\s*"))
    split_pieces = []
    for piece in pieces:
        parts = [p.strip() for p in _top_level_split(piece, re.compile(r",\s*"))]
        looks_like_list = len(parts) >= 3 and all(
            len(part.split()) >= 2 and not SUFFIX.match(part) for part in parts
        )
        split_pieces += parts if looks_like_list else [piece]
    return split_pieces


def parse_names(value: str) -> tuple[list[ParsedAuthor], bool]:
    """Authors in order as printed ("Given Family"), and whether the list is complete."""
    authors: list[ParsedAuthor] = []
    complete = True
    value = normalize_space(value)
    if not value:
        return authors, complete
    for raw_name in _name_pieces(value):
        raw_name = raw_name.strip().strip(",").strip()
        if not raw_name:
            continue
        if fields.is_et_al(raw_name):
            complete = False
            continue
        if re.search(r"\s+et\.?\s*al\.?$", raw_name, re.IGNORECASE):
            complete = False
            raw_name = re.sub(r"\s+et\.?\s*al\.?$", "", raw_name, flags=re.IGNORECASE)
        if _is_one_group(raw_name):
            name = latex_to_text(raw_name[1:-1])
        else:
            parts = [p.strip() for p in _top_level_split(raw_name, re.compile(r",\s*"))]
            parts = [fields.clean_person_name(latex_to_text(p)) for p in parts]
            parts = [p for p in parts if p]
            if len(parts) >= 3:  # von Last, Jr, First
                name = " ".join([parts[2], parts[0], parts[1], *parts[3:]])
            elif len(parts) == 2:  # von Last, First
                name = f"{parts[1]} {parts[0]}"
            else:
                name = parts[0] if parts else ""
        name = fields.clean_person_name(name)
        equal = False
        mark = NAME_MARK.search(name)
        if mark and mark.start() > 0:
            equal = "*" in mark.group(0) or "∗" in mark.group(0)
            name = name[: mark.start()].strip()
        if fields.is_et_al(name):  # "{\em et al.}" only shows as et al. once decoded
            complete = False
            continue
        if not name:
            continue
        authors.append(ParsedAuthor(name=name, equal_contribution=equal))
    return authors, complete


def _text(values: dict[str, str], *names: str) -> str:
    for name in names:
        value = values.get(name, "")
        if value and value.strip():
            text = latex_to_text(value)
            if text:
                return text
    return ""


def _flag(values: dict[str, str], name: str) -> bool:
    return normalize_space(values.get(name, "")).strip("{}").lower() in TRUE_WORDS


def _find_arxiv_id(values: dict[str, str]) -> str:
    prefix = normalize_space(
        values.get("archiveprefix", "") or values.get("eprinttype", "")
    ).lower()
    candidates = [values.get("arxiv", ""), values.get("arxivid", "")]
    if not prefix or "arxiv" in prefix:
        candidates.append(values.get("eprint", ""))
    candidates += [values.get(name, "") for name in ("url_arxiv", "arxiv_url", "url", "journal",
                                                      "journaltitle", "note", "doi", "howpublished",
                                                      "pdf", "url_pdf", "html")]  # fmt: skip
    volume = normalize_space(values.get("volume", ""))
    if volume.lower().startswith("abs/"):  # DBLP's and Semantic Scholar's CoRR volumes
        candidates.append(volume[4:])
    for candidate in candidates:
        found = fields.clean_arxiv_id(candidate)
        if found:
            return found
    return ""


def _date(values: dict[str, str]):
    year_text = normalize_space(values.get("year", "")).strip("{}")
    month_text = values.get("month", "")
    day_text = normalize_space(values.get("day", ""))
    year_match = re.search(r"\d{4}", year_text)
    if year_match:
        # "jul # {~26}" gives a day; PMLR's "17--23 Jul" is the conference's span, not a day.
        is_span = re.search(r"\d\s*(?:-|–|—)", month_text)
        if (
            not day_text
            and not is_span
            and fields.parse_month(month_text)
            and re.search(r"\d", month_text)
        ):
            day_match = re.search(
                r"(?<!\d)(\d{1,2})(?!\d)", re.sub(r"^\s*\d{1,2}\s*$", "", month_text)
            )
            day_text = day_match.group(1) if day_match else ""
        return fields.make_date(year_match.group(0), month_text, day_text or None)
    if values.get("date"):
        return fields.date_from_text(values["date"])
    return None, "day"


def _kind_and_venue(
    entry_type: str, values: dict[str, str], arxiv_id: str, paper: ParsedPaper
) -> None:
    journal = _text(values, "journal", "journaltitle")
    booktitle = _text(values, "booktitle", "eventtitle")
    server = fields.preprint_server(journal) or fields.preprint_server(values.get("eprinttype", ""))
    kind = KIND_BY_TYPE.get(entry_type, "")
    if entry_type == "article":
        kind = "preprint" if server or (not journal and arxiv_id) else "article"
    elif not kind:
        howpublished = _text(values, "howpublished", "publisher", "organization")
        server = server or fields.preprint_server(howpublished)
        kind = "preprint" if arxiv_id or server or entry_type == "preprint" else "other"

    if kind == "preprint":
        paper.venue_name = server or ("arXiv" if arxiv_id else journal)
        paper.venue_kind = "preprint" if paper.venue_name else ""
    elif kind == "article":
        paper.venue_name, paper.venue_kind = journal, "journal" if journal else ""
    elif kind == "conference":
        paper.venue_name = booktitle or journal
        is_workshop = "workshop" in paper.venue_name.lower()
        paper.venue_kind = ("workshop" if is_workshop else "conference") if paper.venue_name else ""
    elif kind == "thesis":
        paper.venue_name = _text(values, "school", "institution", "organization")
        paper.venue_kind = "thesis" if paper.venue_name else ""
    elif kind == "chapter":
        paper.venue_name = booktitle or _text(values, "maintitle", "series")
        paper.venue_kind = "book" if paper.venue_name else ""
    elif kind == "report":
        paper.venue_name = _text(values, "institution", "organization", "publisher")
        paper.venue_kind = "other" if paper.venue_name else ""
    elif kind == "book":  # a book is not published "in" its publisher; a series is its venue
        paper.venue_name = _text(values, "series")
        paper.venue_kind = "book" if paper.venue_name else ""
    else:
        paper.venue_name = journal or booktitle
        paper.venue_kind = ("journal" if journal else "conference") if paper.venue_name else ""
    paper.kind = kind


def entry_to_paper(entry_type: str, key: str, values: dict[str, str]) -> ParsedPaper | str:
    """One entry's fields (macros expanded, LaTeX not yet decoded) as a ParsedPaper,
    or the reason it cannot be used."""
    title = _text(values, "title")
    if not title and entry_type in ("inbook", "incollection"):
        title = _text(values, "chapter")
    if not title:
        return "missing title"
    paper = ParsedPaper(title=title, bibtex_key=key, source_key=key)
    paper.authors, paper.authors_complete = parse_names(values.get("author", ""))
    if not paper.authors and values.get("editor"):
        paper.authors, paper.authors_complete = parse_names(values["editor"])
    paper.date, paper.date_precision = _date(values)

    doi = fields.clean_doi(values.get("doi", ""))
    url = fields.http_url(values.get("url", ""))
    if not doi and url and "doi.org/" in url.lower():
        doi = fields.clean_doi(url)
    paper.doi = doi
    paper.arxiv_id = _find_arxiv_id(values)
    _kind_and_venue(entry_type, values, paper.arxiv_id, paper)
    paper.venue_short_name = _text(
        values, "abbr", "shortjournal", "journalabbrev", "shortbooktitle"
    )

    volume = normalize_space(values.get("volume", "")).strip("{}")
    if paper.venue_name == "arXiv" and volume.lower().startswith("abs/"):
        volume = ""  # DBLP's CoRR volume is the arXiv id again
    paper.volume = latex_to_text(volume)[:32]
    paper.issue = latex_to_text(values.get("number", "") or values.get("issue", ""))[:32]
    pages = pages_to_text(values.get("pages", ""))
    if "arxiv" in pages.lower() or not re.search(r"\d", pages):
        pages = ""  # Google Scholar writes "arXiv--2407" for preprints
    paper.pages = pages[:32]
    paper.publisher = _text(values, "publisher")
    paper.abstract = latex_to_text(values.get("abstract", ""), keep_paragraphs=True)
    paper.note = latex_to_text(values.get("note", ""))

    for field_name, slot in LINK_FIELDS:
        link = fields.http_url(values.get(field_name, ""))
        if link and slot not in paper.links:
            paper.links[slot] = link
    url = url or fields.http_url(values.get("howpublished", ""))
    if url and "arxiv.org/" not in url.lower() and "doi.org/" not in url.lower():
        paper.links.setdefault(fields.link_kind(url), url)
    paper.has_code = "code" in paper.links or bool(normalize_space(values.get("code", "")))

    paper.featured = _flag(values, "selected") or _flag(values, "featured")
    award = _text(values, "award_name", "award")
    if award and award.lower() not in TRUE_WORDS:
        paper.awards = [award]
    keywords = _text(values, "keywords")
    paper.keywords = [k.strip() for k in re.split(r"[;,]", keywords) if k.strip()]
    primary_class = normalize_space(values.get("primaryclass", ""))
    if primary_class and re.fullmatch(r"[a-z\-]+(?:\.[A-Za-z\-]+)?", primary_class):
        paper.subject_codes = [primary_class]
    return paper
