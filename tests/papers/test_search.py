import pytest
from django.db import connection

from papers.filters import PaperFilter
from papers.models import Paper
from papers.search import ensure_sqlite_fts, parse_query, refresh_search_text, search_papers
from tests.factories import make_paper, make_person, make_searchable

pytestmark = pytest.mark.django_db


def search(text):
    return list(search_papers(Paper.objects.all(), text).values_list("title", flat=True))


@pytest.fixture
def papers():
    gat = make_paper(
        "Graph Attention Networks",
        abstract="We present masked self-attention layers over graph-structured data.",
        authors=["Petar Veličković", "Guillem Cucurull"],
    )
    wavenet = make_paper(
        "WaveNet: A Generative Model for Raw Audio",
        abstract="A deep neural network for generating raw audio waveforms.",
        authors=["Aäron van den Oord", "Sander Dieleman"],
    )
    make_searchable(gat, wavenet)
    return gat, wavenet


def test_it_finds_a_paper_by_a_title_word(papers):
    assert search("wavenet") == ["WaveNet: A Generative Model for Raw Audio"]


def test_it_finds_a_paper_by_an_abstract_word(papers):
    assert search("masked") == ["Graph Attention Networks"]


def test_it_finds_an_author_with_or_without_accents(papers):
    assert search("Velickovic") == ["Graph Attention Networks"]
    assert search("Veličković") == ["Graph Attention Networks"]
    assert search("aaron oord") == ["WaveNet: A Generative Model for Raw Audio"]


def test_all_words_must_match(papers):
    assert search("graph audio") == []


def test_the_last_word_matches_as_a_prefix(papers):
    assert search("generative mod") == ["WaveNet: A Generative Model for Raw Audio"]


def test_quoted_phrases_and_excluded_words_work(papers):
    assert search('"raw audio"') == ["WaveNet: A Generative Model for Raw Audio"]
    assert search('"audio raw"') == []
    assert sorted(search("networks -graph")) == []
    assert search("neural -graph") == ["WaveNet: A Generative Model for Raw Audio"]


def test_punctuation_only_query_matches_nothing(papers):
    assert search('!!! "" -') == []


def test_operators_in_the_query_are_not_interpreted_by_the_database(papers):
    assert search("NEAR( OR AND graph*") == []
    assert search("graph & | ! :*") == ["Graph Attention Networks"]


def test_search_text_follows_author_changes(papers):
    gat, _ = papers
    gat.authorships.filter(position=1).update(name="Yoshua Bengio")
    refresh_search_text([gat.pk])
    assert search("bengio") == ["Graph Attention Networks"]
    assert search("cucurull") == []


def test_search_text_follows_deleted_papers(papers):
    papers[1].delete()
    assert search("wavenet") == []


def test_with_a_query_results_are_ranked_by_relevance():
    weak = make_paper("Transformers for vision", abstract="We also mention audio once.")
    strong = make_paper("Audio audio audio", abstract="Audio models for audio.")
    make_searchable(weak, strong)
    titles = [p.title for p in PaperFilter({"q": "audio"}).qs]
    assert titles == ["Audio audio audio", "Transformers for vision"]


def test_parse_query_keeps_phrases_and_exclusions():
    parsed = parse_query('"Raw Audio" Vélič -graph')
    assert parsed.phrases == [["raw", "audio"]]
    assert parsed.words == ["velic"]
    assert parsed.excluded == ["graph"]


def test_person_names_are_found_through_authorships():
    person = make_person("Oriol Vinyals")
    paper = make_paper("Sequence to sequence learning", authors=[person])
    make_searchable(paper)
    assert search("vinyals") == ["Sequence to sequence learning"]


def test_postgresql_uses_the_index_for_searches(on_postgres, papers):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        sql, params = search_papers(Paper.objects.all(), "wavenet").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "papers_paper_search_gin" in plan


def test_the_full_text_index_exists_for_the_database_in_use():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'papers_paper_search_gin'"
            )
            (definition,) = cursor.fetchone()
            assert "USING gin" in definition
            assert "to_tsvector('simple'::regconfig, search_text)" in definition
            return
        cursor.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'papers_paper_fts%'"
        )
        rows = {name: (kind, sql) for kind, name, sql in cursor.fetchall()}
    assert "fts5" in rows["papers_paper_fts"][1].lower()
    for trigger in ("insert", "update", "delete"):
        assert rows[f"papers_paper_fts_{trigger}"][0] == "trigger"


def test_lost_sqlite_triggers_are_recreated_after_migrate():
    if connection.vendor == "postgresql":
        assert ensure_sqlite_fts() is None  # nothing to do there
        return
    papers = [make_paper("Lost trigger paper")]
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER papers_paper_fts_update")
    make_searchable(*papers)
    ensure_sqlite_fts()
    assert search("trigger") == ["Lost trigger paper"]
    papers[0].title = "Renamed"
    papers[0].save()
    make_searchable(*papers)
    assert search("renamed") == ["Renamed"]
