"""LaTeX to Unicode for the text of bibliography fields; `$...$` math is kept verbatim."""

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexWalker, LatexWalkerError
from pylatexenc.latexwalker import get_default_latex_context_db as walker_db
from pylatexenc.macrospec import MacroSpec

# Macros that only change the look of their argument: keep the argument.
KEEP_ARGUMENT = ["mbox", "hbox", "texttt", "textsf", "textup", "textmd", "textnormal", "textsl",
                 "textsuperscript", "textsubscript", "uppercase", "MakeUppercase", "underline",
                 "textls", "sc", "url", "path", "nolinkurl", "NoCaseChange", "ensuremath",
                 "protect", "relax"]  # fmt: skip
LOGOS = {"LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e", "XeTeX": "XeTeX",
         # Text-mode symbols Zotero writes that pylatexenc drops or renders differently.
         "textless": "<", "textgreater": ">", "textbar": "|", "textasciicircum": "^",
         "textperiodcentered": "·", "textbackslash": "\\"}  # fmt: skip
# Characters that send a value down the slow (pylatexenc) path.
LATEX_MARKERS = re.compile(r"[\\$]")
UNESCAPED_SPECIAL = re.compile(r"(?<!\\)([%&#])")
WHITESPACE = re.compile(r"\s+")
TILDE = re.compile(r"(?<!\\)~")


