"""Every kind of Markdown content gets the same preview in the admin: the saved HTML on the
form, and a button that renders the text as written through the site's sanitiser."""

import pytest

from tests.factories import make_user

pytestmark = pytest.mark.django_db

KINDS = [
    ("page", "body"),
    ("news", "body"),
    ("project", "body"),
    ("opening", "description"),
    ("talk", "abstract"),
]


@pytest.mark.parametrize(("model", "field"), KINDS)
def test_the_add_form_has_a_preview_of_the_markdown_field(client, model, field):
    client.force_login(make_user(superuser=True))
    html = client.get(f"/admin/site/{model}/add/").content.decode()
    assert f'data-markdown-preview="/admin/site/{model}/preview/"' in html
    assert f'data-field="id_{field}"' in html
    assert "js/markdown_preview.js" in html


@pytest.mark.parametrize(("model", "field"), KINDS)
def test_the_preview_renders_safely_and_saves_nothing(client, model, field):
    client.force_login(make_user(superuser=True))
    body = "# Title\n\n<script>alert(1)</script> [x](javascript:alert(1)) *fine*"
    response = client.post(f"/admin/site/{model}/preview/", {"body": body})
    html = response.json()["html"]
    assert "<h2>Title</h2>" in html and "<em>fine</em>" in html
    assert "<script" not in html and 'href="javascript' not in html
    assert client.get(f"/admin/site/{model}/preview/").status_code == 405


@pytest.mark.parametrize(("model", "field"), KINDS)
def test_the_preview_needs_a_permission_on_the_model(client, model, field):
    client.force_login(make_user(staff=True))
    assert client.post(f"/admin/site/{model}/preview/", {"body": "x"}).status_code == 403
