"""Writes across several people rows: merging duplicate people."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

# A merge moves authorships; papers never imports this module, so this makes no loop.
from papers.models import Authorship
from people.models import Affiliation, Person, ReportedMetric
from people.services_photos import person_photo_refresh

logger = logging.getLogger(__name__)

# Profile fields copied from a merged person when the kept person leaves them empty.
FILLABLE_FIELDS = ("role", "joined", "left", *Person.ABOUT_FIELDS, *Person.LINK_FIELDS)


class MergeError(ValueError):
    """The people given cannot be merged (e.g. keeping someone who is also merged away)."""


@dataclass(frozen=True)
class MergeResult:
    kept: Person
    merged_names: list[str]
    authorships_moved: int
    authorships_combined: int
    authorships_unlinked: int
    affiliations_moved: int
    metrics_moved: int
    fields_filled: list[str]

    def summary(self) -> str:
        def count(n: int, noun: str) -> str:
            return f"{n} {noun}{'' if n == 1 else 's'}"

        return (
            f"Merged {', '.join(self.merged_names)} into {self.kept}: "
            f"{count(self.authorships_moved, 'authorship')} moved, "
            f"{self.authorships_combined} combined on shared papers, "
            f"{self.authorships_unlinked} left unlinked; "
            f"{count(self.affiliations_moved, 'affiliation')} and "
            f"{count(self.metrics_moved, 'reported figure')} moved."
        )


def person_merge(*, keep: Person, merge: Iterable[Person]) -> MergeResult:
    """Move everything of the merged people onto keep, then delete them; all or nothing.

    Authorships, affiliations and reported figures move; names become variants of keep;
    keep's empty profile fields and login are filled from the merged people. When several of
    them are authors of one paper, the authorship with a known position is kept (flags OR-ed,
    institutions united); a placeholder of unknown position is folded into it, and a second
    authorship at another known position stays on the paper, unlinked, for a human to check.
    """
    merged = [person for person in merge if person.pk != keep.pk]
    if not merged:
        raise MergeError("Choose at least one other person to merge.")
    if keep.pk is None or any(person.pk is None for person in merged):
        raise MergeError("Only saved people can be merged.")

    with transaction.atomic():
        keep = Person.objects.select_for_update().get(pk=keep.pk)
        merged = list(
            Person.objects.select_for_update().filter(pk__in=[p.pk for p in merged]).order_by("pk")
        )
        moved, combined, unlinked = _move_authorships(keep, merged)
        affiliations = _move_affiliations(keep, merged)
        metrics = _move_metrics(keep, merged)
        _move_other_relations(keep, merged)
        filled = _fill_profile(keep, merged)
        merged_names = [person.full_name for person in merged]
        # Deleted before keep is saved, so keep can take their unique ORCID iD and login.
        for person in merged:
            person.delete()
        keep.save()
        person_photo_refresh(person=keep)
    return MergeResult(
        kept=keep,
        merged_names=merged_names,
        authorships_moved=moved,
        authorships_combined=combined,
        authorships_unlinked=unlinked,
        affiliations_moved=affiliations,
        metrics_moved=metrics,
        fields_filled=filled,
    )


def _move_authorships(keep: Person, merged: list[Person]) -> tuple[int, int, int]:
    everyone = [keep, *merged]
    by_paper = defaultdict(list)
    for authorship in Authorship.objects.filter(person__in=everyone).prefetch_related(
        "institutions"
    ):
        by_paper[authorship.paper_id].append(authorship)

    moved = combined = unlinked = 0
    for authorships in by_paper.values():
        # Known positions first, the lowest first; on a tie, keep's own authorship.
        authorships.sort(
            key=lambda a: (a.position is None, a.position or 0, a.person_id != keep.pk)
        )
        winner, others = authorships[0], authorships[1:]
        # Free the (paper, person) unique slot before the winner takes it.
        for other in others:
            if other.position is None:
                winner.equal_contribution |= other.equal_contribution
                winner.corresponding |= other.corresponding
                institutions = list(other.institutions.all())
                other.delete()
                if institutions:
                    winner.institutions.add(*institutions)
                combined += 1
            else:
                other.person = None
                other.save()
                unlinked += 1
        if winner.person_id != keep.pk:
            winner.person = keep
            moved += 1
            winner.save()
        elif others:
            winner.save()
    return moved, combined, unlinked


def _move_affiliations(keep: Person, merged: list[Person]) -> int:
    def fact(a: Affiliation) -> tuple:
        return (a.institution_id, a.position, a.start, a.end)

    known = {fact(a) for a in keep.affiliations.all()}
    moved = 0
    for affiliation in Affiliation.objects.filter(person__in=merged).order_by("pk"):
        if fact(affiliation) in known:
            # The very same fact is already on keep: nothing is lost by dropping the copy.
            affiliation.delete()
            continue
        known.add(fact(affiliation))
        affiliation.person = keep
        affiliation.save()
        moved += 1
    return moved


def _move_metrics(keep: Person, merged: list[Person]) -> int:
    names = {person.pk: person.full_name for person in merged}
    existing = {(m.name, m.source): m for m in keep.reported_metrics.all()}
    moved = 0
    for metric in ReportedMetric.objects.filter(person__in=merged).order_by("pk"):
        clash = existing.get((metric.name, metric.source))
        if clash is not None and (clash.value, clash.as_of) == (metric.value, metric.as_of):
            metric.delete()
            continue
        if clash is not None:
            # Same figure from the same source but a different reading: keep both, and say
            # whose profile the second one came from (name + source must stay unique).
            source = f"{metric.source} (from {names[metric.person_id]})"
            metric.source = source[: ReportedMetric._meta.get_field("source").max_length]
        existing[(metric.name, metric.source)] = metric
        metric.person = keep
        metric.save()
        moved += 1
    return moved


def _move_other_relations(keep: Person, merged: list[Person]) -> None:
    """Re-point rows of relations this module does not know about (added by other apps later),
    so that deleting the merged people never cascades them away."""
    for relation in Person._meta.related_objects:
        model = relation.related_model
        if model in (Authorship, Affiliation, ReportedMetric):
            continue
        if relation.one_to_many or relation.one_to_one:
            manager = model._default_manager
            manager.filter(**{f"{relation.field.name}__in": merged}).update(
                **{relation.field.name: keep}
            )


def _fill_profile(keep: Person, merged: list[Person]) -> list[str]:
    filled = []
    variants = list(keep.name_variants or [])
    for person in merged:
        for name in person.all_names():
            if name and name != keep.full_name and name not in variants:
                variants.append(name)
        for field in FILLABLE_FIELDS:
            if not getattr(keep, field) and getattr(person, field):
                setattr(keep, field, getattr(person, field))
                filled.append(field)
        if not keep.photo and person.photo:
            try:
                keep.photo = person.photo.name
            except (OSError, ValueError):
                # The file is gone from storage: the name is still taken over (the field is
                # set before its dimensions are read) and pages fall back to initials.
                logger.warning("Photo %s of person %s is unreadable", person.photo.name, person.pk)
            filled.append("photo")
        if keep.user_id is None and person.user_id is not None:
            keep.user_id = person.user_id
            filled.append("user")
    keep.name_variants = variants
    return filled
