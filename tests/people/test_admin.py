import io
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from papers.models import Authorship
from people.models import Person
from people.services_photos import person_photo_refresh
from tests.factories import (
    make_affiliation,
    make_institution,
    make_metric,
    make_paper,
    make_person,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(make_user(superuser=True))
    client.get(reverse("admin:index"))  # warm the session and content-type caches
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Login failure counts live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


def changelist(client, **params):
    return client.get(reverse("admin:people_person_changelist"), params)


def names(response) -> list[str]:
    return [person.full_name for person in response.context["cl"].result_list]


@pytest.mark.parametrize("rows", [2, 20])
def test_person_changelist_runs_five_queries(superuser_client, django_assert_num_queries, rows):
    institution = make_institution()
    for n in range(rows):
        make_affiliation(make_person(role="phd" if n % 2 else ""), institution)
    # session, user, institution filter choices, COUNT for the pager, the page of people
    # (login joined; photo previews come from the stored thumbnail list, not the database).
    with django_assert_num_queries(5):
        response = changelist(superuser_client)
    assert len(names(response)) == rows


@pytest.mark.parametrize("term", ["Vinyals", "Oriol", "O. Vinyals", "Vinyals, O"])
def test_people_are_found_by_any_name(superuser_client, term):
    make_person("Oriol Vinyals", name_variants=["O. Vinyals", "Vinyals, O."])
    make_person("Someone Else")
    assert names(changelist(superuser_client, q=term)) == ["Oriol Vinyals"]


def test_a_name_variant_with_accents_is_found_on_every_database(superuser_client):
    make_person("Aaron Oord", name_variants=["Aäron van den Oord"])
    make_person("Someone Else")
    assert names(changelist(superuser_client, q="Aäron")) == ["Aaron Oord"]
    assert names(changelist(superuser_client, q='"van den Oord"')) == ["Aaron Oord"]


def test_people_filter_current_members_alumni_and_outside_people(superuser_client):
    make_person("Current Member", role="phd", joined=date(2020, 1, 1))
    make_person("Former Member", role="postdoc", left=date(2021, 6, 30))
    make_person("Outside Author")
    assert names(changelist(superuser_client, membership="current")) == ["Current Member"]
    assert names(changelist(superuser_client, membership="alumni")) == ["Former Member"]
    assert names(changelist(superuser_client, membership="outside")) == ["Outside Author"]


def test_people_filter_by_role_and_institution(superuser_client):
    mit = make_institution("MIT")
    make_affiliation(make_person("At MIT", role="phd"), mit)
    make_affiliation(make_person("Elsewhere", role="phd"), make_institution("Elsewhere U"))
    make_person("Visitor", role="visitor")
    assert names(changelist(superuser_client, role__exact="visitor")) == ["Visitor"]
    params = {"affiliations__institution__id__exact": mit.pk}
    assert names(changelist(superuser_client, **params)) == ["At MIT"]


def png(width: int, height: int) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "PNG")
    return SimpleUploadedFile("face.png", out.getvalue(), content_type="image/png")


def test_the_changelist_shows_a_small_photo_preview_with_its_size(superuser_client):
    person_photo_refresh(person=make_person('Photo "Person" <b>', photo=png(200, 100)))
    make_person("No Photo")
    html = changelist(superuser_client).content.decode()
    assert html.count('<img src="/media/people/thumbs/') == 1
    assert 'width="48" height="48" alt=""' in html
    assert "Photo &quot;Person&quot; &lt;b&gt;" in html


