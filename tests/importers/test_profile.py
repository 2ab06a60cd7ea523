"""The profile-page parser on its own: layout quirks, dates, authors, figures, errors."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papers.parsers.detect import decode, detect_format
from papers.parsers.profile import (
    looks_like_authors,
    parse,
    parse_head,
    parse_metric,
    split_authors_line,
)
from papers.parsers.records import ImporterError
from tests.importers.helpers import SEED

HEADER = "Ada Lovelace\n\nLG\nh-index10\n5papers\n\n5 Papers\n\n"


def test_the_seed_parses_into_fifty_papers_and_five_figures():
    result = parse(SEED.read_text(encoding="utf-8"))
    assert len(result.papers) == 50
    assert result.skipped == []
    assert result.profile.full_name == "Oriol Vinyals"
    assert result.profile.primary_subject == "LG"
    assert [(m.name, m.value, m.unit) for m in result.profile.metrics] == [
        ("h-index", 117, ""),
        ("papers", 114, ""),
        ("citations", 216183, ""),
        ("Novelty", 61, "%"),
        ("AI Score", 47, ""),
    ]


def test_crlf_a_bom_trailing_spaces_and_extra_blank_lines_change_nothing():
    text = SEED.read_text(encoding="utf-8")
    messy = "\ufeff" + "\r\n".join(line + "  " for line in text.split("\n")).replace(
        "\r\n  \r\n", "\r\n\r\n\r\n\r\n"
    )
    clean, tidy = parse(decode(messy.encode("utf-8"))), parse(text)
    for paper in clean.papers + tidy.papers:
        paper.source_line = None  # the extra blank lines move the blocks
    assert clean == tidy


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("CVAug 26, 2024Code", ("CV", date(2024, 8, 26), "day", True)),
        ("LGSep 4, 2019", ("LG", date(2019, 9, 4), "day", False)),
        ("LGSept 4, 2019", ("LG", date(2019, 9, 4), "day", False)),
        ("LGSeptember 4, 2019Code", ("LG", date(2019, 9, 4), "day", True)),
        ("MLJune 11, 2020", ("ML", date(2020, 6, 11), "day", False)),
        ("MAMar 3, 2020", ("MA", date(2020, 3, 3), "day", False)),
        ("cs.LGJan 5, 2021", ("cs.LG", date(2021, 1, 5), "day", False)),
        ("stat.ML Jan 5 2021 Code", ("stat.ML", date(2021, 1, 5), "day", True)),
        ("hep-thJan 5, 2021", ("hep-th", date(2021, 1, 5), "day", False)),
        ("CS.LGJan 5, 2021", ("CS.LG", date(2021, 1, 5), "day", False)),
        ("XYZDec 1, 2020", ("XYZ", date(2020, 12, 1), "day", False)),
        ("Dec 1, 2020Code", ("", date(2020, 12, 1), "day", True)),
        ("CV5 Aug 2024", ("CV", date(2024, 8, 5), "day", False)),
        ("CVAug 2024", ("CV", date(2024, 8, 1), "month", False)),
        ("CVFeb 30, 2024", ("CV", None, "day", False)),
    ],
)
def test_a_blocks_first_line_gives_subject_date_and_code(line, expected):
    assert parse_head(line) == expected


@pytest.mark.parametrize(
    "line", ["Gemma 2: Improving Open Language Models", "Imagen 3", "May 2024 was busy", ""]
)
def test_titles_are_not_mistaken_for_a_blocks_first_line(line):
    assert parse_head(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("h-index117", ("h-index", 117, "")),
        ("114papers", ("papers", 114, "")),
        ("216,183citations", ("citations", 216183, "")),
        ("Novelty61%", ("Novelty", 61, "%")),
        ("AI Score47", ("AI Score", 47, "")),
        ("AI Score 47", ("AI Score", 47, "")),
        ("i10-index25", ("i10-index", 25, "")),
        ("1.2kcitations", ("citations", 1200, "")),
        ("Novelty 61 %", ("Novelty", 61, "%")),
        ("216.183citations", ("citations", 216183, "")),
        ("Novelty12.5%", ("Novelty", 12.5, "%")),
    ],
)
def test_reported_figures_are_read_with_name_value_and_unit(line, expected):
    metric = parse_metric(line)
    assert (metric.name, metric.value, metric.unit) == expected


def test_an_author_line_gives_names_tags_and_completeness():
    authors, complete, tags = split_authors_line(
        "Gemma Team, Aäron van den Oord, Martin Luther King, Jr. et al. · deepmind, mila"
    )
    assert [a.name for a in authors] == [
        "Gemma Team",
        "Aäron van den Oord",
        "Martin Luther King, Jr.",
    ]
    assert not complete
    assert tags == ["deepmind", "mila"]


@pytest.mark.parametrize("ending", ["et al.", "et al", "et al. ", ", et al.", "and others"])
def test_every_spelling_of_et_al_marks_the_list_cut_short(ending):
    authors, complete, tags = split_authors_line(f"Ada Lovelace, Alan Turing {ending}")
    assert [a.name for a in authors] == ["Ada Lovelace", "Alan Turing"]
    assert not complete
    assert tags == []


def test_a_block_without_an_authors_line_keeps_its_abstract():
    text = HEADER + "CVAug 26, 2024\nA title\n\nWe study things. It works well.\n"
    [paper] = parse(text).papers
    assert paper.authors == []
    assert paper.abstract == "We study things. It works well."


def test_a_block_without_an_abstract_keeps_its_authors():
    text = HEADER + "CVAug 26, 2024\nA title\n\nAda Lovelace, Alan Turing\n\nLGAug 27, 2024\nB\n"
    first, second = parse(text).papers
    assert [a.name for a in first.authors] == ["Ada Lovelace", "Alan Turing"]
    assert first.abstract == ""
    assert second.title == "B"


def test_a_blank_line_between_first_line_and_title_is_tolerated():
    text = HEADER + "CVAug 26, 2024Code\n\nA title\n\nAda Lovelace · mit\n\nAbstract.\n"
    [paper] = parse(text).papers
    assert (paper.title, paper.institution_tags, paper.abstract) == (
        "A title",
        ["mit"],
        "Abstract.",
    )


def test_a_block_without_a_title_is_skipped_with_its_line():
    result = parse(HEADER + "CVAug 26, 2024\n\nLGAug 27, 2024\nB\n")
    assert [p.title for p in result.papers] == ["B"]
    assert [(s.line, s.reason) for s in result.skipped] == [(9, "the block has no title")]


def test_a_damaged_first_line_skips_its_block_and_reports_the_line():
    text = HEADER + "CVAgu 26, 2024\nA title\n\nAda\n\nLGAug 27, 2024\nB\n"
    result = parse(text)
    assert [p.title for p in result.papers] == ["B"]
    assert result.skipped[0].line == 9


@pytest.mark.parametrize("damaged", ["CVCode", "CV 2024", "26/08/2024", "CVAugust 2024 Code x"])
def test_a_first_line_without_a_readable_date_skips_its_block(damaged):
    text = HEADER + f"CVAug 1, 2024\nA\n\n{damaged}\nB\n\nAda\n\nLGAug 27, 2024\nC\n"
    result = parse(text)
    assert [p.title for p in result.papers] == ["A", "C"]
    assert result.papers[0].abstract == ""
    assert [s.line for s in result.skipped] == [12]


def test_the_persons_subject_may_follow_the_figures():
    result = parse("Ada Lovelace\n\nh-index10\ncs.LG\n\nCVAug 26, 2024\nA title\n")
    assert result.profile.primary_subject == "cs.LG"
    assert result.skipped == []


def test_the_papers_heading_is_not_a_reported_figure():
    result = parse(HEADER + "CVAug 26, 2024\nA title\n")
    assert [m.name for m in result.profile.metrics] == ["h-index", "papers"]


def test_a_header_line_it_cannot_read_is_reported():
    result = parse("Ada Lovelace\n\nLG\nh-index10\nsomething odd\n\nCVAug 26, 2024\nA title\n")
    assert result.skipped == []
    [warning] = result.warnings
    assert warning.line == 5
    assert warning.reason.startswith("header line not understood")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("CVAug 26, 2024\nA title\n", "starts with a paper"),
        ("Just some words\nand more words\n", "not a profile"),
    ],
)
def test_input_that_is_not_a_profile_raises_the_importers_error(text, message):
    with pytest.raises(ImporterError, match=message):
        parse(text)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02binary", "binary"),
        (b"caf\xe9", "not UTF-8"),
        (b"", "empty"),
        (b"\xef\xbb\xbf   \r\n", "empty"),
    ],
)
def test_unreadable_bytes_raise_the_importers_error(data, message):
    with pytest.raises(ImporterError, match=message):
        decode(data)


def test_the_profile_format_is_detected():
    assert detect_format(SEED.read_text(encoding="utf-8"), "000_86aabc113ef6f027.txt") == "profile"
    assert detect_format("@article{x, title={T}}", "refs.txt") == "bibtex"
    assert detect_format("TY  - JOUR\nTI  - T\nER  - \n") == "ris"


SEED_TEXT = SEED.read_text(encoding="utf-8")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_or_raises_the_importers_error(text):
    try:
        result = parse(text)
    except ImporterError as error:
        assert str(error)
    else:
        assert all(paper.title for paper in result.papers)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=0, max_value=len(SEED_TEXT)),
    st.integers(min_value=0, max_value=400),
    st.text(max_size=30),
)
def test_a_mutated_seed_parses_or_raises_the_importers_error(start, length, insert):
    text = SEED_TEXT[:start] + insert + SEED_TEXT[start + length :]
    try:
        result = parse(text)
    except ImporterError as error:
        assert str(error)
    else:
        assert len(result.papers) + len(result.skipped) >= 1


@pytest.mark.parametrize(
    "line",
    [
        "Ada Lovelace, Alan Turing",
        "Diego de las Casas, Aäron van den Oord, Ahmad al-Khwarizmi, Jean d'Alembert",
        "Gemma Team",
        "Karsten Roth, Jae Myung Kim, A. Sophia Koepke et al.",
        "et al. · deepmind",
        "Ada Lovelace · deepmind · mila",
    ],
)
def test_author_lines_are_recognised(line):
    assert looks_like_authors(line)


@pytest.mark.parametrize(
    "line",
    [
        "We study things. It works well.",
        "The inner product a · b of two vectors is what we use throughout this work",
        "As shown by Smith et al.",
        "Results: $x^2$ grows.",
        "Deep nets are used here",
    ],
)
def test_abstracts_are_not_mistaken_for_author_lines(line):
    assert not looks_like_authors(line)


def test_tags_may_be_separated_by_several_dots():
    authors, complete, tags = split_authors_line("Ada Lovelace · deepmind · mila")
    assert ([a.name for a in authors], complete, tags) == (
        ["Ada Lovelace"],
        True,
        ["deepmind", "mila"],
    )


def test_zero_width_and_non_breaking_spaces_are_ignored():
    text = "Ada\u00a0Lovelace\n\nh-index10\n\nCV\u200bAug\u00a026, 2024\nA\u00a0title\n"
    result = parse(text)
    assert result.profile.full_name == "Ada Lovelace"
    assert [(p.title, p.date) for p in result.papers] == [("A title", date(2024, 8, 26))]


def test_a_code_marker_on_its_own_line_is_still_the_code_marker():
    [paper] = parse(HEADER + "CVAug 26, 2024\nCode\nA title\n\nAda Lovelace\n").papers
    assert (paper.title, paper.has_code) == ("A title", True)
    assert [a.name for a in paper.authors] == ["Ada Lovelace"]


def test_a_subject_on_its_own_line_above_the_date_belongs_to_the_next_paper():
    text = HEADER + "CVAug 26, 2024\nA\n\nAda\n\nAbstract A.\nLG\nAug 27, 2024\nB\n"
    first, second = parse(text).papers
    assert first.abstract == "Abstract A."
    assert (second.subject_codes, second.title) == (["LG"], "B")
