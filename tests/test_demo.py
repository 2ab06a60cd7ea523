"""The bundled demo: what load_demo loads, that it is idempotent, and that it ships no seed text."""

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from config.models import News
from papers.models import Authorship, ImportRun, Paper, Venue
from people.models import Affiliation, Institution, Person, ReportedMetric

SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "000_86aabc113ef6f027.txt"
DEMO_PROFILE = Path(settings.BASE_DIR) / "papers" / "demo" / "profile.txt"
# SHA-256 (first 16 hex digits) of each abstract in the seed profile, whitespace collapsed.
# The seed's abstracts are third-party text: none of them may be shipped as demo content.
SEED_ABSTRACT_HASHES = {
    "911af7aa5fbe1d25",
    "5b1f80d51b90449c",
    "c678db3343c02f7b",
    "0aa76f382d3f1adf",
    "dc14447609fc7048",
    "3e654de07d21151d",
    "be14f539142a516b",
    "6533a183a645bb44",
    "c5f7bf19fa2a47d7",
    "e9335359a0688262",
    "7757d3c53d20e3e8",
    "80c7db32ada76521",
    "c4d32059b8a1d794",
    "d5a25feceb07600e",
    "c0dca710f8205872",
    "8b90f04493ec2b2f",
    "b8d68451ac6f4ec1",
    "50eca316a8741f72",
    "315f63f0be4300a7",
    "867b115d13fc756a",
    "af47868c6644d5b0",
    "9bb544d7e6c1a74d",
    "eff6afa3e25b7566",
    "8c1b4e5685cd4ebb",
    "346b92bbeda0628b",
    "afcf8959643f8b4a",
    "ef58cc3b4b277783",
    "f4566e2325cb871e",
    "3e0abbf2410326b6",
    "6d350360a1f97bcd",
    "30cf8b7e6449d1c2",
    "9d5fd9c17a928d8f",
    "a75657f4f84f1bd4",
    "d5a830bcf7fa1f88",
    "824bc7f6e0d4f734",
    "2cb539653b8acd42",
    "a6cc568d34856be3",
    "7f7f4148fe87c371",
    "5d1cf145f1733291",
    "84630fce48f6677d",
    "144aa16181dfc70d",
    "2ba2ce698fb253fc",
    "aa3bf83df5994130",
    "9d2a060b10f991bb",
    "7d3db012d5c96ab7",
    "0bcf46b1e90516c0",
    "18dbf4704873849e",
    "31e091a943ffde78",
    "0e17917289b64533",
    "8bfe6d4fa0a3da6f",
}
TAGS = {
    "deepmind": ("Google DeepMind", "company"),
    "cambridge": ("University of Cambridge", "university"),
    "mila": ("Mila - Quebec AI Institute", "institute"),
    "mit": ("Massachusetts Institute of Technology", "university"),
    "amazon-science": ("Amazon Science", "company"),
    "baidu": ("Baidu", "company"),
}


def _digest(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:16]


def _shingles(text: str, size: int = 6) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _row_counts() -> dict[str, int]:
    models = [Person, Institution, Affiliation, ReportedMetric, Venue, Paper, Authorship, News]
    models.append(ImportRun)  # no history
    counts = {model.__name__: model.objects.count() for model in models}
    counts |= {f"history {model.__name__}": model.history.count() for model in models[:-1]}
    return counts


@pytest.fixture
def demo(db):
    call_command("load_demo")
    return Person.objects.get(full_name="Oriol Vinyals")


def test_the_demo_news_link_demo_people_and_papers(demo):
    news = {n.slug: n for n in News.objects.published()}
    assert len(news) == 3
    assert set(news["flamingo-paper-accepted"].people.all()) >= {demo}
    assert news["flamingo-paper-accepted"].papers.count() == 1
    assert news["talk-attention-for-any-kind-of-input"].papers.count() == 2
    assert news["welcome-karsten-roth"].people.get().full_name == "Karsten Roth"


def test_the_demo_puts_all_fifty_papers_on_the_pi_profile(demo):
    assert demo.role == Person.Role.PI
    assert Paper.objects.count() == 50
    assert Paper.objects.published().by_person(demo).count() == 50


