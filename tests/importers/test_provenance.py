"""Staff edits survive later imports; unedited fields follow the source."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from papers.imports.runner import import_result
from papers.models import Paper
from papers.parsers.records import ParsedAuthor, ParsedPaper, ParseResult
from tests.factories import make_paper
from tests.importers.helpers import SEED, database_state

pytestmark = pytest.mark.django_db

GEMMA = "Gemma 2: Improving Open Language Models at a Practical Size"


def run_import(path) -> str:
    out = StringIO()
    call_command("import_papers", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def changed_seed(tmp_path):
    """The seed with Gemma 2's abstract and code marker changed at the source."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("CLJul 31, 2024\n", "CLJul 31, 2024Code\n")
    text = text.replace("In this work, we introduce Gemma 2", "We introduce Gemma 2")
    path = tmp_path / "seed_profile.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_title_edited_by_staff_survives_a_reimport(changed_seed):
    run_import(SEED)
    paper = Paper.objects.get(title=GEMMA)
    paper.title = "Gemma 2 (edited by staff)"
    paper.save()
    output = run_import(changed_seed)
    paper.refresh_from_db()
    assert paper.title == "Gemma 2 (edited by staff)"
    assert "kept staff edits of title" in output


def test_an_unedited_field_follows_the_source(changed_seed):
    run_import(SEED)
    paper = Paper.objects.get(title=GEMMA)
    paper.title = "Gemma 2 (edited by staff)"
    paper.save()
    run_import(changed_seed)
    paper.refresh_from_db()
    assert paper.abstract.startswith("We introduce Gemma 2")


def test_changed_fields_are_updated_and_reported(changed_seed):
    run_import(SEED)
    output = run_import(changed_seed)
    paper = Paper.objects.get(title=GEMMA)
    assert paper.has_code
    assert "1 updated" in output
    assert f"Updated line 12: {GEMMA[:70]} (abstract, has_code)" in output


def test_a_title_edited_by_staff_still_matches_the_source_title():
    run_import(SEED)
    paper = Paper.objects.get(title=GEMMA)
    paper.title = "Gemma 2 (edited by staff)"
    paper.save()
    output = run_import(SEED)
    assert Paper.objects.count() == 50
    assert "50 unchanged" in output


def test_an_unedited_title_follows_the_source_when_the_paper_has_an_identifier():
    record = ParsedPaper(title="First title", doi="10.1000/x", date=date(2020, 1, 1))
    import_result(ParseResult(papers=[record]), source="a.bib")
    record.title = "Corrected title"
    report = import_result(ParseResult(papers=[record]), source="a.bib")
    assert Paper.objects.get().title == "Corrected title"
    assert report.entries[0].changes == {"title": ["First title", "Corrected title"]}


def test_reimporting_after_a_kept_edit_changes_nothing(changed_seed):
    run_import(SEED)
    paper = Paper.objects.get(title=GEMMA)
    paper.title = "Gemma 2 (edited by staff)"
    paper.save()
    run_import(changed_seed)
    before = database_state()
    run_import(changed_seed)
    assert database_state() == before


def test_an_author_list_edited_by_staff_survives(changed_seed):
    run_import(SEED)
    paper = Paper.objects.get(title=GEMMA)
    first = paper.authorships.get(position=0)
    first.name = "The Gemma Team"
    first.save()
    run_import(changed_seed)
    assert paper.authorships.get(position=0).name == "The Gemma Team"


def test_a_value_the_source_leaves_empty_never_erases_data(tmp_path):
    run_import(SEED)
    text = SEED.read_text(encoding="utf-8").replace(
        "Gemma Team, Morgane Riviere, Shreya Pathak et al. · deepmind", ""
    )
    path = tmp_path / "seed_profile.txt"
    path.write_text(text, encoding="utf-8")
    run_import(path)
    paper = Paper.objects.get(title=GEMMA)
    assert paper.authorships.get(position=0).name == "Gemma Team"
    assert [i.short_name for i in paper.institutions.all()] == ["deepmind"]


def test_a_paper_entered_by_hand_keeps_its_values_and_gains_missing_ones():
    paper = make_paper(GEMMA, abstract="", note="typed by staff")
    paper.date = None
    paper.save()
    run_import(SEED)
    paper.refresh_from_db()
    assert Paper.objects.count() == 50
    assert paper.note == "typed by staff"
    assert paper.abstract.startswith("In this work")
    assert paper.date.isoformat() == "2024-07-31"


def authors_of(paper: Paper) -> list[str]:
    return [a.name for a in paper.authorships.all()]


def test_a_cut_short_list_from_another_source_does_not_shorten_a_full_one():
    full = ParsedPaper(
        title="Sources of different quality",
        doi="10.1000/q",
        date=date(2020, 5, 17),
        authors=[
            ParsedAuthor("Oriol Vinyals"),
            ParsedAuthor("Ada Lovelace"),
            ParsedAuthor("Alan Turing"),
        ],
    )
    cut = ParsedPaper(
        title="Sources of Different Quality",
        doi="10.1000/q",
        date=date(2020, 5, 1),
        date_precision="month",
        authors=[ParsedAuthor("O. Vinyals")],
        authors_complete=False,
    )
    import_result(ParseResult(papers=[full]), source="full.bib")
    report = import_result(ParseResult(papers=[cut]), source="cut.txt")
    paper = Paper.objects.get()
    assert authors_of(paper) == ["Oriol Vinyals", "Ada Lovelace", "Alan Turing"]
    assert paper.authors_complete
    assert (paper.title, paper.date, paper.date_precision) == (
        "Sources of different quality",
        date(2020, 5, 17),
        "day",
    )
    assert report.counts["unchanged"] == 1
    report = import_result(ParseResult(papers=[full]), source="full.bib")
    assert report.counts["unchanged"] == 1


def test_a_fuller_list_from_another_source_completes_a_cut_short_one():
    cut = ParsedPaper(
        title="Sources of different quality",
        doi="10.1000/q",
        authors=[ParsedAuthor("O. Vinyals")],
        authors_complete=False,
    )
    full = ParsedPaper(
        title="Sources of different quality",
        doi="10.1000/q",
        authors=[ParsedAuthor("Oriol Vinyals"), ParsedAuthor("Ada Lovelace")],
    )
    import_result(ParseResult(papers=[cut]), source="cut.txt")
    import_result(ParseResult(papers=[full]), source="full.bib")
    paper = Paper.objects.get()
    assert authors_of(paper) == ["Oriol Vinyals", "Ada Lovelace"]
    assert paper.authors_complete
