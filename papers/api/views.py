"""API endpoints for papers, venues and subjects."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework.renderers import JSONRenderer

from config.api_views import ApiViewSet
from papers.api.renderers import CITATION_RENDERERS, CitationRenderer
from papers.api.serializers import PaperSerializer, SubjectSerializer, VenueSerializer
from papers.filters import PaperApiFilter
from papers.models import Paper, Venue
from people.models import Subject

FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "bibtex", "ris", "csljson"],
    description="Response format; the same as sending the matching `Accept` header "
    "(`application/x-bibtex`, `application/x-research-info-systems`, "
    "`application/vnd.citationstyles.csl+json`). Lists in citation formats cover the "
    'current page; a `Link: <...>; rel="next"` header points to the next one.',
)
PAPER_LIST_PARAMETERS = [
    OpenApiParameter(
        "q",
        str,
        description="Full-text search over title, abstract and author names, accent-insensitive. "
        'Web-style: `"exact phrase"`, `-excluded`; the last word also matches as a prefix. '
        "With a search and no `sort`, results come by relevance.",
        examples=[OpenApiExample("author without accents", value="Velickovic graph")],
    ),
    OpenApiParameter("search", str, description="The same as `q` (DRF convention)."),
    OpenApiParameter(
        "subject",
        {"type": "array", "items": {"type": "string"}},
        explode=True,
        description="arXiv code; repeat for several (any of them matches).",
        examples=[OpenApiExample("two subjects", value=["cs.CL", "cs.LG"])],
    ),
    OpenApiParameter("venue", str, description="Venue slug."),
    OpenApiParameter("person", str, description="Slug of a person among the authors."),
    OpenApiParameter("project", str, description="Slug of a published project."),
    OpenApiParameter(
        "institution", str, description="Institution slug: organisation tag or author's."
    ),
    OpenApiParameter(
        "doi",
        str,
        description="DOI in any common spelling (doi.org link, `doi:` prefix, any case).",
        examples=[OpenApiExample("DOI", value="10.1038/nature14539")],
    ),
    OpenApiParameter(
        "arxiv",
        str,
        description="arXiv id, with or without version or arxiv.org link.",
        examples=[OpenApiExample("arXiv id", value="1706.03762")],
    ),
    FORMAT_PARAMETER,
]
CITATION_MEDIA_TYPES = [renderer.media_type for renderer in CITATION_RENDERERS]


def paper_responses(many: bool) -> dict:
    return {
        (200, "application/json"): PaperSerializer(many=many),
        (200, "application/x-bibtex"): OpenApiTypes.STR,
        (200, "application/x-research-info-systems"): OpenApiTypes.STR,
        (200, "application/vnd.citationstyles.csl+json"): OpenApiTypes.STR,
    }


@extend_schema_view(
    list=extend_schema(
        summary="List papers",
        description="Published papers (all papers for users who may change them), newest "
        "first, filtered as on the /papers/ page.",
        parameters=PAPER_LIST_PARAMETERS,
        responses=paper_responses(many=True),
    ),
    retrieve=extend_schema(
        summary="One paper, by slug",
        parameters=[FORMAT_PARAMETER],
        responses=paper_responses(many=False),
    ),
)
class PaperViewSet(ApiViewSet):
    """Papers with their ordered authors; also BibTeX, RIS and CSL-JSON."""

    serializer_class = PaperSerializer
    filterset_class = PaperApiFilter
    # search and ordering are PaperApiFilter's own (the /papers/ page's full text and sorts)
    filter_backends = [DjangoFilterBackend]
    renderer_classes = [JSONRenderer, *CITATION_RENDERERS]
    last_modified_field = "updated"

    def get_queryset(self):
        """Unpublished papers exist only for users who may change papers (404 otherwise)."""
        papers = Paper.objects.with_card_data()
        if not self.request.user.has_perm("papers.change_paper"):
            papers = papers.published()
        return papers

    def get_renderers(self):
        # Citation formats describe papers read, not the answer to a write.
        if self.action in ("list", "retrieve"):
            return super().get_renderers()
        return [JSONRenderer()]

    def wants_citations(self) -> bool:
        return isinstance(getattr(self.request, "accepted_renderer", None), CitationRenderer)

    def serialize_page(self, objects):
        return objects if self.wants_citations() else super().serialize_page(objects)

    def serialize_one(self, instance):
        return instance if self.wants_citations() else super().serialize_one(instance)


@extend_schema_view(
    list=extend_schema(summary="List venues"),
    retrieve=extend_schema(summary="One venue, by slug"),
)
class VenueViewSet(ApiViewSet):
    """Conferences, journals, workshops and other places papers appear."""

    serializer_class = VenueSerializer
    filterset_fields = ["kind"]
    search_fields = ["name", "short_name", "publisher"]
    ordering_fields = ["name", "short_name"]

    def get_queryset(self):
        return Venue.objects.order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(summary="List subjects (the arXiv taxonomy)"),
    retrieve=extend_schema(summary="One subject, by code (e.g. cs.CL)"),
)
class SubjectViewSet(ApiViewSet):
    """The arXiv subject classification, looked up by code."""

    serializer_class = SubjectSerializer
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"
    filterset_fields = ["group"]
    search_fields = ["code", "label", "name"]
    ordering_fields = ["code", "name"]

    def get_queryset(self):
        return Subject.objects.order_by("code")
