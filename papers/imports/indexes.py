"""In-memory indexes of papers and people, each loaded from the database in one query per run.

Papers: by DOI, then arXiv id, then normalised title + year. People: by ORCID, then by
name (accents, case and punctuation folded; initials; particles). A name that fits two
people is ambiguous and is never linked.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from papers.models import Paper
from papers.parsers.keys import given_fits, name_form, title_key
from people.models import Person

# Papers -------------------------------------------------------------------------------


@dataclass
class PaperRef:
    """What matching needs to know about a paper (existing, or planned in this run)."""

    pk: int | None
    doi: str
    arxiv_id: str
    title_key: str
    year: int | None
    ref: object = None  # the planned entry for a paper created in this run


@dataclass
class PaperMatch:
    ref: PaperRef | None
    by: str = ""  # "doi", "arxiv", "title" or ""
    ambiguous: list[PaperRef] = field(default_factory=list)


class PaperIndex:
    """DOI, arXiv id and (title key, year) lookups over every paper (one query to load)."""

    def __init__(self) -> None:
        self.by_doi: dict[str, PaperRef] = {}
        self.by_arxiv: dict[str, PaperRef] = {}
        self.by_title: dict[str, list[PaperRef]] = defaultdict(list)

    @classmethod
    def load(cls) -> "PaperIndex":
        index = cls()
        # The title as last imported is indexed too, so a title staff corrected still
        # matches the source's spelling on the next import.
        rows = Paper.objects.order_by().values_list(
            "pk", "doi", "arxiv_id", "title", "year", "import_snapshot__title"
        )
        for pk, doi, arxiv_id, title, year, imported_title in rows.iterator(chunk_size=5000):
            ref = PaperRef(pk, doi, arxiv_id, title_key(title), year)
            index.add(ref)
            if isinstance(imported_title, str) and title_key(imported_title) != ref.title_key:
                index.by_title[title_key(imported_title)].append(ref)
        return index

    def add(self, ref: PaperRef) -> None:
        if ref.doi:
            self.by_doi[ref.doi] = ref
        if ref.arxiv_id:
            self.by_arxiv[ref.arxiv_id] = ref
        if ref.title_key and ref not in self.by_title[ref.title_key]:
            self.by_title[ref.title_key].append(ref)

    def update(self, ref: PaperRef, *, doi: str, arxiv_id: str) -> None:
        """Record identifiers a matched paper gains in this run."""
        if doi and not ref.doi:
            ref.doi = doi
            self.by_doi[doi] = ref
        if arxiv_id and not ref.arxiv_id:
            ref.arxiv_id = arxiv_id
            self.by_arxiv[arxiv_id] = ref

    def match(
        self, *, doi: str, arxiv_id: str, key: str, year: int | None, preprint: bool
    ) -> PaperMatch:
        if doi and doi in self.by_doi:
            return PaperMatch(self.by_doi[doi], "doi")
        if arxiv_id and arxiv_id in self.by_arxiv:
            candidate = self.by_arxiv[arxiv_id]
            if not (doi and candidate.doi and candidate.doi != doi):
                return PaperMatch(candidate, "arxiv")
        if not key:
            return PaperMatch(None)
        # A short title ("GPT-4", "Editorial") identifies a paper only with the same year.
        short = len(key) < 12
        candidates = [
            ref
            for ref in self.by_title.get(key, [])
            if (
                ref.year == year
                if short
                else _years_fit(
                    ref, year, preprint=preprint or (bool(ref.arxiv_id) and not ref.doi)
                )
            )
            and not (doi and ref.doi and ref.doi != doi)
            and not (arxiv_id and ref.arxiv_id and ref.arxiv_id != arxiv_id)
        ]
        exact = [ref for ref in candidates if ref.year == year] or candidates
        if len(exact) == 1:
            return PaperMatch(exact[0], "title")
        if len(exact) > 1:
            return PaperMatch(None, "title", ambiguous=exact)
        return PaperMatch(None)


def _years_fit(ref: PaperRef, year: int | None, *, preprint: bool) -> bool:
    """Same year; a preprint may come out a year before its published version."""
    if ref.year is None or year is None:
        return True
    return ref.year == year or (preprint and abs(ref.year - year) == 1)


# People -------------------------------------------------------------------------------


@dataclass
class PersonMatch:
    person_id: int | None
    by: str = ""  # "orcid", "name", "initials" or ""
    ambiguous: list[int] = field(default_factory=list)


class PersonIndex:
    """ORCID and name lookups over every person (one query to load)."""

    def __init__(self) -> None:
        self.by_orcid: dict[str, int] = {}
        self.by_family: dict[str, dict[int, set[tuple[str, ...]]]] = defaultdict(dict)
        self.names: dict[int, str] = {}

    @classmethod
    def load(cls) -> "PersonIndex":
        index = cls()
        rows = Person.objects.values_list("pk", "full_name", "name_variants", "orcid")
        for pk, full_name, variants, orcid in rows.iterator(chunk_size=5000):
            index.add(pk, full_name, variants or [], orcid)
        return index

    def add(self, pk: int, full_name: str, variants: Iterable[str] = (), orcid: str = "") -> None:
        self.names[pk] = full_name
        if orcid:
            self.by_orcid[orcid] = pk
        for name in [full_name, *variants]:
            if not isinstance(name, str) or not name.strip():
                continue
            form = name_form(name)
            if form.family:
                self.by_family[form.family].setdefault(pk, set()).add(form.given)

    def match(self, name: str, orcid: str = "") -> PersonMatch:
        if orcid and orcid in self.by_orcid:
            return PersonMatch(self.by_orcid[orcid], "orcid")
        return self.match_name(name)

    def match_name(self, name: str, *, among: set[int] | None = None) -> PersonMatch:
        form = name_form(name)
        if not form.family:
            return PersonMatch(None)
        people = self.by_family.get(form.family, {})
        if among is not None:
            people = {pk: forms for pk, forms in people.items() if pk in among}
        exact = [pk for pk, forms in people.items() if form.given in forms]
        if len(exact) == 1:
            return PersonMatch(exact[0], "name")
        if len(exact) > 1:
            return PersonMatch(None, "name", ambiguous=sorted(exact))
        fitting = [
            pk
            for pk, forms in people.items()
            if any(given_fits(form.given, known) for known in forms)
        ]
        if len(fitting) == 1:
            return PersonMatch(fitting[0], "initials")
        if len(fitting) > 1:
            return PersonMatch(None, "initials", ambiguous=sorted(fitting))
        return PersonMatch(None)
