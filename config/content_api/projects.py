"""API of projects: read for everyone (published only), write with a token and the permission."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from config.api_views import ApiViewSet
from config.models import Project, ProjectMember
from papers.models import Paper
from people.api.serializers import PersonSummarySerializer
from people.models import Person


class ProjectMemberSerializer(serializers.ModelSerializer):
    person = PersonSummarySerializer(read_only=True)

    class Meta:
        model = ProjectMember
        fields = ["person", "role", "order"]


class ProjectSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:project-detail", lookup_field="slug")
    html_url = serializers.CharField(source="get_absolute_url", read_only=True)
    is_active = serializers.SerializerMethodField()
    members = ProjectMemberSerializer(many=True, read_only=True)
    papers = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=Paper.objects.all(), required=False
    )

    class Meta:
        model = Project
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "summary",
            "body",
            "body_html",
            "image",
            "image_alt",
            "start",
            "end",
            "is_active",
            "members",
            "papers",
            "code_url",
            "website",
            "data_url",
            "published",
            "created",
            "updated",
        ]
        read_only_fields = ["slug", "body_html", "image", "created", "updated"]

    @extend_schema_field(serializers.BooleanField())
    def get_is_active(self, project: Project) -> bool:
        return project.is_active()

    def validate(self, attrs):
        """The model's own date check (Project.clean), on the dates this write leaves."""
        dates = {f: attrs.get(f, getattr(self.instance, f, None)) for f in ("start", "end")}
        try:
            Project(**dates).clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs


class ProjectFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=[("active", "Active"), ("past", "Past")], method="filter_status"
    )
    person = django_filters.CharFilter(method="filter_person", label="Person slug")
    paper = django_filters.CharFilter(method="filter_paper", label="Paper slug")

    class Meta:
        model = Project
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.active() if value == "active" else queryset.past()

    def filter_person(self, queryset, name, value):
        return queryset.of_person(Person.objects.filter(slug=value).values("pk")[:1])

    def filter_paper(self, queryset, name, value):
        return queryset.of_paper(Paper.objects.filter(slug=value).values("pk")[:1])


@extend_schema_view(
    list=extend_schema(summary="List projects", description="Active projects first, then past."),
    retrieve=extend_schema(summary="One project, by slug"),
)
class ProjectViewSet(ApiViewSet):
    """The group's projects with their members (and roles) and papers."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    search_fields = ["title", "summary"]
    ordering_fields = ["title", "start", "end", "updated"]
    last_modified_field = "updated"

    def get_queryset(self):
        """Unpublished projects and papers exist only for users who may change them."""
        user = self.request.user
        projects = Project.objects.visible_to(user)
        papers = Paper.objects.only("slug").order_by("pk")
        if not user.has_perm("papers.change_paper"):
            papers = papers.published()
        members = ProjectMember.objects.select_related("person").order_by("order", "pk")
        return projects.prefetch_related(
            Prefetch("members", queryset=members), Prefetch("papers", queryset=papers)
        ).active_first()
