import json
from datetime import date
from pathlib import Path

import pytest

from papers.parsers import orcid
from papers.parsers.records import ImporterError

SAMPLES = Path(__file__).parent / "samples"


def parse_sample(name):
    return orcid.parse((SAMPLES / name).read_text(encoding="utf-8"))


def test_works_summary_gives_one_paper_per_group_in_order():
    result = parse_sample("orcid_works.json")
    assert [p.title for p in result.papers] == [
        "Sparse Mixture-of-Experts Routing with k-means Anchors",
        "Weak Supervision in Practice",
        "Learning Structured Representations from Weak Supervision",
    ]
    assert result.format == "orcid"


def test_group_keeps_the_richest_work_and_both_identifiers():
    paper = parse_sample("orcid_works.json").papers[0]
    assert paper.source_key == "150001"
    assert paper.kind == "conference"
    assert paper.doi == "10.5555/neurips.2024.10234"
    assert paper.arxiv_id == "2410.01234"
    assert (paper.venue_name, paper.venue_kind) == (
        "Advances in Neural Information Processing Systems 37",
        "conference",
    )
    assert (paper.date, paper.date_precision) == (date(2024, 12, 10), "day")


def test_part_of_identifiers_are_not_the_works_own_and_null_month_gives_year_precision():
    chapter = parse_sample("orcid_works.json").papers[1]
    assert chapter.kind == "chapter"
    assert chapter.doi == "10.1007/978-3-030-00000-0_5"
    assert (chapter.date, chapter.date_precision) == (date(2021, 1, 1), "year")
    thesis = parse_sample("orcid_works.json").papers[2]
    assert thesis.kind == "thesis"
    assert (thesis.date, thesis.date_precision) == (date(2019, 5, 1), "month")


def test_work_without_title_is_skipped_with_its_put_code():
    result = parse_sample("orcid_works.json")
    assert [(s.key, s.reason) for s in result.skipped] == [("150005", "work without a title")]


def test_bulk_contributors_in_order_with_orcids_and_editors_left_out():
    paper = parse_sample("orcid_bulk.json").papers[0]
    assert [(a.name, a.orcid) for a in paper.authors] == [
        ("Ingrid Lindqvist", "0000-0002-1825-0097"),
        ("Jörg Müller", ""),
        ("Amélie François", "0000-0003-1234-5674"),
    ]
    assert paper.abstract.startswith("Tokens are routed to experts")


def test_bulk_work_without_contributors_takes_authors_from_its_bibtex_citation():
    paper = parse_sample("orcid_bulk.json").papers[1]
    assert [a.name for a in paper.authors] == [
        "Siobhán O'Connor",
        "Tomáš Škoda",
        "Ingrid Lindqvist",
    ]
    assert paper.title == (
        "Graph Networks that Know What They Don't Know: "
        "Calibrated Uncertainty for Molecular Property Prediction"
    )
    assert paper.doi == "10.5555/tmlr.2023.0042"
    assert paper.pages == "1–24"
    assert paper.links == {"project": "https://openreview.net/forum?id=AbCdEf123"}


def test_bulk_error_item_is_reported_as_skipped():
    result = parse_sample("orcid_bulk.json")
    assert [s.reason for s in result.skipped] == ["ORCID error: The resource was not found."]


def test_single_work_puts_the_first_author_first_and_reads_arxiv():
    paper = parse_sample("orcid_work.json").papers[0]
    assert [a.name for a in paper.authors] == [
        "Ingrid Lindqvist",
        "Pieter van den Berg",
        "Văn An Nguyễn",
    ]
    assert paper.kind == "preprint"
    assert (paper.venue_name, paper.venue_kind) == ("arXiv", "preprint")
    assert paper.arxiv_id == "2502.04321"
    assert (paper.date, paper.date_precision) == (date(2025, 2, 6), "day")


def test_bulk_duplicates_of_one_doi_become_one_paper():
    work = json.loads((SAMPLES / "orcid_work.json").read_text(encoding="utf-8"))
    poorer = dict(work, contributors=None, **{"put-code": 1})
    text = json.dumps({"bulk": [{"work": poorer}, {"work": work}]})
    papers = orcid.parse(text).papers
    assert len(papers) == 1
    assert papers[0].source_key == "150007"


def test_orcid_error_body_and_other_json_raise_with_a_message():
    error = {
        "response-code": 404,
        "developer-message": "x",
        "user-message": "Not found.",
        "error-code": 9016,
    }
    with pytest.raises(ImporterError, match="Not found"):
        orcid.parse(json.dumps(error))
    with pytest.raises(ImporterError, match="Not an ORCID works response"):
        orcid.parse("[1, 2, 3]")
    with pytest.raises(ImporterError, match="Not valid JSON"):
        orcid.parse("{'single': 'quotes'}")


def test_works_inside_a_full_record_answer_are_read():
    works = json.loads((SAMPLES / "orcid_works.json").read_text(encoding="utf-8"))
    record = {"orcid-identifier": {"path": "0000-0002-1825-0097"},
              "activities-summary": {"works": works}}  # fmt: skip
    assert len(orcid.parse(json.dumps(record)).papers) == 3
