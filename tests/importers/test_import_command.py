"""import_papers on the seed profile, through the command as staff would run it."""

import sys
import types
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from papers.models import Authorship, ImportRun, Paper
from papers.parsers.records import ImporterError
from people.models import Institution, Person, ReportedMetric
from tests.importers.helpers import SEED, TRICKY, database_state

pytestmark = pytest.mark.django_db


def run_import(*args: str) -> str:
    out = StringIO()
    call_command("import_papers", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def seeded() -> Person:
    run_import(str(SEED))
    return Person.objects.get(full_name="Oriol Vinyals")


def test_the_seed_imports_fifty_papers_all_on_the_owners_profile(seeded):
    assert Paper.objects.count() == 50
    assert Paper.objects.by_person(seeded).count() == 50
    assert seeded.primary_subject.code == "cs.LG"


def test_a_profile_claims_no_kind_of_publication_it_does_not_show(seeded):
    assert set(Paper.objects.values_list("kind", flat=True)) == {Paper.Kind.OTHER}


def test_the_seed_papers_carry_their_subjects(seeded):
    def code(title_start: str) -> str:
        return Paper.objects.get(title__startswith=title_start).primary_subject.code

    assert code("Gemma 2:") == "cs.CL"
    assert code("MuZero with Self-competition") == "eess.IV"
    assert code("Solving Mixed Integer Programs") == "math.OC"
    assert code("Pointer Graph Networks") == "stat.ML"
    assert code("TensorFlow:") == "cs.DC"
    assert code("Optimizing Memory Mapping") == "cs.PF"
    assert code("Competition-Level Code Generation") == "cs.PL"
    assert code("A Generalist Agent") == "cs.AI"
    assert code("Flamingo") == "cs.CV"


def test_the_reported_figures_are_stored_with_the_file_name_as_source(seeded):
    figures = {
        m.name: (m.value, m.unit, m.source) for m in ReportedMetric.objects.filter(person=seeded)
    }
    source = "seed_profile.txt"
    assert figures == {
        "h-index": (Decimal(117), "", source),
        "papers": (Decimal(114), "", source),
        "citations": (Decimal(216183), "", source),
        "Novelty": (Decimal(61), "%", source),
        "AI Score": (Decimal(47), "", source),
    }


def test_code_markers_become_has_code(seeded):
    assert Paper.objects.filter(has_code=True).count() == 11
    assert Paper.objects.get(title__startswith="Waffling around").has_code
    assert not Paper.objects.get(title__startswith="Gemma 2:").has_code


def test_organisation_tags_become_institutions(seeded):
    gemini = Paper.objects.get(title__startswith="Gemini 2.5:")
    assert sorted(i.short_name for i in gemini.institutions.all()) == ["amazon-science", "baidu"]
    assert set(Institution.objects.values_list("short_name", flat=True)) == {
        "deepmind", "cambridge", "mila", "mit", "amazon-science", "baidu"
    }  # fmt: skip
    assert not Paper.objects.get(title__startswith="Waffling around").institutions.exists()


def test_cut_short_lists_are_marked_and_complete_lists_are_not(seeded):
    flamingo = Paper.objects.get(title__startswith="Flamingo")
    assert not flamingo.authors_complete
    assert [a.name for a in flamingo.authorships.all()] == [
        "Jean-Baptiste Alayrac", "Jeff Donahue", "Pauline Luc", "Oriol Vinyals"
    ]  # fmt: skip
    complete = Paper.objects.get(title__startswith="Classification Accuracy Score")
    assert complete.authors_complete
    assert [(a.position, a.name, a.person_id) for a in complete.authorships.all()] == [
        (0, "Suman Ravuri", None),
        (1, "Oriol Vinyals", seeded.pk),
    ]


def test_the_owner_hidden_behind_et_al_follows_the_known_authors(seeded):
    flamingo = Paper.objects.get(title__startswith="Flamingo")
    owner = flamingo.authorships.get(person=seeded)
    assert owner.position is None
    assert list(flamingo.authorships.all())[-1] == owner
    starcraft = Paper.objects.get(title__startswith="StarCraft II")
    assert starcraft.authorships.get(person=seeded).position == 0
    assert starcraft.authorships.count() == 3


def test_non_ascii_names_are_kept_exactly(seeded):
    names = set(Authorship.objects.values_list("name", flat=True))
    assert {"Cătălina Cangea", "Aäron van den Oord", "Petar Veličković", "Michaël Mathieu"} <= names


def test_group_authors_keep_their_place(seeded):
    imagen = Paper.objects.get(title="Imagen 3")
    assert imagen.authorships.first().name == "Imagen-Team-Google"
    assert imagen.date.isoformat() == "2024-08-13"


def test_abstracts_keep_latex_verbatim(seeded):
    paper = Paper.objects.get(title__startswith="Non-isotropy Regularization")
    assert "($\\mathbb{NIR}$)" in paper.abstract


def test_a_second_import_changes_nothing(seeded):
    before = database_state()
    output = run_import(str(SEED))
    assert database_state() == before
    assert "0 new, 0 updated, 50 unchanged" in output


def test_a_dry_run_writes_nothing_and_reports_what_would_change():
    before = database_state()
    output = run_import(str(SEED), "--dry-run")
    assert database_state() == before
    assert "50 new" in output
    assert "nothing was written" in output


def test_a_committed_run_is_stored_with_its_counts(seeded):
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.COMMITTED
    assert run.counts["new"] == 50
    assert run.source == "seed_profile.txt"


def test_tricky_characters_are_kept_verbatim():
    output = run_import(str(TRICKY))
    assert "3 new" in output
    paper = Paper.objects.get(title__startswith="<script>")
    assert paper.title == "<script>alert(1)</script> & $\\mathbb{R}^n$ {Braces} 100% \\emph{done}"
    assert paper.abstract == 'We show $x^2 < y$ & "quotes" <b>bold</b> 50% of {cases} \\cite{x}.'
    assert paper.date.isoformat() == "2019-09-04"
    assert paper.has_code
    assert paper.primary_subject.code == "cs.CV"


def test_a_block_repeated_in_one_file_yields_one_paper():
    output = run_import(str(TRICKY))
    assert Paper.objects.filter(title__startswith="<script>").count() == 1
    assert "1 duplicate" in output


def test_malformed_blocks_are_reported_with_their_line_and_skipped():
    output = run_import(str(TRICKY))
    assert "Skipped line 27: no such date" in output
    assert "Skipped line 32: not a paper's first line" in output
    assert not Paper.objects.filter(title__contains="damaged").exists()
    assert not Paper.objects.filter(title__contains="impossible date").exists()
    assert Paper.objects.filter(title="Only a title and an abstract").exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", b"caf\xe9 au lait\n"],
    ids=["empty", "blank", "binary", "latin-1"],
)
def test_an_unreadable_file_changes_nothing_and_fails_with_a_message(tmp_path, content):
    path = tmp_path / "broken.txt"
    path.write_bytes(content)
    before = database_state()
    with pytest.raises(CommandError, match="Nothing was imported"):
        run_import(str(path))
    assert database_state() == before


