"""Public pages about people and institutions: the group, a profile, institutions."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from config import mentions
from config.models import News
from papers.models import Authorship, Paper
from people.models import Institution, Person

# Cards per page on a profile and on lists. A profile of 1,000 papers renders 50 cards
# (one query for the page plus four prefetches), so it stays fast and the page stays short.
PAPERS_PER_PAGE = 50
HOME_RECENT = 8
HOME_FEATURED = 4
HOME_NEWS = 3
COAUTHORS_SHOWN = 60


def group_by_role(people) -> list[tuple[str, list[Person]]]:
    """[(role label, people)] in role order, skipping roles nobody holds."""
    groups: dict[str, list[Person]] = {}
    for person in people:
        groups.setdefault(person.get_role_display(), []).append(person)
    return list(groups.items())


def home(request):
    members = Person.objects.current().select_related("primary_subject").role_order()
    papers = Paper.objects.published().with_card_data().newest_first()
    return render(
        request,
        "home.html",
        {
            "members": members,
            "featured": papers.featured()[:HOME_FEATURED],
            "recent": papers[:HOME_RECENT],
            "news": News.objects.published().as_mentions()[:HOME_NEWS],
        },
    )


def person_list(request):
    people = list(Person.objects.members().select_related("primary_subject").role_order())
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
    papers = Paper.objects.published().by_person(person)
    year, subject = _selected_year(request), request.GET.get("subject", "")
    selected = papers.in_facets(year=year, subject=subject).with_card_data().newest_first()
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "affiliations": [a for a in person.affiliations.all() if a.is_current()],
            "metrics": Authorship.objects.person_metrics(person),
            "reported": list(person.reported_metrics.all()),
            "year_counts": papers.year_counts(),
            "subject_counts": papers.subject_counts(),
            "selected_year": year,
            "selected_subject": subject,
            "page": Paginator(selected, PAPERS_PER_PAGE).get_page(request.GET.get("page")),
            "coauthors": papers.coauthors(person)[:COAUTHORS_SHOWN],
            **mentions.about_person(person),
        },
    )


def institution_list(request):
    institutions = Paper.objects.institutions_with_counts().order_by("name")
    return render(request, "people/institution_list.html", {"institutions": institutions})


def institution_detail(request, slug):
    institution = get_object_or_404(Institution.objects.select_related("parent"), slug=slug)
    people = (
        Person.objects.affiliated_with(institution)
        .select_related("primary_subject")
        .order_by("family_name", "given_name")
    )
    papers = Paper.objects.published().by_institution(institution).with_card_data()
    page = Paginator(papers.newest_first(), PAPERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/institution_detail.html",
        {"institution": institution, "people": people, "page": page},
    )
