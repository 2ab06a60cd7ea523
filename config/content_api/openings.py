"""API endpoint of open positions: /api/v1/openings/."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from config.api_views import ApiViewSet
from config.models import Opening
from config.models.openings import past_deadline_error


class OpeningFilter(django_filters.FilterSet):
    open = django_filters.BooleanFilter(
        method="filter_open",
        label="Accepting applications today (true), or closed or past the deadline (false).",
    )

    class Meta:
        model = Opening
        fields = ["kind", "open"]

    def filter_open(self, queryset, name, value):
        return queryset.open() if value else queryset.closed()


class OpeningSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:opening-detail", lookup_field="slug")
    html_url = serializers.CharField(source="get_absolute_url", read_only=True)
    is_open = serializers.BooleanField(
        required=False,
        help_text="Accepting applications. Read: false once the deadline has passed, "
        "whatever was stored. Write: true is refused with a past deadline.",
    )

    class Meta:
        model = Opening
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "kind",
            "location",
            "description",
            "description_html",
            "deadline",
            "how_to_apply",
            "how_to_apply_html",
            "apply_url",
            "apply_email",
            "is_open",
            "is_published",
            "created",
            "updated",
        ]
        read_only_fields = ["slug", "description_html", "how_to_apply_html", "created", "updated"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["is_open"] = instance.open_now
        return data

    def validate(self, attrs):
        # A row past its deadline reads as closed, so a write that leaves is_open out
        # stores it closed rather than failing on a flag the client never sent.
        if "is_open" not in attrs:
            attrs["is_open"] = self.instance.open_now if self.instance else True
        deadline = (
            attrs["deadline"] if "deadline" in attrs else getattr(self.instance, "deadline", None)
        )
        message = past_deadline_error(is_open=attrs["is_open"], deadline=deadline)
        if message:
            raise serializers.ValidationError({"is_open": message}, code="past_deadline")
        return attrs


@extend_schema_view(
    list=extend_schema(summary="List openings (open positions)"),
    retrieve=extend_schema(summary="One opening, by slug"),
)
class OpeningViewSet(ApiViewSet):
    """Open positions of the group; closed ones stay listed with is_open false."""

    serializer_class = OpeningSerializer
    filterset_class = OpeningFilter
    search_fields = ["title", "location", "description"]
    ordering_fields = ["deadline", "title", "created"]
    last_modified_field = "updated"

    def get_queryset(self):
        """Unpublished openings exist only for users who may change openings (404 otherwise)."""
        return Opening.objects.visible_to(self.request.user)
