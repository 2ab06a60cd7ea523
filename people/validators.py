"""Validators and normalisers for person and institution identifiers."""

import re

from django.core.exceptions import ValidationError

ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
ORCID_PREFIX_RE = re.compile(r"^(?:https?://)?(?:www\.)?orcid\.org/", re.IGNORECASE)
# ROR ids: a leading 0, six characters of Crockford base32 (no i, l, o, u), two check digits.
ROR_RE = re.compile(r"^0[0-9a-hjkmnp-tv-z]{6}\d{2}$")
ROR_PREFIX_RE = re.compile(r"^(?:https?://)?(?:www\.)?ror\.org/", re.IGNORECASE)
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def normalize_orcid(value: str) -> str:
    """Return the bare 0000-0000-0000-000X form of an ORCID iD or URL."""
    value = ORCID_PREFIX_RE.sub("", (value or "").strip()).upper()
    digits = value.replace("-", "")
    if len(digits) == 16 and "-" not in value:
        value = "-".join(digits[i : i + 4] for i in range(0, 16, 4))
    return value


def orcid_checksum(base_digits: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def is_valid_orcid(value: str) -> bool:
    value = normalize_orcid(value)
    if not ORCID_RE.match(value):
        return False
    digits = value.replace("-", "")
    return orcid_checksum(digits[:15]) == digits[15]


def validate_orcid(value: str) -> None:
    if not ORCID_RE.match(normalize_orcid(value)):
        raise ValidationError(
            "Enter an ORCID iD in the form 0000-0002-1825-0097.", code="invalid_orcid"
        )
    if not is_valid_orcid(value):
        raise ValidationError(
            "This ORCID iD fails its checksum; check for a typo.", code="orcid_checksum"
        )


def normalize_ror(value: str) -> str:
    return ROR_PREFIX_RE.sub("", (value or "").strip()).lower()


def is_valid_ror(value: str) -> bool:
    value = normalize_ror(value)
    if not ROR_RE.match(value):
        return False
    number = 0
    for char in value[:7]:
        number = number * 32 + CROCKFORD.index(char)
    return 98 - (number * 100 % 97) == int(value[7:])


def validate_ror(value: str) -> None:
    if not is_valid_ror(value):
        raise ValidationError(
            "Enter a ROR id such as 05dxps055 (https://ror.org/05dxps055).", code="invalid_ror"
        )
