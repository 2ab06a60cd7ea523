import json

import pytest
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import make_paper, make_person, make_searchable, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/papers/", "/api/v1/papers/{slug}/", "/api/v1/people/"])
def test_a_repeat_get_with_the_etag_is_a_304(api, url):
    paper = make_paper(authors=[make_person()])
    url = url.format(slug=paper.slug)
    first = api.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_the_etag_changes_when_the_data_does(api):
    paper = make_paper("Before")
    etag = api.get("/api/v1/papers/")["ETag"]
    paper.title = "After"
    paper.save()
    response = api.get("/api/v1/papers/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_last_modified_is_the_newest_update_and_answers_if_modified_since(api):
    paper = make_paper()
    response = api.get(f"/api/v1/papers/{paper.slug}/")
    last_modified = response["Last-Modified"]
    assert last_modified.endswith("GMT")
    again = api.get(f"/api/v1/papers/{paper.slug}/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert again.status_code == 304


def test_pages_get_no_api_etag(client):
    """Only /api/ responses are hashed; pages carry per-request nonces and tokens."""
    response = client.get("/robots.txt")
    assert not response.has_header("ETag")


def test_cors_allows_configured_origins_to_read(api, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://dashboard.example.org"]
    response = api.get("/api/v1/papers/", HTTP_ORIGIN="https://dashboard.example.org")
    assert response["Access-Control-Allow-Origin"] == "https://dashboard.example.org"
    preflight = api.options(
        "/api/v1/papers/",
        HTTP_ORIGIN="https://dashboard.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    other = api.get("/api/v1/papers/", HTTP_ORIGIN="https://evil.example.com")
    assert not other.has_header("Access-Control-Allow-Origin")


def test_errors_are_json(api):
    assert api.get("/api/v1/no-such-endpoint/")["Content-Type"] == "application/json"
    assert api.get("/api/v1/no-such-endpoint/").json() == {"detail": "Not found."}
    response = api.post("/api/v1/papers/", "{not json", content_type="application/json")
    assert response.status_code == 401  # anonymous: refused before the body is read
    api.force_login(make_user(superuser=True))
    response = api.post("/api/v1/papers/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_options_describes_the_endpoint(api):
    api.force_login(make_user(superuser=True))
    data = api.options("/api/v1/papers/").json()
    assert data["name"] == "Paper List"
    assert "application/json" in data["renders"]
    assert "application/x-bibtex" in data["renders"]
    assert data["actions"]["POST"]["title"]["required"] is True


def test_anonymous_clients_are_throttled_with_retry_after(api, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "3/min")
    statuses = [api.get("/api/v1/venues/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/venues/")
    assert 0 < int(response["Retry-After"]) <= 60
    assert "detail" in response.json()


def test_signed_in_users_have_their_own_larger_allowance(api, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "1/min")
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "3/min")
    api.force_login(make_user())
    statuses = [api.get("/api/v1/venues/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


@pytest.fixture
def two_papers():
    petar = make_person("Petar Veličković")
    gat = make_paper("Graph Attention Networks", authors=[petar, "Guillem Cucurull"])
    other = make_paper("Deep Graph Infomax", authors=[petar])
    make_paper("Unrelated Work", authors=["Someone Else"])
    make_searchable(gat, other)
    return gat, other


@pytest.mark.parametrize(
    ("fmt", "media_type", "marker"),
    [
        ("bibtex", "application/x-bibtex", "@"),
        ("ris", "application/x-research-info-systems", "TY  - "),
        ("csljson", "application/vnd.citationstyles.csl+json", '"title"'),
    ],
)
def test_one_paper_in_each_citation_format_by_parameter_or_accept(
    api, two_papers, fmt, media_type, marker
):
    gat = two_papers[0]
    by_param = api.get(f"/api/v1/papers/{gat.slug}/?format={fmt}")
    by_accept = api.get(f"/api/v1/papers/{gat.slug}/", HTTP_ACCEPT=media_type)
    for response in (by_param, by_accept):
        assert response.status_code == 200
        assert response["Content-Type"].startswith(media_type)
        text = response.content.decode()
        assert marker in text
        assert "Graph Attention Networks" in text
        assert "Deep Graph Infomax" not in text
    assert by_param.content == by_accept.content


def test_a_filtered_list_in_citation_formats(api, two_papers, django_assert_num_queries):
    with django_assert_num_queries(6):  # the same queries as the JSON list
        bibtex = api.get("/api/v1/papers/?q=velickovic&format=bibtex").content.decode()
    assert bibtex.count("@") == 2
    assert "Unrelated Work" not in bibtex
    items = json.loads(api.get("/api/v1/papers/?q=velickovic&format=csljson").content)
    assert sorted(item["title"] for item in items) == [
        "Deep Graph Infomax",
        "Graph Attention Networks",
    ]
    single = json.loads(api.get(f"/api/v1/papers/{two_papers[0].slug}/?format=csljson").content)
    assert single["author"][0] == {"family": "Veličković", "given": "Petar"}


def test_citation_lists_link_to_the_next_page(api, two_papers):
    response = api.get("/api/v1/papers/?format=ris&page_size=1")
    assert response["Link"].endswith('>; rel="next"')
    assert "page=2" in response["Link"]


def test_errors_stay_json_when_a_citation_format_was_asked_for(api):
    response = api.get("/api/v1/papers/no-such-paper/?format=bibtex")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_an_unknown_format_is_a_404(api, two_papers):
    assert api.get("/api/v1/papers/?format=docx").status_code == 404


def test_a_null_character_in_a_search_is_a_400_with_the_usual_error_shape(api):
    response = api.get("/api/v1/venues/?search=a%00b")
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}
