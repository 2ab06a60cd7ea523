"""Public pages about people and institutions: the group, a profile, institutions."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render

from papers.models import Authorship, Paper
from people.metrics import person_metrics
from people.models import Affiliation, Institution, Person

# Cards per page on a profile and on lists. A profile of 1,000 papers renders 50 cards
# (one query for the page plus four prefetches), so it stays fast and the page stays short.
PAPERS_PER_PAGE = 50
HOME_RECENT = 8
HOME_FEATURED = 4
COAUTHORS_SHOWN = 60


def role_order() -> Case:
    """Sorts members by group role in the order Person.Role declares (PI first)."""
    return Case(
        *[When(role=value, then=index) for index, value in enumerate(Person.Role.values)],
        default=len(Person.Role.values),
        output_field=IntegerField(),
    )


def group_by_role(people) -> list[tuple[str, list[Person]]]:
    """[(role label, people)] in role order, skipping roles nobody holds."""
    groups: dict[str, list[Person]] = {}
    for person in people:
        groups.setdefault(person.get_role_display(), []).append(person)
    return list(groups.items())


def home(request):
    members = (
        Person.objects.current()
        .select_related("primary_subject")
        .order_by(role_order(), "family_name", "given_name")
    )
    papers = Paper.objects.published().with_card_data().newest_first()
    return render(
        request,
        "home.html",
        {
            "intro": settings.GROUP_INTRO,
            "members": members,
            "featured": papers.featured()[:HOME_FEATURED],
            "recent": papers[:HOME_RECENT],
        },
    )


def person_list(request):
    people = list(
        Person.objects.members()
        .select_related("primary_subject")
        .order_by(role_order(), "family_name", "given_name")
    )
    current = [p for p in people if not p.is_alumnus]
    alumni = sorted((p for p in people if p.is_alumnus), key=lambda p: p.left, reverse=True)
    return render(
        request,
        "people/person_list.html",
        {"groups": group_by_role(current), "alumni": alumni},
    )


def _selected_year(request) -> int | None:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


def person_detail(request, slug):
    person = get_object_or_404(
        Person.objects.select_related("primary_subject").with_affiliations(), slug=slug
    )
    # Papers are selected by id through the person's authorships (an indexed lookup), which
    # avoids DISTINCT over joined rows: that made a 1,000-paper profile several times slower.
    papers = Paper.objects.published().filter(
        pk__in=Authorship.objects.filter(person=person).values("paper_id")
    )
    year_counts = list(
        papers.order_by().values_list("year").annotate(count=Count("pk")).order_by("-year")
    )
    subject_counts = list(
        papers.order_by()
        .filter(primary_subject__isnull=False)
        .values(
            subject_code=F("primary_subject__code"),
            subject_label=F("primary_subject__label"),
            subject_name=F("primary_subject__name"),
        )
        .annotate(count=Count("pk"))
        .order_by("-count", "subject_code")
    )
    year, subject = _selected_year(request), request.GET.get("subject", "")
    selected = papers
    if year is not None:
        selected = selected.filter(year=year)
    if subject:
        selected = selected.filter(primary_subject__code=subject)
    page = Paginator(selected.with_card_data().newest_first(), PAPERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    coauthors = (
        Person.objects.filter(authorships__paper__in=papers.values("pk"))
        .exclude(pk=person.pk)
        .annotate(shared=Count("authorships"))
        .order_by("-shared", "family_name", "given_name")[:COAUTHORS_SHOWN]
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "affiliations": [a for a in person.affiliations.all() if a.is_current()],
            "metrics": person_metrics(person),
            "reported": list(person.reported_metrics.all()),
            "year_counts": [(y, n) for y, n in year_counts if y is not None],
            "subject_counts": subject_counts,
            "selected_year": year,
            "selected_subject": subject,
            "page": page,
            "coauthors": coauthors,
        },
    )


def institution_list(request):
    # Counted in subqueries: one join over both relations would multiply the rows.
    members = (
        Affiliation.objects.filter(institution=OuterRef("pk"))
        .order_by()
        .values("institution")
        .annotate(count=Count("person", distinct=True))
        .values("count")
    )
    papers = (
        Paper.institutions.through.objects.filter(
            institution=OuterRef("pk"), paper__is_published=True
        )
        .order_by()
        .values("institution")
        .annotate(count=Count("paper"))
        .values("count")
    )
    institutions = (
        Institution.objects.annotate(
            members=Coalesce(Subquery(members), 0), papers=Coalesce(Subquery(papers), 0)
        )
        .filter(Q(members__gt=0) | Q(papers__gt=0))
        .order_by("name")
    )
    return render(request, "people/institution_list.html", {"institutions": institutions})


def institution_detail(request, slug):
    institution = get_object_or_404(Institution.objects.select_related("parent"), slug=slug)
    people = (
        Person.objects.filter(affiliations__institution=institution)
        .select_related("primary_subject")
        .distinct()
        .order_by("family_name", "given_name")
    )
    papers = (
        Paper.objects.published()
        .filter(Q(institutions=institution) | Q(authorships__institutions=institution))
        .distinct()
        .with_card_data()
        .newest_first()
    )
    page = Paginator(papers, PAPERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/institution_detail.html",
        {"institution": institution, "people": people, "page": page},
    )
