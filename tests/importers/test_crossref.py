import json
from datetime import date
from pathlib import Path

import pytest

from papers.parsers import crossref
from papers.parsers.records import ImporterError

SAMPLES = Path(__file__).parent / "samples"


def parse_sample(name):
    return crossref.parse((SAMPLES / name).read_text(encoding="utf-8"))


def test_single_work_reads_title_with_subtitle_venue_and_numbers():
    paper = parse_sample("crossref_work.json").papers[0]
    assert paper.title == (
        "Graph networks that know what they don’t know: "
        "Calibrated uncertainty for molecular property prediction"
    )
    assert paper.kind == "article"
    assert (paper.venue_name, paper.venue_short_name, paper.venue_kind) == (
        "Nature Machine Intelligence",
        "Nat Mach Intell",
        "journal",
    )
    assert (paper.volume, paper.issue, paper.pages) == ("5", "8", "845–857")
    assert paper.publisher == "Springer Science and Business Media LLC"
    assert paper.doi == "10.1038/s42256-023-00999-1"
    assert paper.citation_count == 37


def test_issued_date_is_preferred_over_print_date():
    paper = parse_sample("crossref_work.json").papers[0]
    assert (paper.date, paper.date_precision) == (date(2023, 7, 20), "day")


def test_authors_in_order_with_orcids_and_affiliations():
    paper = parse_sample("crossref_work.json").papers[0]
    assert [(a.name, a.orcid) for a in paper.authors] == [
        ("Siobhán O’Connor", "0000-0003-1234-5674"),
        ("Tomáš Škoda", ""),
        ("Ingrid Lindqvist", "0000-0002-1825-0097"),
    ]
    assert paper.authors[1].affiliations == [
        "Czech Technical University in Prague",
        "KTH Royal Institute of Technology",
    ]


def test_jats_abstract_becomes_plain_paragraphs_without_the_heading():
    paper = parse_sample("crossref_work.json").papers[0]
    assert paper.abstract == (
        "Message-passing networks are often over-confident on molecules unlike those seen in "
        "training. We propose a post-hoc recalibration based on the Gaussian process view of "
        "the final layer.\n\nOn four benchmarks the calibrated models halve the expected "
        "calibration error & keep accuracy."
    )


def test_work_list_maps_types_to_kinds_and_skips_untitled_works():
    result = parse_sample("crossref_list.json")
    assert [(p.kind, p.venue_kind) for p in result.papers] == [
        ("conference", "conference"),
        ("preprint", "preprint"),
        ("chapter", "book"),
    ]
    assert [(s.key, s.reason) for s in result.skipped] == [
        ("10.9999/no-title", "work without a title")
    ]


def test_proceedings_article_strips_title_markup_and_keeps_month_precision():
    paper = parse_sample("crossref_list.json").papers[0]
    assert paper.title == "Sparse Mixture-of-Experts Routing with k-means Anchors"
    assert (paper.date, paper.date_precision) == (date(2024, 12, 1), "month")
    assert paper.venue_name == "Advances in Neural Information Processing Systems 37"
    assert [a.name for a in paper.authors] == ["Ingrid Lindqvist", "Jörg Müller", "Amélie François"]


def test_posted_content_is_a_preprint_on_its_server_with_organisation_and_suffix_names():
    paper = parse_sample("crossref_list.json").papers[1]
    assert paper.venue_name == "bioRxiv"
    assert [a.name for a in paper.authors] == [
        "Haruto Sato",
        "The Open Protein Consortium",
        "Ingrid Lindqvist Jr.",
    ]
    assert (paper.date, paper.date_precision) == (date(2024, 5, 3), "day")
    assert paper.citation_count == 0


def test_first_sequence_author_moves_to_the_front():
    work = {"title": ["T"], "author": [
        {"given": "B", "family": "Second", "sequence": "additional"},
        {"given": "A", "family": "First", "sequence": "first"},
    ]}  # fmt: skip
    paper = crossref.parse(
        json.dumps({"status": "ok", "message-type": "work", "message": work})
    ).papers[0]
    assert [a.name for a in paper.authors] == ["A First", "B Second"]


def test_crossref_failure_and_not_found_text_raise_with_a_message():
    failed = {"status": "failed", "message-type": "validation-failure",
              "message": [{"type": "parameter-not-allowed", "message": "Bad filter"}]}  # fmt: skip
    with pytest.raises(ImporterError, match="Bad filter"):
        crossref.parse(json.dumps(failed))
    with pytest.raises(ImporterError, match="Not valid JSON"):
        crossref.parse("Resource not found.")
    with pytest.raises(ImporterError, match="no works"):
        crossref.parse(
            json.dumps({"status": "ok", "message-type": "work-list", "message": {"items": []}})
        )
