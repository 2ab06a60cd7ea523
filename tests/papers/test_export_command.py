import csv
import io
import json
from datetime import date

import bibtexparser
import pytest
import rispy
from django.core.management import CommandError, call_command

from tests.factories import make_paper, make_person, make_venue

pytestmark = pytest.mark.django_db


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_papers", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def titles_in_csv(text: str) -> list[str]:
    return [row["title"] for row in csv.DictReader(io.StringIO(text))]


@pytest.fixture
def library():
    ada = make_person("Ada Lovelace")
    neurips = make_venue("Neural Information Processing Systems", short_name="NeurIPS")
    make_paper("Old work", authors=[ada], date=date(2015, 5, 1), subjects=["cs.LG"])
    make_paper(
        "New work with code",
        authors=[ada, "Bo Li"],
        date=date(2023, 5, 1),
        venue=neurips,
        code_url="https://github.com/example/code",
        subjects=["cs.CL"],
    )
    make_paper("Someone else's work", authors=["Bo Li"], date=date(2020, 1, 1))
    make_paper("Hidden draft", authors=[ada], date=date(2024, 1, 1), is_published=False)
    return {"ada": ada, "neurips": neurips}


def test_it_exports_every_published_paper_newest_first_by_default(library):
    assert titles_in_csv(export("--format", "csv")) == [
        "New work with code",
        "Someone else's work",
        "Old work",
    ]


def test_it_includes_unpublished_papers_only_when_asked(library):
    titles = titles_in_csv(export("--format", "csv", "--include-unpublished"))
    assert titles[0] == "Hidden draft"
    assert len(titles) == 4


def test_it_filters_by_person_and_year_range(library):
    text = export("--format", "csv", "--person", library["ada"].slug, "--year-min", "2016")
    assert titles_in_csv(text) == ["New work with code"]
    text = export("--format", "csv", "--year-min", "2015", "--year-max", "2020")
    assert titles_in_csv(text) == ["Someone else's work", "Old work"]


def test_it_filters_by_subject_venue_and_code(library):
    assert titles_in_csv(export("--format", "csv", "--subject", "cs.LG")) == ["Old work"]
    both = export("--format", "csv", "--subject", "cs.LG", "--subject", "cs.CL")
    assert titles_in_csv(both) == ["New work with code", "Old work"]
    by_venue = export("--format", "csv", "--venue", library["neurips"].slug)
    assert titles_in_csv(by_venue) == ["New work with code"]
    assert titles_in_csv(export("--format", "csv", "--has-code")) == ["New work with code"]


def test_each_format_parses_back(library):
    assert len(bibtexparser.parse_string(export("--format", "bibtex")).entries) == 3
    assert len(rispy.loads(export("--format", "ris"))) == 3
    items = json.loads(export("--format", "csljson"))
    assert [item["title"] for item in items] == [
        "New work with code",
        "Someone else's work",
        "Old work",
    ]


def test_it_writes_to_a_file_when_given_one(library, tmp_path):
    target = tmp_path / "papers.bib"
    assert export("--format", "bibtex", "--person", library["ada"].slug, "-o", str(target)) == ""
    entries = bibtexparser.parse_string(target.read_text(encoding="utf-8")).entries
    assert [e["title"] for e in entries] == ["New work with code", "Old work"]


def test_a_bad_filter_value_is_a_clear_error(library):
    with pytest.raises(CommandError, match="invalid int value"):
        export("--format", "csv", "--year-min", "last year")


def test_an_unknown_format_is_refused():
    with pytest.raises(CommandError, match="invalid choice"):
        export("--format", "docx")
