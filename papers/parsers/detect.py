"""Reading an uploaded file's bytes, telling its format, and finding the parser for it."""

import importlib
import json
import re
from collections.abc import Callable
from pathlib import PurePath

from papers.parsers.records import ImporterError, ParseResult

# Format name -> module under papers.parsers with parse(text) -> ParseResult.
# Imported lazily: a format whose module is missing fails only when it is asked for.
PARSERS: dict[str, str] = {
    "profile": "profile",
    "bibtex": "bibtex",
    "ris": "ris",
    "arxiv": "arxiv",
    "orcid": "orcid",
    "crossref": "crossref",
    "csl": "csl",
}
EXTENSIONS = {
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".ris": "ris",
    ".xml": "arxiv",
    ".atom": "arxiv",
}


def decode(data: bytes | str) -> str:
    """UTF-8 text (a BOM is dropped); ImporterError for binary or undecodable input."""
    if isinstance(data, str):
        text = data
    else:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                text = data.decode("utf-16")
            except UnicodeDecodeError as error:
                raise ImporterError("The file is not valid UTF-16 text.") from error
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise ImporterError(
                    f"The file is not UTF-8 text (byte {error.start} cannot be read); "
                    "save it as UTF-8 and try again."
                ) from error
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise ImporterError("The file is binary, not text.")
    controls = sum(1 for char in text[:4096] if ord(char) < 32 and char not in "\r\n\t\f")
    if controls > 8:
        raise ImporterError("The file is binary, not text.")
    if not text.strip():
        raise ImporterError("The file is empty.")
    return text


def detect_format(text: str, filename: str = "") -> str:
    """The format name of a text, from its content (and its file name as a hint)."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head.startswith(("{", "[")):
        return _json_format(text)
    if head.startswith("<"):
        if "<feed" in head or "arxiv.org" in head:
            return "arxiv"
        raise ImporterError("An XML file that is not an arXiv Atom feed.")
    if re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", head, re.MULTILINE):
        return "bibtex"
    if re.search(r"^TY  - ", head, re.MULTILINE):
        return "ris"
    suffix = PurePath(filename).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    return "profile"


def _json_format(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ImporterError(f"The file looks like JSON but is not valid JSON: {error}") from error
    if isinstance(data, dict):
        if "message" in data and isinstance(data["message"], dict):
            return "crossref"
        orcid_keys = {
            "group",
            "orcid-identifier",
            "works",
            "bulk",
            "put-code",
            "activities-summary",
        }
        if orcid_keys & data.keys():
            return "orcid"
        if "DOI" in data and ("title" in data or "author" in data):
            if isinstance(data.get("title"), list) or (
                "container-title" in data and isinstance(data.get("container-title"), list)
            ):
                return "crossref"
            return "csl"
        if "type" in data and ("title" in data or "id" in data):
            return "csl"
    if isinstance(data, list):
        return "csl"
    raise ImporterError("A JSON file of no known kind (Crossref, ORCID or CSL-JSON).")


def parser_for(format_name: str) -> Callable[[str], ParseResult]:
    """The parse function of a format; ImporterError when the format is unknown or missing."""
    module_name = PARSERS.get(format_name)
    if module_name is None:
        known = ", ".join(sorted(PARSERS))
        raise ImporterError(f"Unknown format {format_name!r}; known formats: {known}.")
    try:
        module = importlib.import_module(f"papers.parsers.{module_name}")
    except ModuleNotFoundError as error:
        if error.name != f"papers.parsers.{module_name}":
            raise
        raise ImporterError(f"The {format_name} importer is not installed yet.") from error
    return module.parse


def parse_text(text: str, *, format_name: str = "", filename: str = "") -> ParseResult:
    """Parse with the given format, or the detected one; the result records the format."""
    format_name = format_name or detect_format(text, filename)
    result = parser_for(format_name)(text)
    result.format = result.format or format_name
    return result
