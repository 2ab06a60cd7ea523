"""Parser for the profile-page format of the seed (see ../shared/seed/README.md).

A header (name, primary subject, reported figures, "N Papers"), then one block per paper:
a line "SUBJECT Mon D, YYYY[Code]", the title, the authors line (optional, " · " before
organisation tags) and the abstract (optional). The parser is line-oriented and tolerant
of CRLF, a BOM, trailing spaces and extra blank lines; a block it cannot read is reported
with its line number and skipped.
"""

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from papers.parsers.records import (
    ImporterError,
    ParsedAuthor,
    ParsedMetric,
    ParsedPaper,
    ParsedProfile,
    ParseResult,
    Skipped,
)

FORMAT = "profile"

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
MONTH_RE = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# A subject is an upper-case label (CV, LG) or a full arXiv code (cs.LG, q-bio.NC, hep-th).
SUBJECT_RE = (
    r"(?:[A-Za-z][A-Za-z]*(?:-[A-Za-z]+)*(?:\.[A-Za-z][A-Za-z\-]*)|[a-z]+-[a-z]+|[A-Z]{2,6})"
)
DATE_RE = (
    rf"(?:(?P<mon>{MONTH_RE})\.?\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s*(?P<mon2>{MONTH_RE})\.?,?\s*(?P<year2>\d{{4}})"
    rf"|(?P<mon3>{MONTH_RE})\.?,?\s+(?P<year3>\d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
)
CODE_RE = r"(?:\s*[·•|\-]?\s*(?P<code>(?i:code)))?"
PAPER_HEAD = re.compile(rf"^(?P<subject>{SUBJECT_RE})?\s*[·•|\-]?\s*{DATE_RE}{CODE_RE}$")
# Something that was meant to be a block's first line but does not read as one
# (a misspelt month, a missing year): short, starts with letters and has digits.
LOOKS_LIKE_HEAD = re.compile(
    r"^(?:[A-Za-z.\-]{1,16}\s*[A-Za-z]{0,10}\.?\s*\d{1,4}\b.{0,20}"
    r"|\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}.{0,20}"
    rf"|{SUBJECT_RE}\s*[·•|\-]?\s*(?i:code))$"
)
SEPARATOR = re.compile(r"\s+[·•]\s*|\s*[·•]\s+")
ET_AL = re.compile(r"(?:,?\s*(?:\bet\.?\s*al\b\.?|\band\s+others\b|…|\.\.\.)\s*)$", re.IGNORECASE)
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
LOWERCASE_NAME_WORDS = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la",
    "las", "los", "le", "ter", "ten", "bin", "al", "el", "st", "af", "zu", "y", "e", "and",
    "et", "al.", "team", "d'", "dei", "degli",
}  # fmt: skip
# Reported figures: "h-index117", "AI Score47", "Novelty61%" (name first) or
# "114papers", "216,183citations" (value first). "1.2k" / "3M" are read as 1,200 / 3,000,000.
NUMBER = (
    r"(?P<value>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"\s*(?P<mult>[kKmM])?\s*(?P<unit>%)?"
)
METRIC_NAME_FIRST = re.compile(rf"^(?P<name>.*?[^\d\s.,:=])\s*[:=]?\s*{NUMBER}$")
METRIC_VALUE_FIRST = re.compile(rf"^{NUMBER}\s*(?P<name>[^\d\s.,].*)$")
PAPERS_HEADING = re.compile(r"^\d[\d,]*\s+papers?$", re.IGNORECASE)
HEADER_SUBJECT = re.compile(rf"^{SUBJECT_RE}$")


