"""What an import run did, entry by entry: counts, changes, kept staff edits, warnings."""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field


@dataclass
class EntryReport:
    action: str  # new, updated, unchanged, merged, duplicate or skipped
    title: str = ""
    line: int | None = None
    key: str = ""
    paper_id: int | None = None
    matched_by: str = ""
    reason: str = ""
    changes: dict[str, list] = field(default_factory=dict)  # field -> [old, new]
    kept: list[str] = field(default_factory=list)  # fields left as staff edited them

    @property
    def where(self) -> str:
        if self.line:
            return f"line {self.line}"
        return f"key {self.key}" if self.key else ""


@dataclass
class AmbiguousAuthor:
    name: str
    paper: str
    line: int | None
    candidates: list[str]


@dataclass
class ImportReport:
    source: str
    format: str
    dry_run: bool
    person: str = ""
    person_created: bool = False
    person_updated: bool = False
    entries: list[EntryReport] = field(default_factory=list)
    ambiguous: list[AmbiguousAuthor] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)  # reported figures created or changed
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    run_id: int | None = None

    ACTIONS = ("new", "updated", "unchanged", "merged", "duplicate", "skipped")

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(self.ACTIONS, 0)
        for entry in self.entries:
            counts[entry.action] += 1
        return counts

    @property
    def changed(self) -> bool:
        """Whether the run wrote anything (a committed run is stored only then)."""
        counts = self.counts
        return bool(
            counts["new"]
            or counts["updated"]
            or counts["merged"]
            or self.metrics
            or self.person_created
            or self.person_updated
        )

    def as_json(self) -> dict:
        return {
            "source": self.source,
            "format": self.format,
            "dry_run": self.dry_run,
            "person": self.person,
            "person_created": self.person_created,
            "counts": self.counts,
            "entries": [asdict(entry) for entry in self.entries if entry.action != "unchanged"],
            "ambiguous": [asdict(item) for item in self.ambiguous],
            "metrics": self.metrics,
            "warnings": self.warnings,
            "seconds": round(self.seconds, 3),
        }

    def as_text(self) -> str:
        counts = self.counts
        lines = [
            f"{'Preview of ' if self.dry_run else ''}{self.source} ({self.format}): "
            + ", ".join(f"{counts[action]} {action}" for action in self.ACTIONS)
            + f" in {self.seconds:.2f}s."
        ]
        if self.person:
            lines.append(f"Person: {self.person}{' (new)' if self.person_created else ''}.")
        lines += [f"Reported figure: {text}" for text in self.metrics]
        for entry in self.entries:
            where = f"{entry.where}: " if entry.where else ""
            if entry.action == "skipped":
                lines.append(f"Skipped {where}{entry.reason}")
            elif entry.action in {"updated", "merged"}:
                fields = ", ".join(entry.changes) or "authors"
                lines.append(f"{entry.action.capitalize()} {where}{entry.title[:70]} ({fields})")
            elif entry.action == "duplicate":
                lines.append(f"Duplicate {where}{entry.title[:70]} ({entry.reason})")
            if entry.kept:
                lines.append(f"  kept staff edits of {', '.join(entry.kept)}: {entry.title[:60]}")
        for item in self.ambiguous:
            where = f"line {item.line}, " if item.line else ""
            lines.append(
                f"Ambiguous author {item.name!r} ({where}{item.paper[:50]}): "
                f"fits {', '.join(item.candidates)}; not linked."
            )
        lines += [f"Warning: {text}" for text in self.warnings]
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        return "\n".join(lines)


ProgressCallback = Callable[[str], None]  # told what a long run is doing
