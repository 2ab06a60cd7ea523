"""API representations of papers, venues and subjects."""

from rest_framework import serializers

from config.api import SummaryRelatedField
from papers.models import Authorship, Paper, Venue
from papers.services import AuthorInput, paper_save
from papers.validators import normalize_arxiv_id, normalize_doi
from people.api.serializers import (
    InstitutionSummarySerializer,
    StrictStringList,
    institution_link,
    person_link,
    subject_link,
)
from people.models import Subject


class VenueSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:venue-detail", lookup_field="slug")

    class Meta:
        model = Venue
        fields = ["slug", "name", "short_name", "kind", "url"]


class VenueSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:venue-detail", lookup_field="slug")
    html_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Venue
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "short_name",
            "kind",
            "publisher",
            "website",
            "issn",
        ]
        read_only_fields = ["slug"]


class SubjectSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:subject-detail", lookup_field="code")

    class Meta:
        model = Subject
        fields = ["url", "code", "label", "name", "group"]


class AuthorshipSerializer(serializers.ModelSerializer):
    """One author: the name as printed, the linked person (a slug when written)."""

    person = person_link(required=False, allow_null=True)
    institutions = institution_link(many=True, required=False)

    class Meta:
        model = Authorship
        fields = [
            "position",
            "name",
            "person",
            "equal_contribution",
            "corresponding",
            "institutions",
        ]
        read_only_fields = ["position"]


class PaperSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:paper-detail", lookup_field="slug")
    html_url = serializers.CharField(source="get_absolute_url", read_only=True)
    authors = AuthorshipSerializer(many=True, source="authorships", required=False)
    venue = SummaryRelatedField(
        summary=VenueSummarySerializer,
        slug_field="slug",
        queryset=Venue.objects.all(),
        required=False,
        allow_null=True,
    )
    primary_subject = subject_link(required=False, allow_null=True)
    subjects = subject_link(many=True, required=False)
    institutions = institution_link(
        many=True, required=False, help_text="Organisation tags set on the paper."
    )
    organisation_tags = InstitutionSummarySerializer(
        many=True,
        read_only=True,
        help_text="Tags set on the paper together with its authors' institutions.",
    )
    doi_url = serializers.CharField(read_only=True)
    arxiv_url = serializers.CharField(read_only=True)
    awards = StrictStringList(required=False)
    pdf = serializers.FileField(read_only=True)

    class Meta:
        model = Paper
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "authors",
            "authors_complete",
            "abstract",
            "date",
            "date_precision",
            "year",
            "kind",
            "venue",
            "volume",
            "issue",
            "pages",
            "publisher",
            "doi",
            "doi_url",
            "arxiv_id",
            "arxiv_url",
            "primary_subject",
            "subjects",
            "institutions",
            "organisation_tags",
            "has_code",
            "code_url",
            "pdf_url",
            "project_url",
            "slides_url",
            "video_url",
            "data_url",
            "pdf",
            "citation_count",
            "citations_read_on",
            "is_featured",
            "is_published",
            "awards",
            "bibtex_key",
            "note",
            "created",
            "updated",
        ]
        read_only_fields = ["slug", "year", "created", "updated"]

    def _unique(self, field: str, value: str) -> None:
        others = Paper.objects.filter(**{field: value})
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if value and others.exists():
            raise serializers.ValidationError("Another paper has this identifier.")

    def validate_doi(self, value: str) -> str:
        value = normalize_doi(value) if value else ""
        self._unique("doi", value)
        return value

    def validate_arxiv_id(self, value: str) -> str:
        value = normalize_arxiv_id(value) if value else ""
        self._unique("arxiv_id", value)
        return value

    def validate_authors(self, authors: list[dict]) -> list[dict]:
        people = [a["person"].pk for a in authors if a.get("person")]
        if len(people) != len(set(people)):
            raise serializers.ValidationError("A person can be linked to one author only.")
        return authors

    def save_paper(self, validated_data: dict, instance: Paper | None) -> Paper:
        authors = validated_data.pop("authorships", None)
        subjects = validated_data.pop("subjects", None)
        institutions = validated_data.pop("institutions", None)
        return paper_save(
            paper=instance,
            fields=validated_data,
            authors=None if authors is None else [AuthorInput(**a) for a in authors],
            subjects=subjects,
            institutions=institutions,
        )

    def create(self, validated_data):
        return self.save_paper(validated_data, None)

    def update(self, instance, validated_data):
        return self.save_paper(validated_data, instance)
