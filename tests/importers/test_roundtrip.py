"""Export with papers.citations, import the text into an empty database with the import
command's service (format detection included), and get the same papers back."""

from datetime import date

import pytest

from papers.citations import date_parts, to_bibtex, to_csl_json_text, to_ris
from papers.imports.runner import papers_import
from papers.models import Authorship, Paper, Venue
from people.models import Person
from tests.factories import make_paper, make_venue

pytestmark = pytest.mark.django_db

EXPORTS = {"bibtex": (to_bibtex, "papers.bib"), "ris": (to_ris, "papers.ris"),
           "csl": (to_csl_json_text, "papers.json")}  # fmt: skip


def make_library() -> None:
    """Papers with the features that break round trips: accents, particles, group authors,
    cut-short author lists, math, every kind, each date precision, identifiers, page ranges."""
    neurips = make_venue("Advances in Neural Information Processing Systems 37", kind="conference")
    journal = make_venue("Transactions on Machine Learning Research", kind="journal")
    arxiv = make_venue("arXiv", kind="preprint")
    school = make_venue("KTH Royal Institute of Technology", kind="thesis")
    make_paper(
        "Sparse Mixture-of-Experts Routing with $k$-means Anchors",
        authors=[
            "Ingrid Lindqvist",
            "Jörg Müller",
            "Amélie François",
            "Aäron van den Oord",
            "Gemma Team",
            "Siobhán O'Connor",
            "Tomáš Škoda",
        ],
        kind=Paper.Kind.CONFERENCE,
        venue=neurips,
        pages="10234–10247",
        date=date(2024, 12, 10),
        doi="10.5555/neurips.2024.10234",
        arxiv_id="2410.01234",
    )
    make_paper(
        "Graph Networks that Know What They Don't Know",
        authors=["Văn An Nguyễn", "Łukasz Kaiser", "Zoë Ødegård"],
        authors_complete=False,
        kind=Paper.Kind.ARTICLE,
        venue=journal,
        volume="2023",
        issue="8",
        pages="1–24",
        date=date(2023, 8, 1),
        date_precision=Paper.DatePrecision.MONTH,
        doi="10.5555/tmlr.2023.0042",
    )
    make_paper(
        "Scaling Laws for Retrieval-Augmented LLMs",
        authors=["Ingrid Lindqvist", "Pieter van den Berg"],
        kind=Paper.Kind.PREPRINT,
        venue=arxiv,
        date=date(2025, 2, 6),
        arxiv_id="2502.04321",
    )
    make_paper(
        "Weak Supervision in Practice",
        authors=["Ingrid Lindqvist"],
        kind=Paper.Kind.CHAPTER,
        venue=make_venue("Handbook of Data-Centric AI", kind="book"),
        pages="77–98",
        publisher="Springer International Publishing",
        date=date(2021, 3, 2),
        doi="10.1007/978-3-030-00000-0_5",
    )
    make_paper(
        "Benchmarks Considered Harmful",
        authors=["I. Lindqvist", "P. v. d. Berg"],
        kind=Paper.Kind.REPORT,
        venue=make_venue("Example Institute of Technology", kind="other"),
        date=date(2018, 1, 1),
        date_precision=Paper.DatePrecision.YEAR,
    )
    make_paper(
        "A Handbook of Careful Experiments",
        authors=["Martin King Jr.", "Ingrid Lindqvist"],
        kind=Paper.Kind.BOOK,
        publisher="Open Science Press",
        date=date(2020, 1, 1),
        date_precision=Paper.DatePrecision.YEAR,
    )
    make_paper(
        "Lab Notes on Reproducibility",
        authors=["Haruto Sato"],
        kind=Paper.Kind.OTHER,
        date=date(2022, 5, 1),
        date_precision=Paper.DatePrecision.MONTH,
    )
    make_paper(
        "Learning Structured Representations from Weak Supervision",
        authors=["Ingrid Lindqvist"],
        kind=Paper.Kind.THESIS,
        venue=school,
        date=date(2019, 1, 1),
        date_precision=Paper.DatePrecision.YEAR,
    )


def facts(*, with_completeness: bool = True) -> list[tuple]:
    return [
        (
            paper.title,
            [(a.position, a.name) for a in paper.authorships.all()],
            paper.authors_complete if with_completeness else None,
            date_parts(paper),
            paper.kind,
            paper.venue.name if paper.venue else "",
            paper.doi,
            paper.arxiv_id,
            paper.volume,
            paper.issue,
            paper.pages,
            paper.publisher,
        )
        for paper in Paper.objects.with_card_data().order_by("title")
    ]


def empty_the_database() -> None:
    Authorship.objects.all().delete()
    Paper.objects.all().delete()
    Venue.objects.all().delete()
    Person.objects.all().delete()


@pytest.mark.parametrize("export_format", EXPORTS)
def test_export_then_import_into_an_empty_database_gives_the_same_papers(export_format):
    render, filename = EXPORTS[export_format]
    # RIS and CSL-JSON have no field for a cut-short author list; only BibTeX's "and others"
    # carries it (the RIS and CSL parsers read an "et al."/"others" author if one is written).
    with_completeness = export_format == "bibtex"
    make_library()
    before = facts(with_completeness=with_completeness)
    text = render(Paper.objects.with_card_data().order_by("pk"))
    empty_the_database()
    report = papers_import(data=text.encode("utf-8"), source=filename)
    assert report.format == export_format
    assert report.counts["new"] == 8
    assert facts(with_completeness=with_completeness) == before


@pytest.mark.parametrize("export_format", EXPORTS)
def test_importing_the_same_export_twice_writes_nothing_the_second_time(export_format):
    render, filename = EXPORTS[export_format]
    make_library()
    text = render(Paper.objects.with_card_data().order_by("pk"))
    empty_the_database()
    papers_import(data=text.encode("utf-8"), source=filename)
    again = papers_import(data=text.encode("utf-8"), source=filename)
    assert again.counts["unchanged"] == 8
    assert not again.changed
