"""The OpenAPI schema is valid, and the API keeps to it (schemathesis, in-process)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import (
    make_affiliation,
    make_institution,
    make_paper,
    make_person,
    make_searchable,
    make_user,
    make_venue,
)

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Bounded so CI stays fast; raise it locally (e.g. SCHEMATHESIS_EXAMPLES) for a deeper run.
EXAMPLES = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def test_the_schema_is_valid_openapi_3():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on any violation of the OpenAPI 3.0 meta-schema
    assert schema["openapi"].startswith("3.")
    papers = schema["paths"]["/api/v1/papers/"]["get"]
    names = {p["name"] for p in papers["parameters"]}
    assert {"q", "search", "ordering", "doi", "arxiv", "format", "paginate", "cursor"} <= names
    q = next(p for p in papers["parameters"] if p["name"] == "q")
    assert "accent" in q["description"]
    assert "application/x-bibtex" in papers["responses"]["200"]["content"]


@pytest.fixture
def wsgi_requests_keep_the_test_transaction():
    """As Django's test client does: a finished request must not close the connection
    that holds the test's transaction (schemathesis calls the WSGI app directly)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def data(monkeypatch, wsgi_requests_keep_the_test_transaction):
    """A little of everything, and no throttling: one test makes hundreds of requests."""
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", None)
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", None)
    person = make_person("Petar Veličković", role="phd")
    institution = make_institution("DeepMind", short_name="deepmind")
    make_affiliation(person, institution)
    paper = make_paper(
        "Graph Attention Networks",
        authors=[person, "Guillem Cucurull"],
        subjects=["cs.LG"],
        venue=make_venue("ICLR"),
        institutions=[institution],
    )
    make_searchable(paper)


# Loaded in-process at import: schema generation needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
schema.config.generation.update(modes=[GenerationMode.POSITIVE])


@schema.include(method="GET").parametrize()
@EXAMPLES
def test_reads_keep_to_the_schema(case, data):
    case.call_and_validate(checks=CHECKS)


@pytest.fixture
def token():
    return Token.objects.create(user=make_user(superuser=True)).key


@schema.include(method=["POST", "PUT", "PATCH", "DELETE"]).parametrize()
@EXAMPLES
def test_authenticated_writes_keep_to_the_schema(case, data, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
