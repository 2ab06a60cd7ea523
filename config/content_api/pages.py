"""API endpoint of the group's pages."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from config.api_views import ApiViewSet
from config.models import Page


class PageSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:page-detail", lookup_field="slug")

    class Meta:
        model = Page
        fields = [
            "slug", "url", "title", "body", "body_html", "order", "in_navigation",
            "is_published", "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["body_html", "created", "updated"]


@extend_schema_view(
    list=extend_schema(summary="List pages"),
    retrieve=extend_schema(summary="One page, by slug"),
)
class PageViewSet(ApiViewSet):
    """The group's pages (about, contact, ...): Markdown body and its rendered HTML."""

    serializer_class = PageSerializer
    filterset_fields = ["in_navigation", "is_published"]
    search_fields = ["title", "body"]
    ordering_fields = ["order", "title", "updated"]
    last_modified_field = "updated"

    def get_queryset(self):
        """Unpublished pages exist only for users who may change pages (404 otherwise)."""
        pages = Page.objects.order_by("order", "title", "pk")
        if not self.request.user.has_perm("site.change_page"):
            pages = pages.published()
        return pages
