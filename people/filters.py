"""Filters over people, shared by the people pages and the API."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import slugify

from config.text import fold
from people.models import Affiliation, Person


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Name")
    search = django_filters.CharFilter(method="filter_q", label="Name (same as q)")
    role = django_filters.ChoiceFilter(choices=Person.Role.choices, label="Role")
    status = django_filters.ChoiceFilter(
        choices=[("members", "Members"), ("current", "Current members"), ("alumni", "Alumni")],
        method="filter_status",
        label="Status",
    )
    institution = django_filters.CharFilter(method="filter_institution", label="Institution")

    class Meta:
        model = Person
        fields = []

    def filter_q(self, queryset, name, value):
        """Any name spelling (Person.objects.search); a query that folds to nothing filters
        nothing."""
        return queryset.search(value) if slugify(fold(value)) else queryset

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        return {
            "members": queryset.members(),
            "current": queryset.current(today),
            "alumni": queryset.alumni(today),
        }[value]

    def filter_institution(self, queryset, name, value):
        affiliated = Affiliation.objects.filter(person_id=OuterRef("pk"), institution__slug=value)
        return queryset.filter(Exists(affiliated))


class AffiliationFilter(django_filters.FilterSet):
    person = django_filters.CharFilter(field_name="person__slug", label="Person slug")
    institution = django_filters.CharFilter(
        field_name="institution__slug", label="Institution slug"
    )

    class Meta:
        model = Affiliation
        fields = []
