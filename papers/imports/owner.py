"""Owner: the person a profile page is about (found, or created), and the figures it reports."""

from datetime import date
from decimal import Decimal

from papers.imports.indexes import PersonIndex
from papers.imports.report import ImportReport
from papers.models import Subject
from papers.parsers.records import ImporterError, ParsedProfile
from people.models import Person, ReportedMetric


def resolve_owner(
    profile: ParsedProfile | None,
    *,
    person: Person | None,
    people: PersonIndex,
    subjects: dict[str, Subject],
    report: ImportReport,
    today: date,
) -> Person | None:
    """The given person, else the one person the profile's name fits, else a new person.

    Raises ImporterError when the profile's name fits several people.
    """
    owner = person
    if owner is None and profile is not None:
        match = people.match_name(profile.full_name)
        if match.ambiguous:
            names = ", ".join(people.names[pk] for pk in match.ambiguous)
            raise ImporterError(
                f"The profile's name {profile.full_name!r} fits several people ({names}); "
                "choose the person."
            )
        if match.person_id is not None:
            owner = Person.objects.get(pk=match.person_id)
    if profile is not None:
        subject = subjects.get(profile.primary_subject)
        if profile.primary_subject and subject is None:
            report.warnings.append(f"unknown subject {profile.primary_subject!r}")
        if owner is None:
            owner = Person.objects.create(full_name=profile.full_name, primary_subject=subject)
            people.add(owner.pk, owner.full_name)
            report.person_created = True
        elif subject is not None and owner.primary_subject_id is None:
            owner.primary_subject = subject
            owner.save()
            report.person_updated = True
        save_metrics(profile, owner=owner, report=report, today=today)
    if owner is not None:
        report.person = owner.full_name
        if owner.pk not in people.names:
            people.add(owner.pk, owner.full_name, owner.name_variants, owner.orcid)
    return owner


def save_metrics(
    profile: ParsedProfile, *, owner: Person, report: ImportReport, today: date
) -> None:
    """Create or update the figures the profile reports (by name, per source)."""
    source = report.source
    existing = {m.name: m for m in ReportedMetric.objects.filter(person=owner, source=source)}
    for position, metric in enumerate(profile.metrics):
        value = Decimal(str(metric.value)).quantize(Decimal("0.01"))
        row = existing.get(metric.name)
        if row is None:
            ReportedMetric.objects.create(
                person=owner,
                name=metric.name,
                value=value,
                unit=metric.unit,
                source=source,
                as_of=today,
                position=position,
            )
            report.metrics.append(f"{metric.name} {value.normalize():f}{metric.unit}")
        elif (row.value, row.unit, row.position) != (value, metric.unit, position):
            row.value, row.unit, row.position, row.as_of = value, metric.unit, position, today
            row.save()
            report.metrics.append(f"{metric.name} {value.normalize():f}{metric.unit} (changed)")
