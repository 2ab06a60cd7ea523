import json
from datetime import date
from pathlib import Path

import pytest

from papers.parsers import csl
from papers.parsers.records import ImporterError

SAMPLES = Path(__file__).parent / "samples"


def papers():
    result = csl.parse((SAMPLES / "items.csl.json").read_text(encoding="utf-8"))
    return {paper.source_key: paper for paper in result.papers}


def test_conference_item_with_string_date_parts_and_code_url():
    paper = papers()["http://zotero.org/users/1234567/items/ABCD2345"]
    assert paper.title == "Sparse Mixture-of-Experts Routing with k-means Anchors"
    assert [a.name for a in paper.authors] == ["Ingrid Lindqvist", "Jörg Müller", "Amélie François"]
    assert paper.kind == "conference"
    assert (paper.venue_name, paper.venue_short_name) == (
        "Advances in Neural Information Processing Systems 37",
        "NeurIPS",
    )
    assert (paper.date, paper.date_precision) == (date(2024, 12, 10), "day")
    assert (paper.volume, paper.pages) == ("37", "10234–10247")
    assert paper.doi == "10.5555/neurips.2024.10234"
    assert paper.links == {"code": "https://github.com/example-lab/anchor-moe"}
    assert paper.has_code is True


def test_zotero_preprint_item_gets_the_arxiv_id_and_no_datacite_doi():
    paper = papers()["lindqvist2025scaling"]
    assert paper.kind == "preprint"
    assert paper.arxiv_id == "2502.04321"
    assert paper.doi == ""
    assert (paper.venue_name, paper.venue_kind) == ("arXiv", "preprint")
    assert [a.name for a in paper.authors] == [
        "Ingrid Lindqvist",
        "Pieter van den Berg",
        "Văn An Nguyễn",
    ]


def test_literal_name_raw_date_and_arxiv_container():
    paper = papers()["team2024gemma"]
    assert [a.name for a in paper.authors] == ["Gemma Team", "Thomas Mesnard"]
    assert (paper.date, paper.date_precision) == (date(2024, 3, 1), "month")
    assert paper.kind == "preprint"
    assert paper.arxiv_id == "2403.08295"


def test_literal_date_numeric_volume_and_journal_abbreviation():
    paper = papers()["oconnor2023"]
    assert (paper.date, paper.date_precision) == (date(2023, 8, 1), "month")
    assert (paper.volume, paper.issue, paper.pages) == ("2023", "8", "1–24")
    assert paper.venue_short_name == "TMLR"
    assert paper.kind == "article"


def test_thesis_publisher_is_the_venue_and_year_only_date():
    paper = papers()["lindqvist2019thesis"]
    assert (paper.kind, paper.venue_name, paper.venue_kind) == (
        "thesis",
        "KTH Royal Institute of Technology",
        "thesis",
    )
    assert (paper.date, paper.date_precision) == (date(2019, 1, 1), "year")


def test_item_without_title_is_skipped_by_id():
    result = csl.parse((SAMPLES / "items.csl.json").read_text(encoding="utf-8"))
    assert [(s.key, s.reason) for s in result.skipped] == [("untitled", "item without a title")]
    assert len(result.papers) == 5


def test_a_single_item_object_is_read():
    item = {"id": "x", "type": "book", "title": "One Book", "publisher": "P", "author": [
        {"given": "Ludwig", "dropping-particle": "van", "family": "Beethoven"}]}  # fmt: skip
    paper = csl.parse(json.dumps(item)).papers[0]
    assert (paper.title, paper.kind, paper.venue_name, paper.publisher) == (
        "One Book",
        "book",
        "",
        "P",
    )
    assert [a.name for a in paper.authors] == ["Ludwig van Beethoven"]


def test_json_that_is_not_csl_raises():
    with pytest.raises(ImporterError, match="Not CSL-JSON"):
        csl.parse('{"hello": "world"}')
    with pytest.raises(ImporterError, match="no items"):
        csl.parse("[]")
    with pytest.raises(ImporterError, match="no item is an object"):
        csl.parse("[1, 2]")


def test_orcid_or_crossref_json_sent_to_the_csl_parser_is_read_by_its_own_parser():
    work = (SAMPLES / "orcid_work.json").read_text(encoding="utf-8")
    assert csl.parse(work).papers[0].arxiv_id == "2502.04321"
    crossref_work = (SAMPLES / "crossref_work.json").read_text(encoding="utf-8")
    assert csl.parse(crossref_work).papers[0].doi == "10.1038/s42256-023-00999-1"


def test_an_others_author_marks_the_list_cut_short():
    item = {"type": "article-journal", "title": "T", "author": [
        {"family": "Doe", "given": "Jane"}, {"literal": "others"}]}  # fmt: skip
    paper = csl.parse(json.dumps([item])).papers[0]
    assert ([a.name for a in paper.authors], paper.authors_complete) == (["Jane Doe"], False)


def test_generic_article_type_is_a_preprint_only_when_something_says_so():
    items = [
        {"id": "a", "type": "article", "title": "Working paper", "genre": "Preprint"},
        {"id": "b", "type": "article", "title": "Plain document"},
        {"id": "c", "type": "article", "title": "On a server", "publisher": "bioRxiv"},
    ]
    assert [p.kind for p in csl.parse(json.dumps(items)).papers] == [
        "preprint",
        "other",
        "preprint",
    ]


def test_crossref_type_names_passed_through_are_understood():
    items = [
        {"type": t, "title": t} for t in ("journal-article", "proceedings-article", "book-chapter")
    ]
    assert [p.kind for p in csl.parse(json.dumps(items)).papers] == [
        "article",
        "conference",
        "chapter",
    ]


def test_only_csl_formatting_tags_are_stripped_and_other_markup_stays_text():
    item = {
        "id": "x",
        "type": "article-journal",
        "title": '<script>alert(1)</script> & "x": <i>k</i>-means for <span class="nocase">iPhone</span>',
        "author": [{"family": "Doe", "given": "Jane"}],
        "issued": {"date-parts": [[2020]]},
    }
    paper = csl.parse(json.dumps([item])).papers[0]
    assert paper.title == '<script>alert(1)</script> & "x": k-means for iPhone'
