"""API endpoint for news: read for everyone (published items), write by permission."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from config.api import SummaryRelatedField
from config.api_views import ApiViewSet
from config.models import News, Project
from papers.models import Paper
from people.api.serializers import person_link


class PaperSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:paper-detail", lookup_field="slug")

    class Meta:
        model = Paper
        fields = ["slug", "title", "url"]


class ProjectSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:project-detail", lookup_field="slug")

    class Meta:
        model = Project
        fields = ["slug", "title", "url"]


class NewsSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:news-detail", lookup_field="slug")
    html_url = serializers.CharField(source="get_absolute_url", read_only=True)
    people = person_link(many=True, required=False)
    papers = SummaryRelatedField(
        summary=PaperSummarySerializer,
        slug_field="slug",
        queryset=Paper.objects.all(),
        many=True,
        required=False,
    )
    projects = SummaryRelatedField(
        summary=ProjectSummarySerializer,
        slug_field="slug",
        queryset=Project.objects.all(),
        many=True,
        required=False,
    )
    image = serializers.ImageField(read_only=True)

    class Meta:
        model = News
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "date",
            "body",
            "body_html",
            "image",
            "image_alt",
            "people",
            "papers",
            "projects",
            "is_published",
            "created",
            "updated",
        ]
        read_only_fields = ["slug", "body_html", "created", "updated"]


class NewsFilter(django_filters.FilterSet):
    person = django_filters.CharFilter(method="filter_person", label="Slug of a linked person")
    # A date's year is 1 to 9999; anything else is a 400, not a database error.
    year = django_filters.NumberFilter(
        method="filter_year", label="Year", min_value=1, max_value=9999, decimal_places=0
    )

    class Meta:
        model = News
        fields = ["person", "year"]

    def filter_person(self, queryset, name, value):
        return queryset.filter(people__slug=value)

    def filter_year(self, queryset, name, value):
        return queryset.in_year(int(value))


@extend_schema_view(
    list=extend_schema(summary="List news", description="Published news, newest first."),
    retrieve=extend_schema(summary="One news item, by slug"),
)
class NewsViewSet(ApiViewSet):
    """The group's news items, with the people and papers they mention."""

    serializer_class = NewsSerializer
    filterset_class = NewsFilter
    search_fields = ["title", "body"]
    ordering_fields = ["date", "title"]
    last_modified_field = "updated"

    def get_queryset(self):
        """Unpublished news exists only for users who may change it (404 otherwise)."""
        news = News.objects.with_links().newest_first()
        if not self.request.user.has_perm("site.change_news"):
            news = news.published()
        return news
