"""API of talks: read for everyone (published only), write with a token and the permission."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from config.api_views import ApiViewSet
from config.models import Talk, TalkSpeaker
from papers.models import Paper
from people.api.serializers import PersonSummarySerializer
from people.models import Person


class TalkSpeakerSerializer(serializers.ModelSerializer):
    person = PersonSummarySerializer(read_only=True)

    class Meta:
        model = TalkSpeaker
        fields = ["person", "order"]


class TalkSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:talk-detail", lookup_field="slug")
    html_url = serializers.CharField(source="get_absolute_url", read_only=True)
    speakers = TalkSpeakerSerializer(many=True, read_only=True)
    papers = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=Paper.objects.all(), required=False
    )

    class Meta:
        model = Talk
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "kind",
            "speakers",
            "guest_speakers",
            "event",
            "place",
            "start",
            "end",
            "time_zone",
            "abstract",
            "abstract_html",
            "slides_url",
            "video_url",
            "recording_url",
            "papers",
            "is_published",
            "created",
            "updated",
        ]
        read_only_fields = ["slug", "abstract_html", "created", "updated"]

    def validate(self, attrs):
        """The model's own date check (Talk.clean), on the dates this write leaves."""
        dates = {f: attrs.get(f, getattr(self.instance, f, None)) for f in ("start", "end")}
        try:
            Talk(**dates).clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs


class TalkFilter(django_filters.FilterSet):
    upcoming = django_filters.BooleanFilter(
        method="filter_upcoming", label="true: upcoming talks, soonest first; false: past ones"
    )
    person = django_filters.CharFilter(method="filter_person", label="Slug of a speaker")

    class Meta:
        model = Talk
        fields = ["kind"]

    def filter_upcoming(self, queryset, name, value):
        return queryset.upcoming() if value else queryset.past()

    def filter_person(self, queryset, name, value):
        return queryset.of_person(Person.objects.filter(slug=value).values("pk")[:1])


@extend_schema_view(
    list=extend_schema(summary="List talks", description="Published talks, latest first."),
    retrieve=extend_schema(summary="One talk, by slug"),
)
class TalkViewSet(ApiViewSet):
    """The group's talks with their speakers (in order) and related papers."""

    serializer_class = TalkSerializer
    filterset_class = TalkFilter
    search_fields = ["title", "event", "place", "guest_speakers"]
    ordering_fields = ["start", "title", "updated"]
    last_modified_field = "updated"

    def get_queryset(self):
        """Unpublished talks and papers exist only for users who may change them."""
        user = self.request.user
        talks = Talk.objects.all()
        if not user.has_perm("site.change_talk"):
            talks = talks.published()
        papers = Paper.objects.only("slug").order_by("pk")
        if not user.has_perm("papers.change_paper"):
            papers = papers.published()
        speakers = TalkSpeaker.objects.select_related("person").order_by("order", "pk")
        return talks.prefetch_related(
            Prefetch("speakers", queryset=speakers), Prefetch("papers", queryset=papers)
        ).order_by("-start", "-pk")
