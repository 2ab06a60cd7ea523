"""Shared pieces of the REST API: access rules, pagination, errors, conditional GETs.

Imported only when settings.API_ENABLED is on (see config/urls.py); page requests never
load DRF. DRF's settings name classes here, so this module imports no DRF views; the base
viewset is in config/api_views.py, the router and the schema/docs URLs in config/api_urls.py,
the endpoints in people/api/ and papers/api/.
"""

from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_vary_headers
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.pagination import BasePagination, CursorPagination, PageNumberPagination

API_PREFIX = "/api/"
MAX_PAGE_SIZE = 100


class ReadOrModelPermissions(permissions.DjangoModelPermissions):
    """Everyone reads; writes need a token or a staff session, and the model permission."""

    authenticated_users_only = False

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        if not (user and user.is_authenticated):
            return False
        by_token = isinstance(request.successful_authenticator, TokenAuthentication)
        if not (by_token or user.is_staff):
            return False
        return super().has_permission(request, view)


class PagePagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class WalkPagination(CursorPagination):
    """Cursor mode for clients that walk everything: by id, stable under inserts."""

    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class ApiPagination(BasePagination):
    """Page numbers by default; `?paginate=cursor` (or any `?cursor=`) switches to cursors."""

    def __init__(self):
        self.delegate = PagePagination()

    def paginate_queryset(self, queryset, request, view=None):
        params = request.query_params
        if params.get("paginate") == "cursor" or "cursor" in params:
            self.delegate = WalkPagination()
        return self.delegate.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return self.delegate.get_paginated_response(data)

    def next_link(self) -> str | None:
        return self.delegate.get_next_link()

    def get_paginated_response_schema(self, schema):
        page = PagePagination().get_paginated_response_schema(schema)
        page["required"] = ["results"]
        page["properties"]["count"]["description"] = "Total rows (page-number mode only)."
        return page

    def get_schema_operation_parameters(self, view):
        page_params = PagePagination().get_schema_operation_parameters(view)
        for param in page_params:
            if param["name"] == "page_size":
                param["schema"]["maximum"] = MAX_PAGE_SIZE
                param["schema"]["minimum"] = 1
            if param["name"] == "page":
                param["schema"]["minimum"] = 1
        return [
            *page_params,
            {
                "name": "paginate",
                "required": False,
                "in": "query",
                "description": "`cursor` walks the whole list by id with opaque cursors "
                "(`next` links) instead of page numbers; use it to fetch everything.",
                "schema": {"type": "string", "enum": ["page", "cursor"]},
            },
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "Opaque cursor from a `next`/`previous` link (cursor mode).",
                "schema": {"type": "string"},
            },
        ]


def exception_handler(exc, context):
    """DRF's JSON errors, plus database refusals as 409 instead of a server error."""
    # Imported here: rest_framework.views reads this module's classes from the settings.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, ProtectedError | RestrictedError):
        exc = exceptions.APIException(
            "Other records still refer to this one; remove or reassign them first."
        )
        exc.status_code = status.HTTP_409_CONFLICT
    elif isinstance(exc, IntegrityError):
        exc = exceptions.APIException("The change conflicts with existing data.")
        exc.status_code = status.HTTP_409_CONFLICT
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # A bare list of messages (e.g. from a filter backend) gets the usual shape.
        response.data = {"detail": " ".join(str(message) for message in response.data)}
    return response


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """ETag (a hash of the body) and 304 answers, for API URLs only.

    Pages render per request (CSRF tokens, CSP nonces) and are left alone.
    """

    def process_response(self, request, response):
        if not request.path.startswith(API_PREFIX):
            return response
        patch_vary_headers(response, ["Accept"])
        return super().process_response(request, response)


class SummaryRelatedField(serializers.SlugRelatedField):
    """A link to another row: written as its slug (or code), read as a small object."""

    def __init__(self, *, summary: type[serializers.Serializer], **kwargs):
        self.summary = summary
        super().__init__(**kwargs)

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, obj):
        # One summary serializer per field, reused for every row: building a
        # ModelSerializer's fields is far costlier than using them.
        if not hasattr(self, "_summary_serializer"):
            self._summary_serializer = self.summary(context=self.context)
        return self._summary_serializer.to_representation(obj)


ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` for request-wide errors; field names map to lists of "
    "messages for validation errors.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
ERROR_RESPONSES = {
    "400": "Invalid parameters or data; nothing was written.",
    "401": "Writes need a token (`Authorization: Token ...`) or a staff session.",
    "403": "Authenticated, but without the model permission.",
    "404": "No such row, or not published.",
    "409": "The change conflicts with other rows (e.g. deleting a row still in use).",
    "429": "Too many requests; see the Retry-After header.",
}
CITATION_SCHEMAS = {
    "application/x-bibtex": {"type": "string"},
    "application/x-research-info-systems": {"type": "string"},
}


def schema_postprocess(result, generator, request, public):
    """Document the errors every operation can answer, and the citation formats' bodies."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    for path, path_item in result.get("paths", {}).items():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                if code == "409" and method in ("get", "head"):
                    continue
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
            ok = responses.get("200", {}).get("content", {})
            for media_type, schema in CITATION_SCHEMAS.items():
                if media_type in ok:
                    ok[media_type]["schema"] = schema
            csl = "application/vnd.citationstyles.csl+json"
            if csl in ok:
                many = "{" not in path
                item = {"type": "object", "additionalProperties": True}
                ok[csl]["schema"] = {"type": "array", "items": item} if many else item
    return result