def test_a_photo_uploaded_in_the_admin_gets_its_thumbnails(superuser_client):
    person = make_person("Ada Lovelace")
    data = {"full_name": person.full_name, "slug": person.slug, "name_variants": "[]"}
    for prefix in ("affiliations", "reported_metrics"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    url = reverse("admin:people_person_change", args=[person.pk])
    response = superuser_client.post(url, {**data, "photo": png(200, 100)})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.photo_thumbnails["48"]["width"] == 48


def test_the_change_page_shows_affiliations_and_reported_figures_inline(superuser_client):
    person = make_person()
    make_affiliation(person, make_institution("DeepMind"), position="Research Scientist")
    make_metric(person, name="h-index", value=117, source="profile.txt")
    html = superuser_client.get(reverse("admin:people_person_change", args=[person.pk])).content
    assert b"Research Scientist" in html
    assert b'value="profile.txt"' in html


def test_the_merge_action_asks_which_person_to_keep(superuser_client):
    first = make_person("Ada Lovelace")
    second = make_person("A. Lovelace")
    make_paper(authors=[second])
    response = superuser_client.post(
        reverse("admin:people_person_changelist"),
        {"action": "merge_people", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada Lovelace" in html and "A. Lovelace" in html
    # The person with more authorships is suggested.
    assert f'value="{second.pk}" id="keep-{second.pk}" checked' in html
    assert Person.objects.count() == 2


def test_confirming_the_merge_keeps_the_chosen_person_and_reports_what_moved(superuser_client):
    keep = make_person("Ada Lovelace")
    dup = make_person("A. Lovelace")
    paper = make_paper(authors=[dup, "Charles Babbage"])
    response = superuser_client.post(
        reverse("admin:people_person_changelist"),
        {
            "action": "merge_people",
            "_selected_action": [keep.pk, dup.pk],
            "post": "yes",
            "keep": keep.pk,
        },
        follow=True,
    )
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Ada Lovelace"]
    assert Authorship.objects.get(paper=paper, position=0).person == keep
    messages = [m.message for m in get_messages(response.wsgi_request)]
    assert messages == [
        "Merged A. Lovelace into Ada Lovelace: 1 authorship moved, 0 combined on shared papers, "
        "0 left unlinked; 0 affiliations and 0 reported figures moved."
    ]
    assert Person.history.filter(id=dup.pk, history_type="-").exists()


def test_merging_needs_two_people(superuser_client):
    only = make_person()
    response = superuser_client.post(
        reverse("admin:people_person_changelist"),
        {"action": "merge_people", "_selected_action": [only.pk]},
        follow=True,
    )
    assert [m.message for m in get_messages(response.wsgi_request)] == [
        "Select at least two people to merge."
    ]


def test_every_change_is_kept_as_a_version_that_can_be_restored(superuser_client):
    person = make_person("Ada Lovelace", bio="First bio.")
    person.bio = "Second bio."
    person.save()
    first_version = person.history.earliest("history_date")
    url = reverse("admin:people_person_simple_history", args=[person.pk, first_version.pk])
    assert (
        superuser_client.get(reverse("admin:people_person_history", args=[person.pk])).status_code
        == 200
    )
    page = superuser_client.get(url)
    assert b"First bio." in page.content
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value not in (None, "") and name not in ("photo", "primary_subject", "user")
    }
    data["name_variants"] = "[]"
    data.update(
        {
            f"{prefix}-{key}": value
            for prefix in ("affiliations", "reported_metrics")
            for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()
        }
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.bio == "First bio."


# Admin login rate limiting.


def login(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_failed_logins_lock_that_username_from_that_address(client):
    make_user("editor", staff=True)
    for _ in range(5):
        assert b"Please enter the correct username" in login(client, "editor", "wrong").content
    response = login(client, "editor", "pw")
    assert response.status_code == 200
    assert b"Too many failed login attempts. Wait 15 minutes" in response.content
    assert "_auth_user_id" not in client.session


def test_the_lock_does_not_touch_other_addresses_or_usernames(client):
    make_user("editor", staff=True)
    make_user("other", staff=True)
    for _ in range(5):
        login(client, "editor", "wrong")
    assert login(client, "other", "pw").status_code == 302
    client.logout()
    assert login(client, "editor", "pw", address="10.0.0.2").status_code == 302


def test_a_successful_login_resets_the_count(client):
    make_user("editor", staff=True)
    for _ in range(4):
        login(client, "editor", "wrong")
    assert login(client, "editor", "pw").status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "editor", "wrong")
    assert login(client, "editor", "pw").status_code == 302


def test_the_lock_ends_when_the_window_expires(client, settings):
    settings.ADMIN_LOGIN_LOCKOUT_SECONDS = 60
    make_user("editor", staff=True)
    for _ in range(5):
        login(client, "editor", "wrong")
    assert b"Wait 1 minutes" in login(client, "editor", "pw").content
    cache.clear()  # what the cache does when the window's keys expire
    assert login(client, "editor", "pw").status_code == 302


def test_one_address_trying_many_usernames_is_locked_too(client, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    make_user("editor", staff=True)
    for name in ("a", "b", "c"):
        login(client, name, "wrong")
    assert b"Too many failed login attempts" in login(client, "editor", "pw").content


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    make_user("editor", staff=True)
    for _ in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.7",
        )
    forged = {"REMOTE_ADDR": "10.0.0.254", "HTTP_X_FORWARDED_FOR": "5.6.7.8, 192.0.2.7"}
    other = {"REMOTE_ADDR": "10.0.0.254", "HTTP_X_FORWARDED_FOR": "192.0.2.8"}
    data = {"username": "editor", "password": "pw"}
    assert b"Too many" in client.post(reverse("admin:login"), data, **forged).content
    assert client.post(reverse("admin:login"), data, **other).status_code == 302
