"""The site settings in the API: one object at /api/v1/site/, read by everyone, changed (PUT or
PATCH) with a token or staff session and the change permission."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from config.models import SiteSettings

HTML_FIELDS = ["intro_html", "footer_html", "funding_html"]
IMAGE_FIELDS = ["logo", "favicon", "social_image"]


class SiteSettingsSerializer(serializers.ModelSerializer):
    logo = serializers.ImageField(read_only=True)
    favicon = serializers.ImageField(read_only=True)
    social_image = serializers.ImageField(read_only=True)
    # Null until the settings are first saved.
    updated = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = SiteSettings
        fields = [
            "name",
            "short_name",
            "tagline",
            "intro",
            "intro_html",
            *IMAGE_FIELDS,
            "email",
            "address",
            *SiteSettings.LINK_FIELDS,
            "footer",
            "footer_html",
            "funding",
            "funding_html",
            "updated",
        ]
        read_only_fields = [*HTML_FIELDS, "updated"]


@extend_schema_view(
    get=extend_schema(summary="The group's site settings"),
    put=extend_schema(summary="Change the site settings"),
    patch=extend_schema(summary="Change some of the site settings"),
)
class SiteSettingsView(generics.RetrieveUpdateAPIView):
    """The group's name, introduction, images (read-only here; upload them in the admin), contact
    and links."""

    serializer_class = SiteSettingsSerializer
    queryset = SiteSettings.objects.all()  # what the model permissions are read from

    def get_object(self):
        # Reading never writes; a change creates the row when there is none yet.
        if self.request.method in ("PUT", "PATCH"):
            return SiteSettings.load()
        return SiteSettings.current()
