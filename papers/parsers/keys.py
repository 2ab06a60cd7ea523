"""Match keys: titles and printed names folded so that spellings of one paper or person meet.

Pure text functions; papers/imports/matching.py indexes the database by them.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

from config.text import PARTICLES, SPECIAL_LETTERS, split_name

LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?|\\.")
HTML_TAG = re.compile(r"<[^>]{1,40}>")


def fold_any(text: str) -> str:
    """config.text.fold for every script: accents, case and punctuation folded, but Greek,
    Cyrillic or Chinese letters kept (plain fold keeps only ASCII letters and digits)."""
    text = unicodedata.normalize("NFKD", (text or "").translate(SPECIAL_LETTERS))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def title_key(title: str) -> str:
    """A title with LaTeX commands, HTML tags and entities, accents, case and punctuation folded."""
    text = html.unescape(HTML_TAG.sub(" ", title or ""))
    text = LATEX_COMMAND.sub(" ", text).replace("{", "").replace("}", "")
    # A title of symbols only ("???", an emoji) is its own key.
    return fold_any(text) or " ".join((title or "").split()).casefold()


@dataclass(frozen=True)
class NameForm:
    given: tuple[str, ...]  # folded given-name words, initials as single letters
    family: str  # folded family name with particles ("van den oord")


def name_form(name: str) -> NameForm:
    """Folded (given words, family) of "Given Family", "Family, Given" or "G. Family"."""
    name = " ".join((name or "").split())
    given, family = split_name(name)
    if "," in name:
        # "Oord, Aäron van den": trailing particles of the given part belong to the family.
        words = given.split()
        while len(words) > 1 and words[-1].lower() in PARTICLES:
            family = f"{words.pop()} {family}"
        given = " ".join(words)
    return NameForm(tuple(fold_any(given).split()), fold_any(family))


def given_fits(printed: tuple[str, ...], known: tuple[str, ...]) -> bool:
    """First given names agree: equal, or one of them is the other's initial."""
    if not printed or not known:
        return False
    a, b = printed[0], known[0]
    if a == b:
        return True
    return (len(a) == 1 or len(b) == 1) and a[0] == b[0]


def names_fit(printed: str, other: str) -> bool:
    """Whether two printed names can be the same person ("O. Vinyals", "Oriol Vinyals")."""
    a, b = name_form(printed), name_form(other)
    if a.family != b.family:
        return False
    return a.given == b.given or given_fits(a.given, b.given)
