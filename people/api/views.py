"""API endpoints for people, institutions and affiliations."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from config.api_views import ApiViewSet
from papers.models import Authorship
from people.api.serializers import AffiliationSerializer, InstitutionSerializer, PersonSerializer
from people.filters import AffiliationFilter, PersonFilter
from people.models import Affiliation, Institution, Person


@extend_schema_view(
    list=extend_schema(
        summary="List people",
        description="Group members and outside co-authors, by family name. `metrics` are "
        "computed from the site's published papers for the whole page in one query.",
        parameters=[
            OpenApiParameter("q", description="Any spelling of the name; accents optional."),
        ],
    ),
    retrieve=extend_schema(summary="One person, by slug"),
)
class PersonViewSet(ApiViewSet):
    """People: group members (with a role) and outside co-authors."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter  # its `q` and `search` are accent-insensitive
    ordering_fields = ["family_name", "full_name", "joined", "updated"]
    last_modified_field = "updated"

    def get_queryset(self):
        return (
            Person.objects.select_related("primary_subject")
            .with_affiliations()
            .prefetch_related("reported_metrics")
            .order_by("family_name", "given_name", "full_name", "pk")
        )

    def serialize_page(self, objects):
        context = self.get_serializer_context()
        context["metrics"] = Authorship.objects.metrics_by_person([p.pk for p in objects])
        return self.get_serializer(objects, many=True, context=context).data

    def serialize_one(self, instance):
        context = self.get_serializer_context()
        context["metrics"] = Authorship.objects.metrics_by_person([instance.pk])
        return self.get_serializer(instance, context=context).data

    def perform_create(self, serializer):
        serializer.save()
        serializer.context["metrics"] = Authorship.objects.metrics_by_person(
            [serializer.instance.pk]
        )

    def perform_update(self, serializer):
        serializer.save()
        serializer.context["metrics"] = Authorship.objects.metrics_by_person(
            [serializer.instance.pk]
        )


@extend_schema_view(
    list=extend_schema(summary="List institutions"),
    retrieve=extend_schema(summary="One institution, by slug"),
)
class InstitutionViewSet(ApiViewSet):
    """Universities, companies, institutes and labs people belong to and papers are tagged with."""

    serializer_class = InstitutionSerializer
    filterset_fields = ["kind", "country"]
    search_fields = ["name", "short_name"]
    ordering_fields = ["name", "short_name", "country"]

    def get_queryset(self):
        return Institution.objects.select_related("parent").order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(summary="List affiliations"),
    retrieve=extend_schema(summary="One affiliation, by id"),
)
class AffiliationViewSet(ApiViewSet):
    """A person's positions at institutions, current and past."""

    serializer_class = AffiliationSerializer
    lookup_field = "pk"
    filterset_class = AffiliationFilter
    ordering_fields = ["start", "end"]

    def get_queryset(self):
        return Affiliation.objects.select_related("person", "institution").order_by(
            "person__family_name", "person__pk", "-start", "pk"
        )