@lru_cache(maxsize=1)
def _converter() -> tuple[LatexNodes2Text, object]:
    text_db = get_default_latex_context_db()
    text_db.add_context_category(
        "labsite",
        prepend=True,
        macros=[MacroTextSpec(name, simplify_repl="%s") for name in KEEP_ARGUMENT]
        + [MacroTextSpec(name, simplify_repl=text) for name, text in LOGOS.items()]
        + [MacroTextSpec("href", simplify_repl="%(2)s"), MacroTextSpec("cite", discard=True)],
    )
    parse_db = walker_db()
    parse_db.add_context_category(
        "labsite",
        prepend=True,
        macros=[MacroSpec(name, "{") for name in KEEP_ARGUMENT if name not in ("protect", "relax")]
        + [MacroSpec("href", "{{"), MacroSpec("protect", ""), MacroSpec("relax", "")],
    )
    converter = LatexNodes2Text(
        latex_context=text_db, math_mode="verbatim", strict_latex_spaces="macros"
    )
    return converter, parse_db


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (including no-break spaces) to one space."""
    return WHITESPACE.sub(" ", (text or "").replace("\xa0", " ")).strip()


def _plain_text(text: str) -> str:
    """The cheap path for values without macros or math: braces and ligatures only."""
    text = text.replace("{", "").replace("}", "").replace("~", " ")
    text = text.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
    return text


ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
           "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
           "c": "\u0327", "k": "\u0328", "r": "\u030a", "b": "\u0331", "d": "\u0323"}  # fmt: skip
LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ",
           "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}  # fmt: skip
BASE = r"(?:\\[ij](?![A-Za-z])|[A-Za-z][\u0300-\u036f]*)"  # a letter, maybe already accented
# \"u, \"{u}, \'{\i}; and the letter-named accents, which need braces or a space: \c{c}, \c c.
SYMBOL_ACCENT = re.compile(rf"\\([\"'`^~=.])\s*(?:\{{\s*({BASE})\s*\}}|({BASE}))")
LETTER_ACCENT = re.compile(rf"\\([uvHckrbd])(?:\s*\{{\s*({BASE})\s*\}}|\s+({BASE}))")
SPECIAL_LETTER = re.compile(r"\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])(?:\{\}|\s)?")
SIMPLE_ESCAPE = re.compile(r"\\([&%_#$])")


def _accent(match: re.Match[str]) -> str:
    base = (match.group(2) or match.group(3)).lstrip("\\")
    return base + ACCENTS[match.group(1)]


def _fast_text(text: str) -> str | None:
    """Accents, special letters, escaped symbols and inline math handled without pylatexenc;
    None when the text holds anything else (other macros), which needs the full parser."""
    if "$" not in text:
        return _fast_piece(text)
    pieces = text.split("$")
    if len(pieces) % 2 == 0 or "$$" in text or "\\$" in text:
        return None  # unbalanced or display math, or an escaped dollar: let pylatexenc judge
    decoded = []
    for index, piece in enumerate(pieces):
        if index % 2:
            decoded.append(f"${piece}$")  # math stays exactly as written
            continue
        piece_text = _fast_piece(piece)
        if piece_text is None:
            return None
        decoded.append(piece_text)
    return "".join(decoded)


def _fast_piece(text: str) -> str | None:
    for _ in range(2):  # twice, for stacked accents such as Nguy{\~{\^e}}n
        text = SYMBOL_ACCENT.sub(_accent, text)
        text = LETTER_ACCENT.sub(_accent, text)
    text = SPECIAL_LETTER.sub(lambda match: LETTERS[match.group(1)], text)
    if "\\" in SIMPLE_ESCAPE.sub("", text):
        return None
    return _plain_text(SIMPLE_ESCAPE.sub(r"\1", text))


def latex_to_text(text: str, *, keep_paragraphs: bool = False, tilde_is_space: bool = True) -> str:
    """Unicode text for a LaTeX-encoded value: accents decoded, braces dropped, math kept.

    tilde_is_space=False keeps "~" literally (arXiv abstracts write "~10x" for "about 10x").
    Never raises: a value pylatexenc cannot read falls back to its braces-stripped form.
    Short values (names, venues, titles) are cached: they recur throughout a bibliography.
    """
    text = text or ""
    if len(text) <= 300:
        return _cached_latex_to_text(text, keep_paragraphs, tilde_is_space)
    return _latex_to_text(text, keep_paragraphs, tilde_is_space)


@lru_cache(maxsize=32768)
def _cached_latex_to_text(text: str, keep_paragraphs: bool, tilde_is_space: bool) -> str:
    return _latex_to_text(text, keep_paragraphs, tilde_is_space)


def _latex_to_text(text: str, keep_paragraphs: bool, tilde_is_space: bool) -> str:
    if not tilde_is_space:
        pieces = text.split("$")  # odd pieces are math, where ~ stays as written
        pieces[::2] = [TILDE.sub(r"\\textasciitilde{}", piece) for piece in pieces[::2]]
        text = "$".join(pieces)
    result = _fast_text(text) if LATEX_MARKERS.search(text) else _plain_text(text)
    if result is None:
        result = _pylatexenc_text(text)
    result = unicodedata.normalize("NFC", result)
    if keep_paragraphs:
        paragraphs = re.split(r"\n\s*\n", result.replace("\r", ""))
        return "\n\n".join(p for p in (normalize_space(p) for p in paragraphs) if p)
    return normalize_space(result)


def _pylatexenc_text(text: str) -> str:
    converter, parse_db = _converter()
    # In bibliography fields a bare % or & is almost always meant literally.
    escaped = UNESCAPED_SPECIAL.sub(r"\\\1", text)
    try:
        walker = LatexWalker(escaped, latex_context=parse_db, tolerant_parsing=True)
        nodes, _, _ = walker.get_latex_nodes()
        return converter.nodelist_to_text(nodes)
    except (LatexWalkerError, IndexError, KeyError, ValueError, TypeError, RecursionError):
        return _plain_text(text.replace("\\", ""))


def pages_to_text(pages: str) -> str:
    """Page ranges as printed: `12--34` becomes `12–34`."""
    pages = normalize_space((pages or "").replace("{", "").replace("}", ""))
    pages = re.sub(r"\s*-{2,3}\s*", "–", pages)
    pages = re.sub(r"\s*\\textendash\s*", "–", pages)
    return pages
