"""Full-text search over papers: the folded text each paper is searched by, and the query.

`Paper.search_text` holds the accent- and case-folded words of title, abstract and author
names. On PostgreSQL a GIN expression index on `to_tsvector('simple', search_text)` answers
queries; on SQLite an FTS5 table `papers_paper_fts` (kept in sync by triggers) does. Both
are created by migration 0002_paper_search_index.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import NotSupportedError, connections
from django.db.models import BooleanField, F, FloatField, Func, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL

from config.text import fold
from papers.models import Authorship, Paper

FTS_TABLE = "papers_paper_fts"
PG_INDEX = "papers_paper_search_gin"


def search_text_for(title: str, abstract: str, author_names: Iterable[str]) -> str:
    """Accent- and case-folded words of title, abstract and author names."""
    return " ".join(fold(part) for part in (title, abstract, *author_names) if part)


def refresh_search_text(paper_ids: Iterable[int]) -> None:
    """Recompute search_text for these papers (two queries plus one bulk update)."""
    paper_ids = list(paper_ids)
    names: dict[int, list[str]] = {pk: [] for pk in paper_ids}
    for paper_id, name in Authorship.objects.filter(paper_id__in=paper_ids).values_list(
        "paper_id", "name"
    ):
        names[paper_id].append(name)
    papers = list(Paper.objects.filter(pk__in=paper_ids).only("pk", "title", "abstract"))
    for paper in papers:
        paper.search_text = search_text_for(paper.title, paper.abstract, names[paper.pk])
    Paper.objects.bulk_update(papers, ["search_text"], batch_size=500)


@dataclass
class ParsedQuery:
    """A user query as folded words: required words, quoted phrases, excluded words.

    Follows web-search conventions: `"exact phrase"`, `-excluded`, everything else must
    appear; the last bare word also matches as a prefix (search as you type).
    """

    words: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    prefix_last: bool = True

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases)


QUERY_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def parse_query(text: str) -> ParsedQuery:
    parsed = ParsedQuery()
    for match in QUERY_TOKEN_RE.finditer(text or ""):
        phrase_neg, phrase, word_neg, word = match.groups()
        if phrase is not None:
            words = fold(phrase).split()
            if phrase_neg:
                parsed.excluded.extend(words)
            elif len(words) > 1:
                parsed.phrases.append(words)
            else:
                parsed.words.extend(words)
            if words:
                parsed.prefix_last = False
            continue
        words = fold(word).split()
        if word_neg and words:
            parsed.excluded.extend(words)
        else:
            parsed.words.extend(words)
            parsed.prefix_last = True
    # A trailing phrase or exclusion means the user is not typing a bare word.
    if parsed.phrases or parsed.excluded:
        last = (text or "").rstrip()
        parsed.prefix_last = bool(last) and not last.endswith('"') and bool(parsed.words)
        if parsed.excluded and re.search(r"(^|\s)-\S+$", last):
            parsed.prefix_last = False
    return parsed


def _pg_tsquery(parsed: ParsedQuery) -> str:
    """A to_tsquery() expression; every word is [0-9a-z]+ after folding, so no escaping."""
    parts = [" <-> ".join(words) for words in parsed.phrases]
    words = list(parsed.words)
    if words and parsed.prefix_last:
        words[-1] += ":*"
    parts = words + [f"({p})" for p in parts]
    parts += [f"!{w}" for w in parsed.excluded]
    return " & ".join(parts)


def _fts5_query(parsed: ParsedQuery) -> str:
    """An FTS5 MATCH expression; words are quoted so no word is read as an operator."""
    words = [f'"{w}"' for w in parsed.words]
    if words and parsed.prefix_last:
        words[-1] += "*"
    parts = words + ['"{}"'.format(" ".join(words_)) for words_ in parsed.phrases]
    expression = " AND ".join(parts)
    for word in parsed.excluded:
        expression = f'({expression}) NOT "{word}"'
    return expression


class SimpleTsVector(Func):
    """to_tsvector('simple', search_text): the exact expression the GIN index is built on."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    output_field = TextField()


class TsQuery(Func):
    template = "to_tsquery('simple'::regconfig, %(expressions)s)"
    output_field = TextField()


def search_papers(queryset: QuerySet, text: str) -> QuerySet:
    """Papers matching a web-style query, annotated with `search_rank` (higher is better).

    An empty query (nothing left after folding) matches nothing.
    """
    parsed = parse_query(text)
    if parsed.is_empty:
        return queryset.none()
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        vector = SimpleTsVector(F("search_text"))
        query = TsQuery(Value(_pg_tsquery(parsed)))
        matches = Func(
            vector,
            query,
            template="%(expressions)s",
            arg_joiner=" @@ ",
            output_field=BooleanField(),
        )
        return queryset.filter(matches).annotate(
            search_rank=Func(vector, query, function="ts_rank", output_field=FloatField())
        )
    if vendor == "sqlite":
        expression = _fts5_query(parsed)
        matching = RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (expression,)
        )
        # bm25() is lower for better matches; negate it so that higher is better everywhere.
        # The ranks are gathered once into a JSON object (an uncorrelated subquery SQLite
        # evaluates once) and looked up per row: a per-row "MATCH ... AND rowid = id"
        # would re-run the full-text query for every hit. LIMIT -1 keeps the inner query
        # from being flattened into the aggregate, where bm25() is not allowed.
        rank = RawSQL(
            "json_extract((SELECT json_group_object(id, r) FROM "
            f"(SELECT rowid AS id, -bm25({FTS_TABLE}) AS r FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s LIMIT -1)), "
            "'$.\"' || papers_paper.id || '\"')",
            (expression,),
            output_field=FloatField(),
        )
        return queryset.filter(pk__in=matching).annotate(search_rank=rank)
    raise NotSupportedError(f"Full-text search supports PostgreSQL and SQLite, not {vendor}.")


SQLITE_TRIGGERS = {
    "papers_paper_fts_insert": (
        "CREATE TRIGGER IF NOT EXISTS papers_paper_fts_insert AFTER INSERT ON papers_paper "
        "BEGIN INSERT INTO papers_paper_fts(rowid, search_text) "
        "VALUES (new.id, new.search_text); END"
    ),
    "papers_paper_fts_delete": (
        "CREATE TRIGGER IF NOT EXISTS papers_paper_fts_delete AFTER DELETE ON papers_paper "
        "BEGIN INSERT INTO papers_paper_fts(papers_paper_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END"
    ),
    "papers_paper_fts_update": (
        "CREATE TRIGGER IF NOT EXISTS papers_paper_fts_update "
        "AFTER UPDATE OF search_text ON papers_paper "
        "BEGIN INSERT INTO papers_paper_fts(papers_paper_fts, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO papers_paper_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
    ),
}


def ensure_sqlite_fts(using: str = "default", **kwargs) -> None:
    """Recreate the FTS5 triggers if a table rebuild dropped them, then reindex.

    SQLite migrations that alter papers_paper copy it into a new table and drop the old
    one, and the triggers go with it; this runs after every migrate (post_migrate).
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
            ("papers_paper_fts%",),
        )
        present = {row[0] for row in cursor.fetchall()}
        if FTS_TABLE not in present or set(SQLITE_TRIGGERS) <= present:
            return
        for statement in SQLITE_TRIGGERS.values():
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
