"""Match: each plan against the papers already here and earlier entries of the same run,
and each author against the people already here."""

from papers.imports.indexes import PaperIndex, PaperMatch, PaperRef, PersonIndex
from papers.imports.plan import AuthorPlan, Plan
from papers.imports.report import AmbiguousAuthor
from papers.parsers.keys import title_key
from people.models import Person


class PaperMatcher:
    """Finds the paper a plan is about; a second entry for one paper folds into the first."""

    def __init__(self, papers: PaperIndex, warnings: list[str]) -> None:
        self.papers = papers
        self.warnings = warnings
        self.by_pk: dict[int, Plan] = {}

    def place(self, plan: Plan) -> bool:
        """Match the plan; False when it is skipped or folded into an earlier entry."""
        entry = plan.entry
        doi, arxiv_id = plan.values.get("doi", ""), plan.values.get("arxiv_id", "")
        match: PaperMatch = self.papers.match(
            doi=doi,
            arxiv_id=arxiv_id,
            key=title_key(plan.values["title"]),
            year=plan.values["date"].year if plan.values.get("date") else None,
            preprint=bool(arxiv_id and not doi) or plan.parsed.kind == "preprint",
        )
        if match.ambiguous:
            entry.action = "skipped"
            entry.reason = "its title and year fit several papers: " + ", ".join(
                f"#{ref.pk}" if ref.pk else "an earlier entry" for ref in match.ambiguous
            )
            return False
        ref = match.ref
        self.drop_taken_identifiers(plan, ref)
        doi, arxiv_id = plan.values.get("doi", ""), plan.values.get("arxiv_id", "")
        if ref is not None:
            earlier = ref.ref if ref.pk is None else self.by_pk.get(ref.pk)
            if earlier is not None:
                self.fold_into(earlier, plan, match.by)
                return False
            self.papers.update(ref, doi=doi, arxiv_id=arxiv_id)
            self.by_pk[ref.pk] = plan
        else:
            year = plan.values["date"].year if plan.values.get("date") else None
            ref = PaperRef(None, doi, arxiv_id, title_key(plan.values["title"]), year, plan)
            self.papers.add(ref)
        plan.ref = ref
        entry.matched_by = match.by
        return True

    def drop_taken_identifiers(self, plan: Plan, ref: PaperRef | None) -> None:
        """An identifier already held by another paper stays there (it is unique)."""
        for name, index in (("doi", self.papers.by_doi), ("arxiv_id", self.papers.by_arxiv)):
            value = plan.values.get(name)
            if value and value in index and index[value] is not ref:
                del plan.values[name]
                self.warnings.append(
                    f"{plan.entry.where or plan.values['title'][:40]}: {name} {value} "
                    "belongs to another paper; not copied"
                )

    def fold_into(self, earlier: Plan, plan: Plan, by: str) -> None:
        """A second entry for a paper already planned in this run: one paper, both ids.

        The first entry's values win; the second fills what the first left empty.
        """
        gained = [
            name
            for name in ("doi", "arxiv_id")
            if plan.values.get(name) and not earlier.values.get(name)
        ]
        for name, value in plan.values.items():
            earlier.values.setdefault(name, value)
        for name, ids in plan.m2m.items():
            earlier.m2m.setdefault(name, ids)
        if earlier.authors is None and plan.authors is not None:
            earlier.authors, earlier.authors_complete = plan.authors, plan.authors_complete
        self.papers.update(
            earlier.ref,
            doi=earlier.values.get("doi", ""),
            arxiv_id=earlier.values.get("arxiv_id", ""),
        )
        where = earlier.entry.where or "an earlier entry"
        plan.entry.action = "merged" if gained else "duplicate"
        plan.entry.matched_by = by
        plan.entry.reason = f"same paper as {where} (matched by {by or 'identity'})"
        if gained:
            plan.entry.changes = {name: ["", plan.values[name]] for name in gained}


class AuthorLinker:
    """Links printed authors to people: the owner first, then anyone who fits one person."""

    def __init__(
        self, people: PersonIndex, owner: Person | None, ambiguous: list[AmbiguousAuthor]
    ) -> None:
        self.people = people
        self.owner = owner
        self.ambiguous = ambiguous

    def link(self, plan: Plan, authors: list[AuthorPlan], taken: set[int]) -> None:
        """Set person_id on unlinked authors; people in `taken` (and those linked now) are
        never linked twice. A name that fits several people is reported, not linked."""
        owner = self.owner
        if owner is not None and owner.pk not in taken:
            for author in authors:
                if (
                    author.person_id is None
                    and self.people.match_name(author.name, among={owner.pk}).person_id
                ):
                    author.person_id = owner.pk
                    taken.add(owner.pk)
                    break
        orcids = {a.name: a.orcid for a in plan.parsed.authors}
        for author in authors:
            if author.person_id is not None:
                continue
            match = self.people.match(author.name, orcids.get(author.name, ""))
            if match.ambiguous:
                self.ambiguous.append(
                    AmbiguousAuthor(
                        name=author.name,
                        paper=plan.values["title"],
                        line=plan.entry.line,
                        candidates=[self.people.names[pk] for pk in match.ambiguous],
                    )
                )
            elif match.person_id is not None and match.person_id not in taken:
                author.person_id = match.person_id
                taken.add(match.person_id)
