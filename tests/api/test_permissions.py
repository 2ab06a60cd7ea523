"""Who may do what: every endpoint × method × kind of user, as a table."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token

from papers.models import Paper
from tests.factories import (
    make_affiliation,
    make_institution,
    make_paper,
    make_person,
    make_user,
    make_venue,
    subject,
)

pytestmark = pytest.mark.django_db

# endpoint -> (app label, model name)
MODELS = {
    "papers": ("papers", "paper"),
    "people": ("people", "person"),
    "venues": ("papers", "venue"),
    "institutions": ("people", "institution"),
    "subjects": ("people", "subject"),
    "affiliations": ("people", "affiliation"),
}


def target(endpoint: str) -> tuple[str, dict]:
    """A row to read, change and delete, and a valid body to write."""
    if endpoint == "papers":
        paper = make_paper("Existing", authors=["A. Author"])
        return paper.slug, {"title": "Written", "authors": [{"name": "B. Author"}]}
    if endpoint == "people":
        return make_person("Existing Person").slug, {"full_name": "Written Person"}
    if endpoint == "venues":
        return make_venue("Existing Venue").slug, {"name": "Written Venue"}
    if endpoint == "institutions":
        return make_institution("Existing Institute").slug, {"name": "Written Institute"}
    if endpoint == "subjects":
        return subject("cs.CL").code, {"code": "zz.WR", "label": "WR", "name": "Written"}
    affiliation = make_affiliation(make_person())
    body = {"person": make_person().slug, "institution": make_institution().slug}
    return str(affiliation.pk), body


def login_as(api, who: str, endpoint: str) -> None:
    if who == "anonymous":
        return
    if who == "superuser":
        api.force_login(make_user(superuser=True))
        return
    user = make_user(staff=who.startswith("staff"))
    if who == "staff with permission":
        app_label, model = MODELS[endpoint]
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label=app_label, codename__endswith=model)
        )
    api.force_login(user)


ALLOWED = {"GET": 200, "POST": 201, "PUT": 200, "PATCH": 200, "DELETE": 204}
EXPECTED = {
    "anonymous": {"GET": 200, "POST": 401, "PUT": 401, "PATCH": 401, "DELETE": 401},
    "authenticated non-staff": {"GET": 200, "POST": 403, "PUT": 403, "PATCH": 403, "DELETE": 403},
    "staff without permission": {
        "GET": 200,
        "POST": 403,
        "PUT": 403,
        "PATCH": 403,
        "DELETE": 403,
    },
    "staff with permission": ALLOWED,
    "superuser": ALLOWED,
}


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("endpoint", MODELS)
@pytest.mark.parametrize("who", EXPECTED)
def test_permission_matrix(api, who, endpoint, method):
    lookup, body = target(endpoint)
    login_as(api, who, endpoint)
    detail = f"/api/v1/{endpoint}/{lookup}/"
    if method == "GET":
        responses = [api.get(f"/api/v1/{endpoint}/"), api.get(detail)]
    elif method == "POST":
        responses = [api.post(f"/api/v1/{endpoint}/", body, format="json")]
    elif method == "PUT":
        responses = [api.put(detail, body, format="json")]
    elif method == "PATCH":
        responses = [api.patch(detail, body, format="json")]
    else:
        responses = [api.delete(detail)]
    for response in responses:
        assert response.status_code == EXPECTED[who][method], response.content


def test_a_token_lets_a_non_staff_user_with_the_permission_write(api):
    user = make_user()
    user.user_permissions.set(Permission.objects.filter(codename="add_paper"))
    token = Token.objects.create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post("/api/v1/papers/", {"title": "By token"}, format="json")
    assert response.status_code == 201
    assert Paper.objects.filter(title="By token").exists()


def test_a_session_alone_does_not_let_a_non_staff_user_write(api):
    user = make_user()
    user.user_permissions.set(Permission.objects.filter(codename="add_paper"))
    api.force_login(user)
    assert api.post("/api/v1/papers/", {"title": "By session"}, format="json").status_code == 403


def test_a_bad_token_is_a_401(api):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/papers/").status_code == 401


@pytest.mark.parametrize(
    "who", ["anonymous", "authenticated non-staff", "staff without permission"]
)
def test_unpublished_papers_are_404_to_those_who_may_not_change_them(api, who):
    hidden = make_paper("Hidden", is_published=False)
    login_as(api, who, "venues")  # no paper permission
    assert api.get(f"/api/v1/papers/{hidden.slug}/").status_code == 404
    assert api.get("/api/v1/papers/").json()["count"] == 0


def test_editors_see_unpublished_papers(api):
    hidden = make_paper("Hidden", is_published=False)
    login_as(api, "staff with permission", "papers")
    assert api.get(f"/api/v1/papers/{hidden.slug}/").status_code == 200
    assert api.get("/api/v1/papers/").json()["count"] == 1
