"""Text helpers shared by both apps: accent folding, name splitting, unique slugs."""

import re
import unicodedata
from collections.abc import Callable

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
