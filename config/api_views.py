"""The base viewset of the API endpoints, and the schema of its related-row field."""

from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import viewsets
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.response import Response

from config.api import SummaryRelatedField


class StableOrderingFilter(OrderingFilter):
    """`?ordering=` with the primary key as the last tie-breaker, so pages stay stable."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not {"pk", "-pk"} & set(ordering):
            ordering = [*ordering, "pk"]
        return ordering


class ApiViewSet(viewsets.ModelViewSet):
    """A model endpoint: list and detail for everyone, writes by permission.

    Responses carry Last-Modified when the model has an `updated` field; the ETag is
    added by ApiConditionalGetMiddleware from the body.
    """

    lookup_field = "slug"
    last_modified_field: str | None = None
    filter_backends = [DjangoFilterBackend, SearchFilter, StableOrderingFilter]
    search_fields: list[str] = []
    ordering_fields: list[str] = []

    def serialize_page(self, objects: list) -> object:
        return self.get_serializer(objects, many=True).data

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        objects = list(self.paginate_queryset(queryset))
        response = self.get_paginated_response(self.serialize_page(objects))
        self.set_last_modified(response, objects)
        return response

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.serialize_one(instance))
        self.set_last_modified(response, [instance])
        return response

    def serialize_one(self, instance) -> object:
        return self.get_serializer(instance).data

    def set_last_modified(self, response, objects: list) -> None:
        if not self.last_modified_field:
            return
        stamps = [getattr(o, self.last_modified_field) for o in objects]
        stamps = [s for s in stamps if s]
        if stamps:
            response["Last-Modified"] = http_date(max(stamps).timestamp())


class SummaryRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """Document SummaryRelatedField as a string in requests and an object in responses."""

    target_class = SummaryRelatedField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return {"type": "string", "description": f"The {self.target.slug_field}."}
        return auto_schema.resolve_serializer(self.target.summary, direction).ref
