"""Matching imported records to existing papers and people."""

from datetime import date

import pytest

from papers.imports.indexes import PersonIndex
from papers.imports.runner import import_result
from papers.models import Authorship, Paper
from papers.parsers.keys import name_form, title_key
from papers.parsers.records import ParsedAuthor, ParsedPaper, ParsedProfile, ParseResult
from people.models import Person
from tests.factories import make_paper, make_person

pytestmark = pytest.mark.django_db


def run(*papers: ParsedPaper, person=None):
    return import_result(ParseResult(papers=list(papers), format="test"), source="t", person=person)


def record(title: str = "Learning to match papers across sources", **fields) -> ParsedPaper:
    fields.setdefault("date", date(2020, 6, 1))
    return ParsedPaper(title=title, **fields)


def test_a_paper_is_matched_by_doi_before_anything_else():
    existing = make_paper("Old title", doi="10.1000/abc", date=date(2015, 1, 1))
    report = run(record("A completely different title", doi="https://doi.org/10.1000/ABC"))
    assert Paper.objects.count() == 1
    assert report.entries[0].paper_id == existing.pk
    assert report.entries[0].matched_by == "doi"


def test_a_paper_is_matched_by_arxiv_id_when_there_is_no_doi():
    existing = make_paper("Old title", arxiv_id="2001.01234")
    report = run(record("Another title", arxiv_id="arXiv:2001.01234v3"))
    assert Paper.objects.count() == 1
    assert report.entries[0].matched_by == "arxiv"
    assert report.entries[0].paper_id == existing.pk


def test_a_paper_is_matched_by_folded_title_and_year():
    existing = make_paper("Learning to Match Papers Across Sources", date=date(2020, 3, 1))
    report = run(record("learning to {M}atch papers across sources!"))
    assert report.entries[0].paper_id == existing.pk
    assert report.entries[0].matched_by == "title"


def test_the_same_title_in_another_year_is_another_paper():
    make_paper("Learning to match papers across sources", date=date(2012, 3, 1))
    run(record())
    assert Paper.objects.count() == 2


def test_a_short_title_matches_only_in_the_same_year():
    make_paper("GPT-4", date=date(2023, 3, 1))
    run(record("GPT-4", date=date(2023, 3, 15)))
    assert Paper.objects.count() == 1
    run(record("GPT-4", date=None))
    assert Paper.objects.count() == 2


def test_different_dois_are_different_papers_even_with_the_same_title():
    make_paper("Learning to match papers across sources", doi="10.1000/one", date=date(2020, 1, 1))
    run(record(doi="10.1000/two"))
    assert Paper.objects.count() == 2


def test_a_preprint_and_its_published_version_become_one_paper_with_both_ids():
    preprint = record(arxiv_id="1911.00001", date=date(2019, 11, 1), kind="preprint")
    published = record(doi="10.1000/pub", date=date(2020, 6, 1), kind="conference")
    report = run(preprint)
    report = run(published)
    paper = Paper.objects.get()
    assert (paper.doi, paper.arxiv_id) == ("10.1000/pub", "1911.00001")
    assert report.counts["merged"] == 1


def test_a_preprint_and_published_version_in_one_file_are_merged():
    report = run(
        record(arxiv_id="1911.00001", date=date(2019, 11, 1)),
        record(doi="10.1000/pub", date=date(2020, 6, 1)),
    )
    paper = Paper.objects.get()
    assert (paper.doi, paper.arxiv_id) == ("10.1000/pub", "1911.00001")
    assert report.counts == {
        "new": 1, "updated": 0, "unchanged": 0, "merged": 1, "duplicate": 0, "skipped": 0
    }  # fmt: skip


def test_titles_fold_latex_html_accents_and_punctuation():
    assert title_key("Über {BERT}: \\emph{Fast} <i>Models</i> &amp; More") == title_key(
        "uber bert fast models & more"
    )


@pytest.mark.parametrize(
    "printed", ["O. Vinyals", "Vinyals, Oriol", "Oriol Vinyals", "oriol vinyals", "Vinyals, O."]
)
def test_name_forms_match_the_person(printed):
    person = make_person("Oriol Vinyals")
    make_person("Oriana Smith")
    assert PersonIndex.load().match(printed).person_id == person.pk


@pytest.mark.parametrize(
    "printed",
    ["Aaron van den Oord", "A. van den Oord", "van den Oord, Aäron", "Oord, Aaron van den"],
)
def test_particles_and_accents_match_the_person(printed):
    person = make_person("Aäron van den Oord")
    assert PersonIndex.load().match(printed).person_id == person.pk


def test_a_name_variant_matches_the_person():
    person = make_person("Jean-Baptiste Alayrac", name_variants=["JB Alayrac"])
    assert PersonIndex.load().match("JB Alayrac").person_id == person.pk


def test_an_orcid_wins_over_the_name():
    make_person("Oriol Vinyals")
    other = make_person("Someone Else", orcid="0000-0002-1825-0097")
    match = PersonIndex.load().match("Oriol Vinyals", "0000-0002-1825-0097")
    assert (match.person_id, match.by) == (other.pk, "orcid")