def clean_lines(text: str) -> list[str]:
    """Lines without BOM, CR or trailing spaces, in NFC (so accents compare equal)."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    text = ZERO_WIDTH.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [" ".join(line.replace("\ufeff", "").split()) for line in text.split("\n")]


def parse_head(line: str) -> tuple[str, date | None, str, bool] | None:
    """(subject, date, date precision, has code) of a block's first line, None if it is not one.

    The date is None when the line has the shape but the date does not exist (Feb 30).
    """
    match = PAPER_HEAD.match(line)
    if not match:
        return None
    groups = match.groupdict()
    precision = "day"
    try:
        if groups["iso"]:
            parsed = date.fromisoformat(groups["iso"])
        elif groups["mon"]:
            parsed = date(int(groups["year"]), MONTHS[groups["mon"].lower()], int(groups["day"]))
        elif groups["mon2"]:
            parsed = date(int(groups["year2"]), MONTHS[groups["mon2"].lower()], int(groups["day2"]))
        else:
            parsed = date(int(groups["year3"]), MONTHS[groups["mon3"].lower()], 1)
            precision = "month"
    except ValueError:
        parsed = None
    return groups["subject"] or "", parsed, precision, bool(groups["code"])


def parse_metric(line: str) -> ParsedMetric | None:
    for pattern in (METRIC_NAME_FIRST, METRIC_VALUE_FIRST):
        match = pattern.match(line)
        if not match:
            continue
        raw = re.sub(r"[,\s]", "", match["value"])
        if not match["mult"] and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
            raw = raw.replace(".", "")  # "216.183": a thousands separator, not a fraction
        try:
            value = Decimal(raw)
        except InvalidOperation:
            continue
        if match["mult"]:
            value *= 1000 if match["mult"].lower() == "k" else 1_000_000
        name = " ".join(match["name"].split()).rstrip(":=").strip()
        if not name or len(name) > 64:
            continue
        return ParsedMetric(name=name, value=float(value), unit=match["unit"] or "")
    return None


def split_authors_line(line: str) -> tuple[list[ParsedAuthor], bool, list[str]]:
    """(authors, complete, organisation tags) from "A, B, C et al. · tag1, tag2"."""
    tags: list[str] = []
    line, *tag_parts = SEPARATOR.split(line)
    for part in tag_parts:
        tags += [tag.strip() for tag in part.split(",") if tag.strip()]
    line = line.strip()
    complete = True
    stripped = ET_AL.sub("", line)
    if stripped != line:
        complete = False
        line = stripped.strip().rstrip(",").strip()
    names: list[str] = []
    for chunk in line.split(","):
        for name in re.split(r"\s+(?:and|&)\s+", chunk.strip()):
            name = name.strip()
            if not name:
                continue
            if name.lower() in NAME_SUFFIXES and names:
                names[-1] = f"{names[-1]}, {name}"
                continue
            names.append(name)
    authors = []
    for name in names:
        marks = re.search(r"[*†‡#]+$", name)
        clean = name[: marks.start()].strip() if marks else name
        if clean:
            authors.append(ParsedAuthor(name=clean, equal_contribution=bool(marks and "*" in name)))
    return authors, complete, tags


def looks_like_authors(line: str) -> bool:
    """Whether a line reads as an author list (names, "et al.", " · " tags), not an abstract."""
    if len(line) > 5000:
        return False
    names, *tag_parts = SEPARATOR.split(line)
    for part in tag_parts:
        for tag in part.split(","):
            if len(tag) > 60 or len(tag.split()) > 5:
                return False
    cut = ET_AL.sub("", names).strip().rstrip(",")
    if not cut:
        return bool(tag_parts) or cut != names.strip()
    return _reads_as_names(cut)


def _reads_as_names(text: str) -> bool:
    words = text.replace(",", " ").split()
    if not words:
        return False
    last = words[-1]
    if last.endswith(".") and len(last.rstrip(".")) > 3:
        return False  # a sentence ends here
    for chunk in text.split(","):
        chunk_words = chunk.split()
        if len(chunk_words) > 7:
            return False
        for word in chunk_words:
            bare = word.strip("()*†‡#")
            prefix = re.split(r"[-'’]", bare, maxsplit=1)[0].lower()
            if (
                bare
                and bare[0].islower()
                and bare.lower() not in LOWERCASE_NAME_WORDS
                and prefix not in LOWERCASE_NAME_WORDS | {"d", "l", "o"}
            ):
                return False
            if any(char in word for char in ";:!?$\\{}=<>"):
                return False
    return True


def parse(text: str) -> ParseResult:
    """Read a profile page; raises ImporterError when there is no profile to read."""
    if "\x00" in text:
        raise ImporterError("The file is binary, not a text profile.")
    lines = clean_lines(text)
    numbered = [(number, line) for number, line in enumerate(lines, start=1)]
    first = next(((n, line) for n, line in numbered if line), None)
    if first is None:
        raise ImporterError("The file is empty.")
    if parse_head(first[1]) is not None:
        raise ImporterError(
            f"Line {first[0]}: the file starts with a paper; a profile starts with the person's name."
        )
    body_start = _body_start(numbered, after=first[0])
    header_end = body_start if body_start is not None else len(lines) + 1
    result = ParseResult(format=FORMAT)
    result.profile = _parse_header(first, numbered[first[0] : header_end - 1], result)
    if body_start is None:
        if not result.profile.metrics:
            raise ImporterError("No reported figures and no paper blocks: this is not a profile.")
        return result
    _parse_blocks(numbered[body_start - 1 :], result)
    return result


def _body_start(numbered: list[tuple[int, str]], *, after: int) -> int | None:
    """Line number of the first paper block (a damaged one counts), None if there is none."""
    previous_blank = True
    for n, line in numbered[after:]:
        if not line:
            previous_blank = True
            continue
        if parse_head(line) is not None:
            return n
        if (
            previous_blank
            and parse_metric(line) is None
            and not HEADER_SUBJECT.match(line)
            and _is_damaged_head(line, numbered, n)
        ):
            return n
        previous_blank = False
    return None


def _parse_header(
    first: tuple[int, str], rest: list[tuple[int, str]], result: ParseResult
) -> ParsedProfile:
    number, name = first
    if len(name) > 255 or not re.search(r"[^\W\d_]", name) or parse_metric(name):
        raise ImporterError(f"Line {number}: expected the person's name, found {name[:60]!r}.")
    profile = ParsedProfile(full_name=name)
    content = [(n, line) for n, line in rest if line]
    # "114 Papers" heading the list is not a reported figure: the last header line,
    # when it has that shape and stands alone or repeats an earlier "papers" figure.
    if content and PAPERS_HEADING.match(content[-1][1]):
        n_last = content[-1][0]
        alone = len(content) == 1 or not lines_between_blank(rest, content[-2][0], n_last)
        if alone or any(
            (m := parse_metric(line)) and m.name.lower().startswith("paper")
            for _, line in content[:-1]
        ):
            content = content[:-1]
    for n, line in content:
        if not profile.primary_subject and HEADER_SUBJECT.match(line):
            profile.primary_subject = line
            continue
        metric = parse_metric(line)
        if metric is not None:
            profile.metrics.append(metric)
        else:
            result.warnings.append(
                Skipped(reason=f"header line not understood: {line[:80]!r}", line=n)
            )
    return profile


def lines_between_blank(rest: list[tuple[int, str]], before: int, after: int) -> bool:
    """True when no blank line separates line numbers before and after."""
    return all(line for n, line in rest if before < n < after)


def _parse_blocks(numbered: list[tuple[int, str]], result: ParseResult) -> None:
    # Group lines into blocks: each starts at a paper's first line, or at a line that
    # opens a paragraph and looks like a damaged first line (reported, then skipped).
    blocks: list[list[tuple[int, str]]] = []
    previous_blank = True
    for n, line in numbered:
        if not line:
            previous_blank = True
            if blocks:
                blocks[-1].append((n, line))
            continue
        starts = parse_head(line) is not None or (
            previous_blank and _is_damaged_head(line, numbered, n)
        )
        if starts or not blocks:
            subject_above = _subject_line_above(blocks, n, line)
            blocks.append([subject_above, (n, line)] if subject_above else [(n, line)])
        else:
            blocks[-1].append((n, line))
        previous_blank = False
    for block in blocks:
        paper_or_skip = _parse_block(block)
        if isinstance(paper_or_skip, Skipped):
            result.skipped.append(paper_or_skip)
        else:
            result.papers.append(paper_or_skip)


def _subject_line_above(blocks: list[list[tuple[int, str]]], n: int, line: str):
    """The subject label on its own line right above a first line without one, taken
    from the end of the previous block ("CV" / "Aug 26, 2024" as some browsers copy it)."""
    parsed = parse_head(line)
    if not blocks or parsed is None or parsed[0]:
        return None
    above_n, above = blocks[-1][-1]
    if above_n == n - 1 and len(blocks[-1]) > 2 and HEADER_SUBJECT.match(above):
        return blocks[-1].pop()
    return None


def _is_damaged_head(line: str, numbered: list[tuple[int, str]], n: int) -> bool:
    """A paragraph's first line shaped like "XX Mon D, YYYY" with the next line glued to it."""
    if not LOOKS_LIKE_HEAD.match(line) or len(line) > 40:
        return False
    index = n - numbered[0][0]
    following = numbered[index + 1][1] if index + 1 < len(numbered) else ""
    return bool(following)


