"""Arithmetic of the figures computed for a person (their query is papers' Authorship.objects)."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonMetrics:
    papers: int
    citations: int
    h_index: int
    i10_index: int


def h_index(citations: Iterable[int]) -> int:
    """Largest h such that h papers have at least h citations each."""
    ranked = sorted((c or 0 for c in citations), reverse=True)
    return sum(1 for rank, count in enumerate(ranked, start=1) if count >= rank)


def i10_index(citations: Iterable[int]) -> int:
    """Number of papers with at least ten citations."""
    return sum(1 for c in citations if (c or 0) >= 10)


def metrics_from_citations(citations: list[int]) -> PersonMetrics:
    return PersonMetrics(
        papers=len(citations),
        citations=sum(c or 0 for c in citations),
        h_index=h_index(citations),
        i10_index=i10_index(citations),
    )