def test_a_file_without_a_profile_header_changes_nothing(tmp_path):
    path = tmp_path / "headless.txt"
    path.write_text("CVAug 26, 2024Code\nA title\n\nSome One\n", encoding="utf-8")
    with pytest.raises(CommandError, match="starts with a paper"):
        run_import(str(path))
    assert not Paper.objects.exists()
    assert not Person.objects.exists()


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_import(str(tmp_path / "nope.txt"))


def test_the_person_option_names_the_owner(tmp_path):
    owner = Person.objects.create(full_name="Oriol Vinyals", name_variants=["O. Vinyals"])
    run_import(str(SEED), "--person", owner.slug)
    assert Person.objects.count() == 1
    assert Paper.objects.by_person(owner).count() == 50


def test_an_unknown_person_slug_is_a_command_error():
    with pytest.raises(CommandError, match="No person"):
        run_import(str(SEED), "--person", "nobody")


def fake_fetch_module(monkeypatch, fetch):
    module = types.ModuleType("papers.parsers.fetch")
    module.fetch = fetch
    monkeypatch.setitem(sys.modules, "papers.parsers.fetch", module)


def test_an_identifier_is_fetched_and_imported(monkeypatch):
    calls = []

    def fetch(kind, identifier, *, timeout=10):
        calls.append((kind, identifier, timeout))
        return SEED.read_text(encoding="utf-8"), "profile"

    fake_fetch_module(monkeypatch, fetch)
    output = run_import("--orcid", "0000-0002-1825-0097")
    assert calls == [("orcid", "0000-0002-1825-0097", 10)]
    assert "orcid:0000-0002-1825-0097 (profile): 50 new" in output


def test_a_failed_fetch_is_a_clear_error_and_changes_nothing(monkeypatch):
    def fetch(kind, identifier, *, timeout=10):
        raise ImporterError("Crossref did not answer within 10 s")

    fake_fetch_module(monkeypatch, fetch)
    with pytest.raises(CommandError, match=r"Could not fetch doi 10\.1000/x: Crossref did not"):
        run_import("--doi", "10.1000/x")
    assert not Paper.objects.exists()


def test_a_file_and_an_identifier_together_are_refused():
    with pytest.raises(CommandError, match="Give one FILE"):
        run_import(str(SEED), "--doi", "10.1000/x")


def test_long_imports_show_progress_on_stderr_with_verbosity_2(monkeypatch):
    monkeypatch.setattr("papers.imports.runner.PROGRESS_EVERY", 20)
    err = StringIO()
    call_command("import_papers", str(SEED), verbosity=2, stdout=StringIO(), stderr=err)
    assert "read 20/50 entries" in err.getvalue()
    assert "read 40/50 entries" in err.getvalue()