def _parse_block(block: list[tuple[int, str]]) -> ParsedPaper | Skipped:
    subject_above = ""
    if len(block) > 1 and parse_head(block[0][1]) is None and parse_head(block[1][1]):
        subject_above, block = block[0][1], block[1:]
    head_line, head = block[0]
    parsed_head = parse_head(head)
    if parsed_head is None:
        return Skipped(
            reason=f"not a paper's first line (SUBJECT Mon D, YYYY[Code]): {head[:80]!r}",
            line=head_line,
        )
    subject, when, precision, has_code = parsed_head
    subject = subject or subject_above
    if when is None:
        return Skipped(reason=f"no such date: {head[:80]!r}", line=head_line)
    content = [(n, line) for n, line in block[1:] if line]
    if content and content[0][1].lower() == "code":
        has_code = True  # the marker on a line of its own
        block = [item for item in block if item != content[0]]
        content = content[1:]
    if not content:
        return Skipped(reason="the block has no title", line=head_line)
    title = content[0][1]
    paragraphs = _paragraphs(block[1:], after=content[0][0])
    paper = ParsedPaper(
        title=title,
        date=when,
        date_precision=precision,
        kind="",
        has_code=has_code,
        subject_codes=[subject] if subject else [],
        source_line=head_line,
    )
    if paragraphs and looks_like_authors(paragraphs[0][0]):
        authors, complete, tags = split_authors_line(paragraphs[0][0])
        paper.authors, paper.authors_complete, paper.institution_tags = authors, complete, tags
        paragraphs[0] = paragraphs[0][1:]
    paper.abstract = "\n\n".join(" ".join(lines) for lines in paragraphs if lines)
    return paper


def _paragraphs(lines: list[tuple[int, str]], *, after: int) -> list[list[str]]:
    """Non-blank lines after line number `after`, grouped by blank lines."""
    paragraphs: list[list[str]] = [[]]
    for n, line in lines:
        if n <= after:
            continue
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]
