"""API representations of people, institutions and affiliations."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api import SummaryRelatedField
from config.text import split_name
from people.metrics import PersonMetrics
from people.models import Affiliation, Institution, Person, ReportedMetric, Subject


class InstitutionSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:institution-detail", lookup_field="slug"
    )

    class Meta:
        model = Institution
        fields = ["slug", "name", "short_name", "url"]


class PersonSummarySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name")
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail", lookup_field="slug")

    class Meta:
        model = Person
        fields = ["slug", "name", "url", "orcid"]


class SubjectSummarySerializer(serializers.Serializer):
    """A subject as people and papers show it."""

    code = serializers.CharField()
    label = serializers.CharField()
    name = serializers.CharField()


def institution_link(**options) -> SummaryRelatedField:
    """An institution: written as its slug, read as its summary."""
    return SummaryRelatedField(
        summary=InstitutionSummarySerializer,
        slug_field="slug",
        queryset=Institution.objects.all(),
        **options,
    )


def person_link(**options) -> SummaryRelatedField:
    """A person: written as their slug, read as their summary."""
    return SummaryRelatedField(
        summary=PersonSummarySerializer, slug_field="slug", queryset=Person.objects.all(), **options
    )


def subject_link(**options) -> SummaryRelatedField:
    """A subject: written as its code (cs.CL), read as its summary."""
    return SummaryRelatedField(
        summary=SubjectSummarySerializer,
        slug_field="code",
        queryset=Subject.objects.all(),
        **options,
    )


class StrictStringList(serializers.ListField):
    child = serializers.CharField(max_length=255)


class InstitutionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:institution-detail", lookup_field="slug"
    )
    html_url = serializers.CharField(source="get_absolute_url", read_only=True)
    parent = institution_link(required=False, allow_null=True)

    class Meta:
        model = Institution
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "short_name",
            "kind",
            "country",
            "website",
            "ror_id",
            "parent",
        ]
        read_only_fields = ["slug"]

    def validate(self, attrs):
        parent = attrs.get("parent")
        if self.instance is not None and parent is not None and parent.pk == self.instance.pk:
            raise serializers.ValidationError(
                {"parent": "An institution cannot be its own parent."}
            )
        return attrs


class AffiliationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:affiliation-detail")
    person = person_link()
    institution = institution_link()
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = Affiliation
        fields = ["url", "id", "person", "institution", "position", "start", "end", "is_current"]

    def validate(self, attrs):
        start = attrs.get("start", getattr(self.instance, "start", None))
        end = attrs.get("end", getattr(self.instance, "end", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end": "The end is before the start."})
        return attrs


class PersonAffiliationSerializer(serializers.ModelSerializer):
    institution = InstitutionSummarySerializer(read_only=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = Affiliation
        fields = ["id", "institution", "position", "start", "end", "is_current"]


class ReportedMetricSerializer(serializers.ModelSerializer):
    display_value = serializers.CharField(read_only=True)

    class Meta:
        model = ReportedMetric
        fields = ["name", "value", "unit", "display_value", "source", "as_of"]


class MetricsSerializer(serializers.Serializer):
    """Computed from the site's own published papers."""

    papers = serializers.IntegerField()
    citations = serializers.IntegerField()
    h_index = serializers.IntegerField()
    i10_index = serializers.IntegerField()


class PersonSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail", lookup_field="slug")
    html_url = serializers.CharField(source="get_absolute_url", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    is_member = serializers.BooleanField(read_only=True)
    is_alumnus = serializers.BooleanField(read_only=True)
    name_variants = StrictStringList(required=False)
    primary_subject = subject_link(required=False, allow_null=True)
    orcid_url = serializers.CharField(read_only=True)
    photo = serializers.ImageField(read_only=True)
    affiliations = PersonAffiliationSerializer(many=True, read_only=True)
    reported_metrics = ReportedMetricSerializer(many=True, read_only=True)
    metrics = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "url",
            "html_url",
            "slug",
            "full_name",
            "given_name",
            "family_name",
            "name_variants",
            "role",
            "role_display",
            "is_member",
            "is_alumnus",
            "joined",
            "left",
            *Person.ABOUT_FIELDS,
            *Person.LINK_FIELDS,
            "orcid_url",
            "photo",
            "affiliations",
            "metrics",
            "reported_metrics",
            "created",
            "updated",
        ]
        read_only_fields = ["slug", "created", "updated"]
        # Shown obfuscated on pages; never handed out by the API.
        extra_kwargs = {"email": {"write_only": True}}

    @extend_schema_field(MetricsSerializer)
    def get_metrics(self, person) -> dict:
        """From the page-wide aggregate in the context (lists) or the person (detail)."""
        metrics: PersonMetrics = self.context["metrics"][person.pk]
        return MetricsSerializer(metrics).data

    def validate(self, attrs):
        joined = attrs.get("joined", getattr(self.instance, "joined", None))
        left = attrs.get("left", getattr(self.instance, "left", None))
        if joined and left and left < joined:
            raise serializers.ValidationError({"left": "Left is before joined."})
        given = attrs.get("given_name", getattr(self.instance, "given_name", ""))
        family = attrs.get("family_name", getattr(self.instance, "family_name", ""))
        if "full_name" in attrs and not (given or family):
            # Person.save() fills the name parts from the full name; they must fit.
            given, family = split_name(attrs["full_name"])
            limit = Person._meta.get_field("family_name").max_length
            if len(given) > limit or len(family) > limit:
                raise serializers.ValidationError(
                    {
                        "full_name": f"Give given_name and family_name (at most {limit} characters each)."
                    }
                )
        return attrs