def test_the_demo_keeps_the_reported_figures(demo):
    figures = {m.name: (m.value, m.unit) for m in demo.reported_metrics.all()}
    assert {name: int(value) for name, (value, _) in figures.items()} == {
        "h-index": 117,
        "papers": 114,
        "citations": 216183,
        "Novelty": 61,
        "AI Score": 47,
    }
    assert figures["Novelty"][1] == "%"


def test_the_demo_members_have_roles_and_alumni_have_left_dates(demo):
    members = {p.full_name: p for p in Person.objects.members()}
    assert len(members) == 10
    assert members["Karsten Roth"].role == Person.Role.PHD
    assert members["Jean-Baptiste Alayrac"].role == Person.Role.POSTDOC
    assert members["Sebastian Borgeaud"].role == Person.Role.ENGINEER
    assert {p.full_name for p in Person.objects.alumni()} == {"Andrew Jaegle", "Sherjil Ozair"}
    assert all(p.affiliations.exists() for p in members.values())
    assert "demo" in members["Karsten Roth"].bio.lower()


def test_every_organisation_tag_is_a_named_institution(demo):
    tags = {i.short_name: (i.name, i.kind) for i in Institution.objects.all()}
    assert tags == TAGS
    gemini = Paper.objects.get(title__startswith="Gemini 1.5")
    assert {i.short_name for i in gemini.institutions.all()} == {"deepmind", "mila"}


def test_members_authorships_link_to_their_person(demo):
    roth = Person.objects.get(full_name="Karsten Roth")
    assert Paper.objects.by_person(roth).count() == 5
    cangea = Person.objects.get(full_name="Cătălina Cangea")
    assert Authorship.objects.get(person=cangea).name == "Cătălina Cangea"


def test_the_demo_attaches_venues_and_identifiers_it_is_sure_of(demo):
    graphcast = Paper.objects.get(title__startswith="GraphCast")
    assert graphcast.venue.short_name == "Science"
    assert graphcast.arxiv_id == "2212.12794"
    assert graphcast.is_featured
    flamingo = Paper.objects.get(title__startswith="Flamingo")
    assert (flamingo.venue.short_name, flamingo.kind) == ("NeurIPS", Paper.Kind.CONFERENCE)
    assert not Paper.objects.exclude(doi="").exists()


def test_loading_the_demo_twice_changes_nothing(demo):
    before = _row_counts()
    updated = {
        "papers": sorted(Paper.objects.values_list("pk", "updated")),
        "people": sorted(Person.objects.values_list("pk", "updated")),
    }

    call_command("load_demo")

    assert _row_counts() == before
    assert sorted(Paper.objects.values_list("pk", "updated")) == updated["papers"]
    assert sorted(Person.objects.values_list("pk", "updated")) == updated["people"]


def test_loading_the_demo_again_keeps_edits_made_in_the_admin(demo):
    demo.bio = "Edited by staff."
    demo.save()
    flamingo = Paper.objects.get(title__startswith="Flamingo")
    flamingo.venue = None
    flamingo.citation_count = 1
    flamingo.save()

    call_command("load_demo")

    demo.refresh_from_db()
    flamingo.refresh_from_db()
    assert demo.bio == "Edited by staff."
    assert (flamingo.venue, flamingo.citation_count) == (None, 1)


def test_no_demo_abstract_is_a_seed_abstract(demo):
    abstracts = list(Paper.objects.values_list("abstract", flat=True))
    assert len(abstracts) == 50
    assert all(abstracts)
    assert not {_digest(text) for text in abstracts} & SEED_ABSTRACT_HASHES


def test_demo_abstracts_are_short_and_share_no_long_phrase_with_the_seed():
    text = DEMO_PROFILE.read_text(encoding="utf-8").split("\n")
    abstracts = [text[i] for i in range(16, len(text), 7)]
    assert len(abstracts) == 50
    for abstract in abstracts:
        assert len(re.findall(r"[.?!](?:\s|$)", abstract)) <= 2, abstract
    # From a fresh clone the seed may be absent; the hash test above still holds then.
    if SEED.exists():
        seed_lines = SEED.read_text(encoding="utf-8").split("\n")
        seed_shingles = set().union(*(_shingles(line) for line in seed_lines[16::7]))
        for abstract in abstracts:
            assert not _shingles(abstract) & seed_shingles, abstract
