"""The admin import page: preview, then commit; errors write nothing; permission needed."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from papers.models import ImportRun, Paper
from people.models import Person
from tests.factories import make_paper, make_user
from tests.importers.helpers import SEED, database_state

pytestmark = pytest.mark.django_db

URL = "/admin/papers/paper/import/"


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(superuser=True))
    return client


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def preview(client, **data):
    return client.post(URL, data)


def test_the_page_is_linked_from_the_paper_changelist(admin_client):
    assert reverse("admin:papers_paper_import") == URL
    response = admin_client.get(reverse("admin:papers_paper_changelist"))
    assert URL in response.content.decode()
    page = admin_client.get(URL)
    assert page.status_code == 200
    assert 'class="admin-autocomplete' in page.content.decode()  # the person is searched for


def test_a_preview_shows_what_would_change_and_writes_nothing(admin_client):
    before = database_state()
    response = preview(admin_client, file=upload("seed.txt", SEED.read_bytes()))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview of seed.txt (profile)" in page
    assert "Gemma 2: Improving Open Language Models at a Practical Size" in page
    assert database_state() == before


def test_confirming_a_preview_imports_the_file(admin_client):
    page = preview(admin_client, file=upload("seed.txt", SEED.read_bytes())).content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', page)[1]
    response = admin_client.post(URL, {"payload": payload})
    assert response.status_code == 302
    assert Paper.objects.count() == 50
    owner = Person.objects.get(full_name="Oriol Vinyals")
    assert Paper.objects.by_person(owner).count() == 50
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("admin:papers_importrun_change", args=[run.pk])
    assert run.counts["new"] == 50
    assert run.user.is_superuser


def test_pasted_text_with_a_chosen_person_previews_updates_and_duplicates(admin_client):
    owner = Person.objects.create(full_name="Ada Lovelace")
    make_paper("Notes on the Analytical Engine", abstract="", date=None, note="Old.")
    text = (
        "Ada Lovelace\n\nh-index5\n\n"
        "CSJan 1, 1843\nNotes on the Analytical Engine\n\nAda Lovelace\n\nNew abstract.\n\n"
        "CSJan 1, 1843\nNotes on the Analytical Engine\n\nAda Lovelace\n\nNew abstract.\n"
    )
    page = preview(admin_client, text=text, person=owner.pk, format="profile").content.decode()
    assert "Person: Ada Lovelace." in page
    assert '<tr class="import-updated">' in page
    assert "<code>abstract</code>:  → New abstract." in page
    assert "<code>date</code>: None → 1843-01-01" in page
    assert "<strong>duplicate</strong>" in page


def test_a_tampered_payload_is_refused(admin_client):
    response = admin_client.post(URL, {"payload": "not-signed"}, follow=True)
    assert "expired or was altered" in response.content.decode()
    assert not Paper.objects.exists()


@pytest.mark.parametrize(
    "content", [b"\x00\x01\x02\x03 binary", b"", b"CVAug 26, 2024\nNo header\n"]
)
def test_a_bad_file_shows_the_error_and_writes_nothing(admin_client, content):
    before = database_state()
    response = preview(admin_client, file=upload("bad.txt", content))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="errornote"' in page
    assert "payload" not in page
    assert database_state() == before


def test_markup_in_the_file_is_shown_as_text(admin_client):
    text = "Eve\n\nh-index1\n\nCVJan 2, 2020\n<script>alert(1)</script>\n\nEve\n"
    page = preview(admin_client, text=text).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_staff_without_the_add_permission_get_403(client):
    user = make_user(staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_paper"))
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": "x"}).status_code == 403


def test_staff_with_the_add_permission_may_import(client):
    user = make_user(staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_paper"))
    client.force_login(user)
    page = preview(client, file=upload("seed.txt", SEED.read_bytes())).content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', page)[1]
    response = client.post(URL, {"payload": payload})
    assert response["Location"] == reverse("admin:papers_paper_changelist")
    assert Paper.objects.count() == 50


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
