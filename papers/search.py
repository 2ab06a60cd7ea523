"""Full-text search support: the folded text each paper is searched by."""

from collections.abc import Iterable

from papers.models import Authorship, Paper
from people.text import fold


def search_text_for(title: str, abstract: str, author_names: Iterable[str]) -> str:
    """Accent- and case-folded words of title, abstract and author names."""
    return " ".join(fold(part) for part in (title, abstract, *author_names) if part)


def refresh_search_text(paper_ids: Iterable[int]) -> None:
    """Recompute search_text for these papers (two queries plus one bulk update)."""
    paper_ids = list(paper_ids)
    names: dict[int, list[str]] = {pk: [] for pk in paper_ids}
    for paper_id, name in Authorship.objects.filter(paper_id__in=paper_ids).values_list(
        "paper_id", "name"
    ):
        names[paper_id].append(name)
    papers = list(Paper.objects.filter(pk__in=paper_ids).only("pk", "title", "abstract"))
    for paper in papers:
        paper.search_text = search_text_for(paper.title, paper.abstract, names[paper.pk])
    Paper.objects.bulk_update(papers, ["search_text"], batch_size=500)