def test_a_different_first_name_does_not_match():
    make_person("John Smith")
    assert PersonIndex.load().match("Jane Smith").person_id is None


def test_an_ambiguous_name_is_reported_and_not_linked():
    john, james = make_person("John Smith"), make_person("James Smith")
    report = run(record(authors=[ParsedAuthor("J. Smith"), ParsedAuthor("Ada Lovelace")]))
    authorship = Authorship.objects.get(name="J. Smith")
    assert authorship.person is None
    [ambiguous] = report.ambiguous
    assert ambiguous.name == "J. Smith"
    assert sorted(ambiguous.candidates) == sorted([john.full_name, james.full_name])
    assert "Ambiguous author 'J. Smith'" in report.as_text()


def test_an_exact_full_name_is_not_ambiguous_when_initials_would_be():
    john = make_person("John Smith")
    make_person("James Smith")
    run(record(authors=[ParsedAuthor("John Smith")]))
    assert Authorship.objects.get().person == john


def test_authors_are_linked_to_matching_people_in_order():
    oriol = make_person("Oriol Vinyals")
    aaron = make_person("Aäron van den Oord")
    run(
        record(
            authors=[
                ParsedAuthor("A. van den Oord"),
                ParsedAuthor("X Y"),
                ParsedAuthor("O. Vinyals"),
            ]
        )
    )
    rows = list(Authorship.objects.values_list("position", "name", "person"))
    assert rows == [(0, "A. van den Oord", aaron.pk), (1, "X Y", None), (2, "O. Vinyals", oriol.pk)]


def test_name_forms_fold_to_given_and_family():
    assert name_form("Oord, Aäron van den") == name_form("Aaron van den Oord")
    assert name_form("O. Vinyals").given == ("o",)


def test_indexes_are_loaded_in_a_fixed_number_of_queries(django_assert_num_queries):
    for n in range(3):
        make_paper(f"Existing paper number {n}", authors=[make_person(f"Person Number{n}")])
    records = [
        record(f"Imported paper number {n}", authors=[ParsedAuthor("P. Number1")]) for n in range(2)
    ]
    # savepoint, papers, people, institutions, venues (subjects: none asked, no query),
    # slugs, insert papers, their history, insert authorships, their history,
    # search text (2 reads + 1 update), ImportRun, release savepoint.
    with django_assert_num_queries(15):
        run(*records)
    more = [
        record(f"Imported paper again {n}", authors=[ParsedAuthor("P. Number2")]) for n in range(20)
    ]
    with django_assert_num_queries(15):
        run(*more)


def test_an_identifier_held_by_another_paper_is_not_copied():
    make_paper("Some other paper entirely", arxiv_id="1911.00001", doi="10.1000/other")
    report = run(record(doi="10.1000/mine", arxiv_id="1911.00001"))
    assert Paper.objects.count() == 2
    mine = Paper.objects.get(doi="10.1000/mine")
    assert mine.arxiv_id == ""
    assert "belongs to another paper" in report.warnings[0]


def test_the_published_version_in_the_same_file_fills_what_the_preprint_lacks():
    run(
        record(arxiv_id="1911.00001", date=date(2019, 11, 1)),
        record(doi="10.1000/pub", date=date(2020, 6, 1), pages="1--9", venue_name="NeurIPS"),
    )
    paper = Paper.objects.get()
    assert (paper.pages, paper.venue.name, paper.date.year) == ("1--9", "NeurIPS", 2019)


def test_a_reimport_reads_in_a_fixed_number_of_queries_and_writes_nothing(
    django_assert_num_queries,
):
    small = [record(f"Imported paper number {n}", authors=[ParsedAuthor("Ada")]) for n in range(2)]
    large = [record(f"Imported paper again {n}", authors=[ParsedAuthor("Ada")]) for n in range(20)]
    run(*small)
    run(*large)
    # savepoint, papers, people, institutions, venues, matched papers, their authorships,
    # release savepoint: no write, no ImportRun.
    with django_assert_num_queries(8):
        assert run(*small).counts["unchanged"] == 2
    with django_assert_num_queries(8):
        assert run(*large).counts["unchanged"] == 20


def test_two_people_with_the_same_name_are_ambiguous():
    first, second = make_person("J. Smith"), make_person("J. Smith")
    report = run(record(authors=[ParsedAuthor("J. Smith")]))
    assert Authorship.objects.get().person is None
    assert report.ambiguous[0].candidates == [first.full_name, second.full_name]


@pytest.mark.parametrize("title", ["深度学习的研究", "Обучение с подкреплением", "???"])
def test_titles_in_any_script_match_on_reimport(title):
    run(record(title))
    run(record(title))
    assert Paper.objects.count() == 1


def test_a_profile_owner_written_in_another_script_is_found_again():
    profile = ParseResult(
        papers=[record("深度学习的研究", authors=[ParsedAuthor("王小明")])],
        profile=ParsedProfile(full_name="王小明"),
        format="profile",
    )
    import_result(profile, source="p.txt")
    report = import_result(profile, source="p.txt")
    assert Person.objects.count() == 1
    assert report.counts["unchanged"] == 1
    assert Authorship.objects.get().person == Person.objects.get()
