"""Validators and normalisers for paper identifiers (DOI, arXiv id, ISSN)."""

import re

from django.core.exceptions import ValidationError

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIX_RE = re.compile(
    r"^(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/|https?://doi\.org/)", re.IGNORECASE
)
# New style (since 2007): YYMM.NNNN (to 2014) or YYMM.NNNNN, optional version.
ARXIV_NEW_RE = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})(v\d+)?$")
# Old style: archive(.SUBJ)/YYMMNNN, optional version.
ARXIV_OLD_RE = re.compile(r"^([a-z][a-z\-]*(?:\.[A-Z]{2})?)/(\d{2})(\d{2})(\d{3})(v\d+)?$")
ARXIV_PREFIX_RE = re.compile(
    r"^(?:arxiv:\s*|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE
)
ISSN_RE = re.compile(r"^\d{4}-\d{3}[\dX]$")


def normalize_doi(value: str) -> str:
    """Bare lower-case DOI: DOIs are case-insensitive, so one spelling is stored."""
    value = DOI_PREFIX_RE.sub("", (value or "").strip())
    return value.strip().rstrip(".").lower()


def is_valid_doi(value: str) -> bool:
    return bool(DOI_RE.match(normalize_doi(value)))


def validate_doi(value: str) -> None:
    if not is_valid_doi(value):
        raise ValidationError(
            "Enter a DOI such as 10.1038/nature14539 (a https://doi.org/ link is fine too).",
            code="invalid_doi",
        )


def normalize_arxiv_id(value: str) -> str:
    """Bare arXiv id without version: 2407.21783, hep-th/9901001."""
    value = ARXIV_PREFIX_RE.sub("", (value or "").strip())
    value = re.sub(r"\.pdf$", "", value)
    value = re.sub(r"v\d+$", "", value)
    return value


def is_valid_arxiv_id(value: str) -> bool:
    value = normalize_arxiv_id(value)
    match = ARXIV_NEW_RE.match(value)
    if match:
        year, month, number = int(match[1]), int(match[2]), match[3]
        if not 1 <= month <= 12 or year < 7:
            return False
        # Five-digit sequence numbers started in January 2015.
        return len(number) == (5 if year >= 15 else 4)
    match = ARXIV_OLD_RE.match(value)
    if match:
        year, month = int(match[2]), int(match[3])
        return 1 <= month <= 12 and (year >= 91 or year <= 7)
    return False


def validate_arxiv_id(value: str) -> None:
    if not is_valid_arxiv_id(value):
        raise ValidationError(
            "Enter an arXiv id such as 2407.21783 or hep-th/9901001.", code="invalid_arxiv_id"
        )


def issn_checksum(first_seven: str) -> str:
    total = sum(int(d) * w for d, w in zip(first_seven, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def validate_issn(value: str) -> None:
    value = (value or "").strip().upper()
    if not ISSN_RE.match(value) or issn_checksum(value[:4] + value[5:8]) != value[8]:
        raise ValidationError("Enter an ISSN such as 0028-0836.", code="invalid_issn")
