"""Text helpers shared by both apps: accent folding, name splitting, unique slugs, LaTeX to
plain text."""

import re
import unicodedata
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.text import slugify

PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du",
    "la", "las", "los", "le", "ter", "ten", "bin", "al", "el", "st", "af", "zu",
}  # fmt: skip
# Letters that NFKD does not decompose into a base letter plus accents.
SPECIAL_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "ð": "d"}
)  # fmt: skip

# A math span `$...$`, kept verbatim in BibTeX and typeset by KaTeX on the pages. Pandoc's rule
# tells math from prices: no space just inside either dollar, no digit right after the closing
# one ("costs $5 and $10" is text).
MATH_RE = re.compile(r"\$(?=\S)[^$]*?(?<=\S)\$(?!\d)")
LATEX_COMMAND = re.compile(r"\\([a-zA-Z]+|[%&#_{}$])\s?")
# A few LaTeX commands worth keeping as characters in plain text (meta tags, feeds, JSON-LD).
LATEX_SYMBOLS = {
    "times": "×", "cdot": "·", "pm": "±", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
    "neq": "≠", "approx": "≈", "sim": "~", "infty": "∞", "to": "→", "rightarrow": "→",
    "leftarrow": "←", "ldots": "…", "dots": "…", "cdots": "…", "alpha": "α", "beta": "β",
    "gamma": "γ", "delta": "δ", "epsilon": "ε", "theta": "θ", "lambda": "λ", "mu": "μ",
    "pi": "π", "sigma": "σ", "tau": "τ", "phi": "φ", "omega": "ω", "Delta": "Δ",
    "Omega": "Ω", "sum": "∑", "in": "∈", "sqrt": "√", "%": "%",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower-case ASCII skeleton of a text: accents, case and punctuation folded."""
    text = unicodedata.normalize("NFKD", (text or "").translate(SPECIAL_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^0-9a-zA-Z]+", " ", text)
    return text.strip().lower()


def split_name(full_name: str) -> tuple[str, str]:
    """Split "Given Names Family" or "Family, Given" into (given, family).

    Lower-case particles before the last word stay with the family name
    ("Aäron van den Oord" -> ("Aäron", "van den Oord")).
    """
    full_name = " ".join((full_name or "").split())
    if "," in full_name:
        family, _, given = full_name.partition(",")
        return given.strip(), family.strip()
    words = full_name.split(" ")
    if len(words) == 1:
        return "", words[0]
    family_start = len(words) - 1
    while family_start > 1 and words[family_start - 1].lower() in PARTICLES:
        family_start -= 1
    return " ".join(words[:family_start]), " ".join(words[family_start:])


def unique_slug(
    text: str, *, taken: Callable[[str], bool], max_length: int = 80, fallback: str = "item"
) -> str:
    """The slug of text, numbered -2, -3, ... past the candidates that `taken` says are in use."""
    base = slugify(fold(text))[:max_length].strip("-") or fallback
    slug, counter = base, 2
    while taken(slug):
        suffix = f"-{counter}"
        slug = base[: max_length - len(suffix)] + suffix
        counter += 1
    return slug


def slug_in_use(instance) -> Callable[[str], bool]:
    """Whether another row of the instance's model has a slug (one query per call)."""
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    return lambda slug: others.filter(slug=slug).exists()


def latex_to_plain(text: str) -> str:
    """Text without LaTeX markup, for meta tags, feeds and JSON-LD: math loses its markup
    ($\\mathbb{NIR}$ -> NIR, $2\\times$ -> 2×), escaped specials outside it become themselves
    (5\\% -> 5%), the rest is kept as written (titles are stored as Unicode)."""
    # Display math ($$...$$) reads as inline math.
    text = MATH_RE.sub(lambda m: _plain_math(m.group(0)[1:-1]), (text or "").replace("$$", "$"))
    text = re.sub(r"\\([%&#_$])", r"\1", text)
    return " ".join(text.split())


def _plain_math(source: str) -> str:
    return re.sub(r"[{}^_]", "", LATEX_COMMAND.sub(_plain_command, source))


def _plain_command(match: re.Match) -> str:
    """A known symbol as its character, an escaped character as itself, others dropped
    (\\mathbb{NIR} keeps only its argument)."""
    name = match.group(1)
    if name in LATEX_SYMBOLS:
        return LATEX_SYMBOLS[name]
    return name if len(name) == 1 else ""


# Characters no page, feed or database should hold: C0 controls but tab, newline and carriage
# return (NUL is refused by PostgreSQL, the others break XML feeds), DEL, and lone surrogates.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def validate_text(value: str) -> None:
    """Refuse control characters in a text field (a model validator: admin, API and forms)."""
    if value and CONTROL_CHARACTERS.search(value):
        raise ValidationError("Remove the control characters from this text.", code="control")
