"""The pipeline fed arbitrary records: it imports or reports them, never crashes."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papers.imports.runner import import_result
from papers.models import Paper
from papers.parsers.records import ParsedAuthor, ParsedPaper, ParseResult

pytestmark = pytest.mark.django_db

text = st.text(max_size=300)
records = st.builds(
    ParsedPaper,
    title=text,
    authors=st.lists(st.builds(ParsedAuthor, name=text, orcid=text), max_size=4),
    authors_complete=st.booleans(),
    date=st.none() | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    date_precision=st.sampled_from(["day", "month", "year", "", "week"]),
    kind=text | st.sampled_from(["preprint", "conference"]),
    abstract=text,
    venue_name=text,
    venue_short_name=text,
    volume=text,
    pages=text,
    doi=text | st.just("10.1000/" + "x" * 300),
    arxiv_id=text | st.just("2001.01234"),
    subject_codes=st.lists(text | st.sampled_from(["CV", "cs.LG"]), max_size=3),
    has_code=st.booleans(),
    links=st.dictionaries(st.sampled_from(["pdf", "code", "x"]), text | st.just("https://x.org/a")),
    institution_tags=st.lists(text, max_size=3),
    awards=st.lists(text, max_size=2),
    citation_count=st.none() | st.integers(),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(records, max_size=3))
def test_arbitrary_records_import_or_are_reported_and_a_second_run_writes_nothing(papers):
    report = import_result(ParseResult(papers=papers, format="test"), source="fuzz")
    assert len(report.entries) == len(papers)
    before = list(Paper.objects.values_list("pk", "updated"))
    again = import_result(ParseResult(papers=papers, format="test"), source="fuzz")
    assert again.counts["new"] == 0
    assert list(Paper.objects.values_list("pk", "updated")) == before
