from datetime import date
from pathlib import Path

import pytest

from papers.parsers import ris
from papers.parsers.records import ImporterError

SAMPLES = Path(__file__).parent / "samples"


def parse_sample():
    return ris.parse((SAMPLES / "zotero.ris").read_text(encoding="utf-8"))


def test_zotero_ris_with_bom_and_crlf_reads_every_titled_record():
    result = parse_sample()
    assert [p.kind for p in result.papers] == [
        "article",
        "conference",
        "preprint",
        "chapter",
        "thesis",
    ]
    assert [p.source_line for p in result.papers] == [1, 23, 38, 51, 70]
    assert result.format == "ris"


def test_journal_record_fields():
    paper = parse_sample().papers[0]
    assert paper.title == (
        "Graph Networks that Know What They Don't Know: "
        "Calibrated Uncertainty for Molecular Property Prediction"
    )
    assert [a.name for a in paper.authors] == [
        "Siobhán O'Connor",
        "Tomáš Škoda",
        "Ingrid Lindqvist",
    ]
    assert (paper.venue_name, paper.venue_short_name, paper.venue_kind) == (
        "Transactions on Machine Learning Research",
        "TMLR",
        "journal",
    )
    assert (paper.date, paper.date_precision) == (date(2023, 8, 20), "day")
    assert (paper.volume, paper.issue, paper.pages) == ("2023", "8", "1–24")
    assert paper.doi == "10.5555/tmlr.2023.0042"
    assert paper.links == {"project": "https://openreview.net/forum?id=AbCdEf123"}
    assert paper.keywords == ["calibration", "graph neural networks"]


def test_abstract_continuation_lines_are_joined():
    paper = parse_sample().papers[0]
    assert paper.abstract == (
        "Message-passing networks are often over-confident on unfamiliar molecules. "
        "A post-hoc recalibration fixes most of it."
    )


def test_conference_record_with_month_date_and_code_link():
    paper = parse_sample().papers[1]
    assert paper.venue_name == "Advances in Neural Information Processing Systems 37"
    assert (paper.date, paper.date_precision) == (date(2024, 12, 1), "month")
    assert paper.pages == "10234–10247"
    assert paper.has_code is True


def test_unpublished_arxiv_record_is_a_preprint_with_particle_name():
    paper = parse_sample().papers[2]
    assert paper.arxiv_id == "2502.04321"
    assert paper.doi == ""
    assert (paper.venue_name, paper.venue_kind) == ("arXiv", "preprint")
    assert [a.name for a in paper.authors] == [
        "Ingrid Lindqvist",
        "Pieter van den Berg",
        "Văn An Nguyễn",
    ]
    assert paper.note == ""


def test_chapter_with_the_whole_range_in_start_page_and_year_only_date():
    paper = parse_sample().papers[3]
    assert paper.venue_name == "Handbook of Data-Centric AI"
    assert paper.pages == "77–98"  # "77-98" in SP is read as a range
    assert (paper.date, paper.date_precision) == (date(2021, 1, 1), "year")
    assert [a.name for a in paper.authors] == ["Ingrid Lindqvist"]  # the A2 editor is not an author


def test_record_without_title_is_skipped_and_last_record_needs_no_er():
    result = parse_sample()
    assert [(s.line, s.reason) for s in result.skipped] == [(65, "missing title (TI)")]
    thesis = result.papers[-1]
    assert (thesis.title, thesis.venue_name) == (
        "Learning Structured Representations from Weak Supervision",
        "KTH Royal Institute of Technology",
    )


def test_loose_tag_spacing_is_accepted():
    text = "TY - JOUR\nTI -Loose Tags\nAU - Doe, Jane, Jr.\nPY - 2001///\nER -\n"
    paper = ris.parse(text).papers[0]
    assert (paper.title, [a.name for a in paper.authors], paper.date.year) == (
        "Loose Tags",
        ["Jane Doe Jr."],
        2001,
    )


def test_text_without_records_raises():
    with pytest.raises(ImporterError, match="No RIS records"):
        ris.parse("@article{k, title={BibTeX, not RIS}}")


def test_an_et_al_author_marks_the_list_cut_short():
    paper = ris.parse("TY  - JOUR\nTI  - T\nAU  - Doe, Jane\nAU  - et al.\nER  - \n").papers[0]
    assert ([a.name for a in paper.authors], paper.authors_complete) == (["Jane Doe"], False)


def test_generic_record_marked_as_preprint_is_a_preprint():
    text = "TY  - GEN\nTI  - A\nM3  - Preprint\nER  - \nTY  - GEN\nTI  - B\nER  - \n"
    assert [p.kind for p in ris.parse(text).papers] == ["preprint", "other"]


def test_dates_written_in_words_are_read():
    paper = ris.parse("TY  - JOUR\nTI  - T\nDA  - March 2021\nPY  - 2021\nER  - \n").papers[0]
    assert (paper.date, paper.date_precision) == (date(2021, 3, 1), "month")
