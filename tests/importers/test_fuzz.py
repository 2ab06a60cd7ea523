"""Every parser, fed arbitrary or damaged input, returns a ParseResult or raises ImporterError
with a message; nothing else escapes, and what it returns fits the database columns."""

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papers.models import Paper, Venue
from papers.parsers import arxiv, bibtex, crossref, csl, orcid, ris
from papers.parsers.records import ImporterError, ParseResult
from papers.validators import is_valid_arxiv_id, is_valid_doi
from people.validators import is_valid_orcid

SAMPLES = Path(__file__).parent / "samples"
PARSERS = {
    "bibtex": (
        bibtex.parse,
        ["alfolio.bib", "scholar.bib", "dblp.bib", "zotero.bib", "publishers.bib"],
    ),
    "arxiv": (arxiv.parse, ["arxiv_atom.xml", "arxiv_error.xml"]),
    "orcid": (orcid.parse, ["orcid_works.json", "orcid_bulk.json", "orcid_work.json"]),
    "crossref": (crossref.parse, ["crossref_work.json", "crossref_list.json"]),
    "csl": (csl.parse, ["items.csl.json"]),
    "ris": (ris.parse, ["zotero.ris"]),
}
# Characters that matter to one of the formats, so mutations hit the grammar, not just text.
SYNTAX = "{}@\"'\\,=#%$~&<>/[]:-\n\r\t TYER AU- \ufeff\x00"
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KINDS = {""} | set(Paper.Kind.values)
VENUE_KINDS = {""} | set(Venue.Kind.values)


def check(parse, text):
    try:
        result = parse(text)
    except ImporterError as error:
        assert str(error).strip()
        return
    assert isinstance(result, ParseResult)
    for paper in result.papers:
        assert paper.title.strip() and len(paper.title) <= 1000
        assert paper.kind in KINDS and paper.venue_kind in VENUE_KINDS
        assert paper.date is None or isinstance(paper.date, date)
        assert paper.date_precision in ("day", "month", "year")
        assert not paper.doi or is_valid_doi(paper.doi)
        assert not paper.arxiv_id or is_valid_arxiv_id(paper.arxiv_id)
        assert max(len(paper.volume), len(paper.issue), len(paper.pages)) <= 32
        assert len(paper.venue_name) <= 255 and len(paper.venue_short_name) <= 64
        assert len(paper.publisher) <= 255 and len(paper.bibtex_key) <= 255
        assert all(url.startswith(("http://", "https://")) for url in paper.links.values())
        for author in paper.authors:
            assert author.name.strip() and len(author.name) <= 255
            assert not author.orcid or is_valid_orcid(author.orcid)
    for skipped in result.skipped:
        assert skipped.reason.strip()


@st.composite
def mutated(draw, text):
    """A real sample with a few random deletions, insertions and character flips."""
    chars = list(text)
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        if not chars:
            break
        at = draw(st.integers(min_value=0, max_value=len(chars) - 1))
        action = draw(st.sampled_from(["delete", "insert", "flip", "cut"]))
        if action == "delete":
            del chars[at : at + draw(st.integers(min_value=1, max_value=40))]
        elif action == "insert":
            chars[at:at] = draw(st.text(alphabet=SYNTAX, max_size=6))
        elif action == "flip":
            chars[at] = chr(ord(chars[at]) ^ (1 << draw(st.integers(min_value=0, max_value=7))))
        else:
            chars = chars[:at]
    return "".join(chars)


@pytest.mark.parametrize("name", PARSERS)
def test_parser_survives_arbitrary_text(name):
    parse = PARSERS[name][0]

    @FUZZ
    @given(st.text(alphabet=st.one_of(st.sampled_from(SYNTAX), st.characters()), max_size=400))
    def run(text):
        check(parse, text)

    run()


@pytest.mark.parametrize("name", PARSERS)
def test_parser_survives_damaged_real_samples(name):
    parse, sample_names = PARSERS[name]
    samples = [(SAMPLES / sample).read_text(encoding="utf-8") for sample in sample_names]

    @FUZZ
    @given(st.data())
    def run(data):
        text = data.draw(st.sampled_from(samples))
        check(parse, data.draw(mutated(text)))

    run()


@pytest.mark.parametrize(
    "text",
    [
        "@article{k, title = {" + "{" * 5000 + "}",
        "@article{k, author = {" + " and ".join(["A"] * 3000) + "}, title={T}}",
        "[" * 100000,
        '{"group": [' + "[" * 5000 + "]}",
        "<feed>" + "<entry>" * 2000,
        "TY  - JOUR\n" + "AU  - " + "x" * 100000 + "\nER  - \n",
        "\x00\x01\x02",
        "@string{a = a # a}\n@article{k, title = a}",
        "@article{k, title = {T}, year = {99999999999999999999}, month = {13}, day = {-1}}",
        '@article{k, title = {$\\frac{a}{$}, author = {\\"{}, \\c{}}}',
    ],
)
def test_known_nasty_inputs_do_not_crash_any_parser(text):
    for parse, _ in PARSERS.values():
        check(parse, text)
