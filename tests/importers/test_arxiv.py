from datetime import date
from pathlib import Path

import pytest

from papers.parsers import arxiv
from papers.parsers.records import ImporterError

SAMPLES = Path(__file__).parent / "samples"


def parse_sample(name):
    return arxiv.parse((SAMPLES / name).read_text(encoding="utf-8"))


def test_feed_entries_become_preprints_in_feed_order():
    result = parse_sample("arxiv_atom.xml")
    assert [p.arxiv_id for p in result.papers] == ["2502.04321", "2410.01234", "hep-th/9901001"]
    assert {p.kind for p in result.papers} == {"preprint"}
    assert {(p.venue_name, p.venue_kind) for p in result.papers} == {("arXiv", "preprint")}
    assert result.skipped == []
    assert result.format == "arxiv"


def test_title_and_summary_whitespace_is_normalised_and_tilde_kept():
    paper = parse_sample("arxiv_atom.xml").papers[0]
    assert paper.title == "Scaling Laws for Retrieval-Augmented LLMs"
    assert paper.abstract == (
        "We measure how retrieval changes the compute-optimal frontier of language models. "
        "A small index stands in for ~30% of the parameters, and the effect grows with "
        "$N^{0.3}$ in model size."
    )


def test_authors_keep_order_and_affiliations():
    paper = parse_sample("arxiv_atom.xml").papers[0]
    assert [a.name for a in paper.authors] == [
        "Ingrid Lindqvist",
        "Pieter van den Berg",
        "Văn An Nguyễn",
    ]
    assert paper.authors[0].affiliations == ["KTH Royal Institute of Technology"]
    assert paper.authors[1].affiliations == []
    assert paper.authors[2].affiliations == [
        "VinAI Research",
        "Hanoi University of Science and Technology",
    ]


def test_published_date_categories_comment_and_pdf_link():
    paper = parse_sample("arxiv_atom.xml").papers[0]
    assert (paper.date, paper.date_precision) == (date(2025, 2, 6), "day")
    assert paper.subject_codes == ["cs.CL", "cs.LG"]  # the ACM class I.2.7 is not an arXiv code
    assert paper.note == "18 pages, 7 figures; v2 adds ablations"
    assert paper.links == {"pdf": "http://arxiv.org/pdf/2502.04321v2"}
    assert paper.doi == ""


def test_doi_journal_ref_and_tex_accents_in_names():
    paper = parse_sample("arxiv_atom.xml").papers[1]
    assert paper.doi == "10.5555/neurips.2024.10234"
    assert paper.note == "Advances in Neural Information Processing Systems 37 (2024) 10234-10247"
    assert [a.name for a in paper.authors] == ["Ingrid Lindqvist", "Jörg Müller", "Amélie François"]
    assert paper.title == "Sparse Mixture-of-Experts Routing with $k$-means Anchors"
    assert paper.subject_codes == ["cs.LG", "stat.ML"]


def test_old_style_identifier_loses_its_version():
    paper = parse_sample("arxiv_atom.xml").papers[2]
    assert paper.arxiv_id == "hep-th/9901001"
    assert paper.subject_codes == ["hep-th"]
    assert (paper.date, paper.date_precision) == (date(1999, 1, 4), "day")


def test_api_error_entry_raises_with_arxivs_message():
    with pytest.raises(ImporterError, match=r"incorrect id format for 1234\.123456"):
        parse_sample("arxiv_error.xml")


def test_empty_feed_says_no_paper_has_that_id():
    feed = '<feed xmlns="http://www.w3.org/2005/Atom"><title>ArXiv Query</title></feed>'
    with pytest.raises(ImporterError, match="no entries"):
        arxiv.parse(feed)


def test_entity_declarations_are_refused_before_parsing():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol2;</title></entry></feed>'
    )
    with pytest.raises(ImporterError, match="DOCTYPE"):
        arxiv.parse(bomb)


def test_broken_xml_and_other_xml_are_refused_with_a_message():
    with pytest.raises(ImporterError, match="Not well-formed XML"):
        arxiv.parse("<feed><entry>")
    with pytest.raises(ImporterError, match="Atom"):
        arxiv.parse("<rss><channel/></rss>")
