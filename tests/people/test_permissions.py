"""Members (staff linked to a Person, without the global change permission) edit only their
own profile and the papers they author; editors with the permission edit everything."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from papers.models import Paper
from tests.factories import admin_form_data, make_paper, make_person, make_user, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    user = make_user("ada", staff=True)
    return make_person("Ada Lovelace", role="phd", user=user)


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


def test_a_member_sees_only_their_own_profile(member_client, member):
    make_person("Someone Else")
    response = member_client.get(reverse("admin:people_person_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [member]


def test_a_member_edits_their_profile_but_not_their_role_or_login(member_client, member):
    url = reverse("admin:people_person_change", args=[member.pk])
    page = member_client.get(url)
    assert page.status_code == 200
    data = admin_form_data(page, bio="Works on engines.", role="pi")
    assert member_client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.bio == "Works on engines."
    assert member.role == "phd"
    assert member.user.username == "ada"


def test_a_member_cannot_open_or_change_someone_elses_profile(member_client):
    other = make_person("Someone Else", bio="Theirs.")
    url = reverse("admin:people_person_change", args=[other.pk])
    assert member_client.get(url).status_code == 302  # "does not exist" for them
    member_client.post(url, {"full_name": "Hijacked", "bio": "Mine."})
    other.refresh_from_db()
    assert (other.full_name, other.bio) == ("Someone Else", "Theirs.")


def test_a_member_sees_and_edits_only_the_papers_they_author(member_client, member):
    mine = make_paper("Mine", authors=[member, "Charles Babbage"])
    make_paper("Not mine", authors=["Charles Babbage"])
    response = member_client.get(reverse("admin:papers_paper_changelist"))
    assert [p.title for p in response.context["cl"].result_list] == ["Mine"]

    url = reverse("admin:papers_paper_change", args=[mine.pk])
    page = member_client.get(url)
    data = admin_form_data(page, title="Mine, corrected", **{"authorships-1-name": "C. Babbage"})
    assert member_client.post(url, data).status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Mine, corrected"
    assert list(mine.authorships.values_list("name", flat=True)) == ["Ada Lovelace", "C. Babbage"]


def test_a_member_cannot_change_a_paper_they_do_not_author(member_client):
    other = make_paper("Not mine", authors=["Charles Babbage"])
    url = reverse("admin:papers_paper_change", args=[other.pk])
    assert member_client.get(url).status_code == 302
    member_client.post(url, {"title": "Hijacked"})
    other.refresh_from_db()
    assert other.title == "Not mine"


def test_a_member_can_neither_publish_nor_feature(member_client, member):
    mine = make_paper("Mine", authors=[member], is_published=False)
    page = member_client.get(reverse("admin:papers_paper_change", args=[mine.pk]))
    assert "is_published" not in page.context["adminform"].form.fields
    response = member_client.post(
        reverse("admin:papers_paper_changelist"),
        {"action": "publish", "_selected_action": [mine.pk]},
        follow=True,
    )
    actions = response.context["cl"].model_admin.get_actions(response.wsgi_request)
    assert {"publish", "hide", "feature", "unfeature"}.isdisjoint(actions)
    assert "export_bibtex" in actions
    assert Paper.objects.get(pk=mine.pk).is_published is False


def test_a_member_cannot_merge_people(member_client, member):
    response = member_client.get(reverse("admin:people_person_changelist"))
    assert "merge_people" not in response.context["cl"].model_admin.get_actions(
        response.wsgi_request
    )


def test_a_members_author_autocomplete_searches_everyone(member_client):
    make_person("Charles Babbage")
    response = member_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Babbage",
            "app_label": "papers",
            "model_name": "authorship",
            "field_name": "person",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Charles Babbage"]


def test_a_member_may_look_at_venues_but_not_change_them(member_client):
    venue = make_venue("Neural Information Processing Systems")
    url = reverse("admin:papers_venue_change", args=[venue.pk])
    page = member_client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert member_client.post(url, {"name": "Renamed", "kind": "other"}).status_code == 403


def test_staff_without_a_person_or_permissions_see_no_people(client):
    client.force_login(make_user(staff=True))
    assert client.get(reverse("admin:people_person_changelist")).status_code == 403
    assert client.get(reverse("admin:papers_paper_changelist")).status_code == 403


def test_an_editor_with_the_change_permission_sees_everyone_even_when_linked(client):
    user = make_user("editor", staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_person"))
    make_person("Editor Person", user=user)
    make_person("Someone Else")
    client.force_login(user)
    response = client.get(reverse("admin:people_person_changelist"))
    assert sorted(p.full_name for p in response.context["cl"].result_list) == [
        "Editor Person",
        "Someone Else",
    ]


def test_a_members_paper_page_costs_the_same_whatever_the_number_of_authors(member_client, member):
    def page_queries(authors: int) -> int:
        paper = make_paper(authors=[member, *[make_person() for _ in range(authors)]])
        url = reverse("admin:papers_paper_change", args=[paper.pk])
        member_client.get(url)  # warm the content-type cache
        with CaptureQueriesContext(connection) as queries:
            assert member_client.get(url).status_code == 200
        return len(queries)

    assert page_queries(2) == page_queries(20)
