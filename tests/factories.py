"""Small factory helpers: each makes one valid row with sensible defaults."""

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from papers.models import Authorship, Paper, Venue
from people.models import Affiliation, Institution, Person, ReportedMetric, Subject

_counter = itertools.count(1)


def make_institution(name: str | None = None, **fields) -> Institution:
    n = next(_counter)
    return Institution.objects.create(name=name or f"Institute {n}", **fields)


def make_person(full_name: str | None = None, **fields) -> Person:
    n = next(_counter)
    return Person.objects.create(full_name=full_name or f"Ada Person{n}", **fields)


def make_affiliation(
    person: Person, institution: Institution | None = None, **fields
) -> Affiliation:
    return Affiliation.objects.create(
        person=person, institution=institution or make_institution(), **fields
    )


def make_metric(person: Person, name: str = "h-index", value=10, **fields) -> ReportedMetric:
    fields.setdefault("source", "profile.txt")
    fields.setdefault("as_of", date(2026, 1, 1))
    return ReportedMetric.objects.create(person=person, name=name, value=value, **fields)


def make_venue(name: str | None = None, **fields) -> Venue:
    n = next(_counter)
    return Venue.objects.create(name=name or f"Conference {n}", **fields)


def subject(code: str) -> Subject:
    return Subject.objects.get(code=code)


def make_paper(
    title: str | None = None,
    *,
    authors: list[str | Person] = (),
    subjects: list[str] = (),
    institutions: list[Institution] = (),
    **fields,
) -> Paper:
    """A paper with authors in the given order (a Person links the authorship)."""
    n = next(_counter)
    fields.setdefault("date", date(2024, 1, 1))
    if subjects and "primary_subject" not in fields:
        fields["primary_subject"] = subject(subjects[0])
    paper = Paper.objects.create(title=title or f"A study of things, part {n}", **fields)
    for position, author in enumerate(authors):
        if isinstance(author, Person):
            Authorship.objects.create(
                paper=paper, position=position, name=author.full_name, person=author
            )
        else:
            Authorship.objects.create(paper=paper, position=position, name=author)
    if subjects:
        paper.subjects.set([subject(code) for code in subjects])
    if institutions:
        paper.institutions.set(institutions)
    return paper


def make_user(
    username: str | None = None, *, superuser: bool = False, staff: bool = False, **fields
):
    User = get_user_model()
    username = username or f"user{next(_counter)}"
    if superuser:
        return User.objects.create_superuser(username=username, password="pw", **fields)
    return User.objects.create_user(username=username, password="pw", is_staff=staff, **fields)


def make_searchable(*papers: Paper) -> None:
    """Fill search_text as the import pipeline and admin do (factories skip it)."""
    from papers.search import refresh_search_text

    refresh_search_text([paper.pk for paper in papers])


def admin_form_data(response, **changes) -> dict:
    """POST data re-submitting an admin add/change page as rendered (main form and inline
    formsets, with their management forms), with `changes` applied by field html name."""
    data: dict = {}

    def add(form) -> None:
        for bound in form:
            value = bound.value()
            if (
                value is None
                or value is False
                or getattr(bound.field.widget, "input_type", "") == "file"
            ):
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    data.update(changes)
    return data
