from pathlib import Path

import pytest
import requests

from papers.parsers import arxiv, crossref, fetch, orcid
from papers.parsers.detect import detect_format
from papers.parsers.records import ImporterError

RECORDED = Path(__file__).parent / "recorded"


class FakeHTTP:
    """Serves recorded responses by URL and remembers each request."""

    def __init__(self, routes):
        self.routes = routes
        self.calls = []

    def __call__(self, url, *, headers, timeout):
        self.calls.append({"url": url, "headers": headers, "timeout": timeout})
        answer = self.routes.get(url, (404, "Resource not found."))
        if isinstance(answer, Exception):
            raise answer
        status, body = answer
        response = requests.Response()
        response.status_code = status
        response._content = body.encode("utf-8")
        response.encoding = "utf-8"
        response.url = url
        return response


def recorded(name):
    return (RECORDED / name).read_text(encoding="utf-8")


@pytest.fixture
def http(monkeypatch):
    fake = FakeHTTP({})
    monkeypatch.setattr(fetch.requests, "get", fake)
    return fake


def test_doi_is_fetched_from_crossref_and_parses(http):
    http.routes["https://api.crossref.org/works/10.1038/s42256-023-00999-1"] = (
        200,
        recorded("crossref_work_10.1038_s42256-023-00999-1.json"),
    )
    text, format_name = fetch.fetch("doi", "https://doi.org/10.1038/S42256-023-00999-1")
    assert format_name == "crossref"
    paper = crossref.parse(text).papers[0]
    assert paper.doi == "10.1038/s42256-023-00999-1"
    assert http.calls[0]["timeout"] == 10
    assert http.calls[0]["headers"]["User-Agent"].startswith("Labsite/")


def test_arxiv_id_is_fetched_without_its_version(http):
    url = "http://export.arxiv.org/api/query?id_list=2502.04321&max_results=100"
    http.routes[url] = (200, recorded("arxiv_query_2502.04321.xml"))
    text, format_name = fetch.fetch("arxiv", "arXiv:2502.04321v2", timeout=3)
    assert format_name == "arxiv"
    assert arxiv.parse(text).papers[0].arxiv_id == "2502.04321"
    assert http.calls[0]["timeout"] == 3


def test_orcid_works_are_upgraded_to_full_records_with_authors(http):
    base = "https://pub.orcid.org/v3.0/0000-0002-1825-0097/works"
    http.routes[base] = (200, recorded("orcid_0000-0002-1825-0097_works.json"))
    http.routes[f"{base}/150001,150003,150004,150005"] = (
        200,
        recorded("orcid_0000-0002-1825-0097_works_bulk.json"),
    )
    text, format_name = fetch.fetch("orcid", "https://orcid.org/0000-0002-1825-0097")
    assert format_name == "orcid"
    assert all(call["headers"]["Accept"] == "application/json" for call in http.calls)
    papers = orcid.parse(text).papers
    assert [p.title for p in papers] == [
        "Sparse Mixture-of-Experts Routing with k-means Anchors",
        "Weak Supervision in Practice",
        "Learning Structured Representations from Weak Supervision",
    ]
    assert [a.name for a in papers[0].authors] == [
        "Ingrid Lindqvist",
        "Jörg Müller",
        "Amélie François",
    ]
    # The group's arXiv id comes along although the chosen (Crossref) record lacks it.
    assert (papers[0].doi, papers[0].arxiv_id) == ("10.5555/neurips.2024.10234", "2410.01234")


def test_orcid_summary_is_returned_when_the_bulk_request_fails(http):
    base = "https://pub.orcid.org/v3.0/0000-0002-1825-0097/works"
    http.routes[base] = (200, recorded("orcid_0000-0002-1825-0097_works.json"))
    http.routes[f"{base}/150001,150003,150004,150005"] = (503, "busy")
    text, _ = fetch.fetch("orcid", "0000-0002-1825-0097")
    assert len(orcid.parse(text).papers) == 3


def test_unknown_doi_says_not_found(http):
    with pytest.raises(ImporterError, match=r"10\.1234/nothing not found at Crossref"):
        fetch.fetch("doi", "10.1234/nothing")


def test_timeout_and_connection_errors_become_importer_errors(http):
    http.routes["https://api.crossref.org/works/10.1234/slow"] = requests.Timeout()
    with pytest.raises(ImporterError, match="did not answer within 10 seconds"):
        fetch.fetch("doi", "10.1234/slow")
    http.routes["https://api.crossref.org/works/10.1234/down"] = requests.ConnectionError()
    with pytest.raises(ImporterError, match="Could not reach Crossref"):
        fetch.fetch("doi", "10.1234/down")


def test_server_errors_and_rate_limits_have_their_own_messages(http):
    http.routes["https://api.crossref.org/works/10.1234/a"] = (500, "oops")
    with pytest.raises(ImporterError, match="HTTP 500"):
        fetch.fetch("doi", "10.1234/a")
    http.routes["https://api.crossref.org/works/10.1234/b"] = (429, "slow down")
    with pytest.raises(ImporterError, match="slow down"):
        fetch.fetch("doi", "10.1234/b")


@pytest.mark.parametrize(
    ("kind", "identifier", "message"),
    [
        ("doi", "not-a-doi", "is not a DOI"),
        ("arxiv", "1234.123456", "is not an arXiv id"),
        ("orcid", "0000-0002-1825-0098", "checksum"),
        ("orcid", "12345", "ORCID iD in the form"),
        ("isbn", "978-3-16-148410-0", "use doi, arxiv or orcid"),
    ],
)
def test_bad_identifiers_are_refused_before_any_request(http, kind, identifier, message):
    with pytest.raises(ImporterError, match=message):
        fetch.fetch(kind, identifier)
    assert http.calls == []


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("orcid_works.json", "orcid"),
        ("orcid_bulk.json", "orcid"),
        ("orcid_work.json", "orcid"),
        ("crossref_work.json", "crossref"),
        ("crossref_list.json", "crossref"),
        ("items.csl.json", "csl"),
        ("arxiv_atom.xml", "arxiv"),
        ("zotero.ris", "ris"),
        ("alfolio.bib", "bibtex"),
    ],
)
def test_every_recorded_kind_of_file_is_detected_by_its_content(sample, expected):
    path = Path(__file__).parent / "samples" / sample
    assert detect_format(path.read_text(encoding="utf-8")) == expected
