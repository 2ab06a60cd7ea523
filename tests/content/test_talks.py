"""Talks: the model (time zones, upcoming and past), the pages, the iCalendar feed, profiles,
the admin's member rules, the API and the sitemap."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.demo import load_talks_demo
from config.models import Talk, TalkSpeaker
from people.models import Person
from tests.factories import admin_form_data, make_paper, make_person, make_user

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PARIS = ZoneInfo("Europe/Paris")


def make_talk(title: str = "A talk", *, speakers=(), papers=(), **fields) -> Talk:
    """A published talk in a week (Paris time) unless told otherwise; speakers in order."""
    fields.setdefault("is_published", True)
    fields.setdefault("time_zone", "Europe/Paris")
    fields.setdefault("start", timezone.now() + timedelta(days=7))
    talk = Talk.objects.create(title=title, **fields)
    for order, person in enumerate(speakers):
        TalkSpeaker.objects.create(talk=talk, person=person, order=order)
    talk.papers.set(papers)
    return talk


def build_talks(n: int) -> list[Talk]:
    """n upcoming and n past talks, each with two speakers and a paper."""
    now = timezone.now()
    talks = []
    for i in range(n):
        people = [make_person(role="phd"), make_person(role="phd")]
        paper = make_paper(authors=people)
        for sign, label in ((1, "Future"), (-1, "Past")):
            talks.append(
                make_talk(
                    f"{label} talk {i}",
                    speakers=people,
                    papers=[paper],
                    start=now + sign * timedelta(days=10 + i),
                    event=f"Workshop {i}",
                    place="Paris",
                )
            )
    return talks


@pytest.fixture(autouse=True)
def _empty_cache():
    """API throttles count in the cache; pages may be cached."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(params=[2, 8], ids=["small", "large"])
def size(request) -> int:
    return request.param


# The model


def test_the_slug_comes_from_the_title_and_the_abstract_is_rendered_once_on_save():
    first = make_talk("Attention, please!", abstract="# Plan\n\nWe *listen*.")
    second = make_talk("Attention, please!")
    assert (first.slug, second.slug) == ("attention-please", "attention-please-2")
    assert first.get_absolute_url() == "/talks/attention-please/"
    stored = Talk.objects.values_list("abstract_html", flat=True).get(pk=first.pk)
    assert "<h2>Plan</h2>" in stored and "<em>listen</em>" in stored


def test_an_unknown_time_zone_is_refused_and_a_known_one_gives_local_times():
    talk = Talk(title="Zoned", start=datetime(2030, 7, 1, 12, 0, tzinfo=UTC), time_zone="Mars/Base")
    with pytest.raises(ValidationError) as error:
        talk.full_clean()
    assert "time_zone" in error.value.message_dict
    for bad in ("", "../etc/passwd", "Europe/Nowhere"):
        talk.time_zone = bad
        with pytest.raises(ValidationError):
            talk.full_clean()
    talk.time_zone = "Europe/Paris"
    talk.full_clean()
    assert talk.local_start().hour == 14  # summer time: UTC+2


def test_control_characters_and_an_end_before_the_start_are_refused():
    start = datetime(2030, 1, 1, 10, tzinfo=UTC)
    with pytest.raises(ValidationError):
        Talk(title="Bad\x00title", start=start).full_clean()
    with pytest.raises(ValidationError):
        Talk(title="Ok", start=start, guest_speakers="Ann\x1bBob").full_clean()
    with pytest.raises(ValidationError) as error:
        Talk(title="Ok", start=start, end=start - timedelta(hours=1)).full_clean()
    assert "end" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        make_talk("Backwards", start=start, end=start - timedelta(hours=1))


def test_upcoming_and_past_split_on_the_end_or_the_start():
    now = datetime(2030, 6, 1, 12, tzinfo=UTC)
    hour = timedelta(hours=1)
    later = make_talk("Later", start=now + 48 * hour)
    soon = make_talk("Soon", start=now + hour)
    running = make_talk("Running", start=now - hour, end=now + hour)
    over = make_talk("Over", start=now - 3 * hour, end=now - 2 * hour)
    long_ago = make_talk("Long ago", start=now - 100 * hour)
    assert list(Talk.objects.upcoming(now)) == [running, soon, later]
    assert list(Talk.objects.past(now)) == [over, long_ago]


def test_of_person_and_published_select_a_speakers_shown_talks():
    ada, bob = make_person("Ada Lovelace"), make_person("Bob Babbage")
    shared = make_talk("Shared", speakers=[ada, bob])
    make_talk("Bob's", speakers=[bob])
    make_talk("Ada's draft", speakers=[ada], is_published=False)
    assert list(Talk.objects.published().of_person(ada)) == [shared]
    with pytest.raises(IntegrityError), transaction.atomic():
        TalkSpeaker.objects.create(talk=shared, person=ada, order=5)


# Pages


def test_talks_page_lists_upcoming_soonest_first_then_past_latest_first(client):
    now = timezone.now()
    make_talk("Next month", start=now + timedelta(days=30))
    make_talk("Next week", start=now + timedelta(days=7))
    make_talk("Last year", start=now - timedelta(days=365))
    make_talk("Last week", start=now - timedelta(days=7))
    make_talk("Draft", is_published=False)
    html = client.get(reverse("talk_list")).content.decode()
    upcoming, past = html.split('id="upcoming-heading"')[1].split('id="past-heading"')
    assert upcoming.index("Next week") < upcoming.index("Next month")
    assert past.index("Last week") < past.index("Last year")
    assert "Next" not in past and "Last" not in upcoming and "Draft" not in html
    assert reverse("talk_calendar") in html


def test_talks_page_query_count_is_constant(client, size, django_assert_num_queries):
    build_talks(size)
    # upcoming talks; their speakers with people; past talks; their speakers with people;
    # site settings; sections with content; main-menu pages
    with django_assert_num_queries(7):
        response = client.get(reverse("talk_list"))
    assert response.content.decode().count("<li><time") == 2 * size


def test_talk_page_query_count_is_constant(client, size, django_assert_num_queries):
    talk = build_talks(size)[0]
    talk.papers.add(*[make_paper() for _ in range(size)])
    # talk; speakers with people; published papers + 4 card prefetches; site settings;
    # sections with content; main-menu pages
    with django_assert_num_queries(10):
        response = client.get(talk.get_absolute_url())
    assert response.status_code == 200


def test_talk_page_shows_speakers_local_time_with_zone_links_and_published_papers(client):
    ada = make_person("Ada Lovelace")
    paper, draft = make_paper("Engines paper"), make_paper("Draft paper", is_published=False)
    talk = make_talk(
        "Engines",
        speakers=[ada],
        guest_speakers="Charles Babbage\n\n  Mary Somerville \n",
        papers=[paper, draft],
        event="Analytical Society",
        place="Paris",
        kind=Talk.Kind.KEYNOTE,
        start=datetime(2031, 3, 2, 9, 30, tzinfo=UTC),
        end=datetime(2031, 3, 2, 10, 15, tzinfo=UTC),
        slides_url="https://example.org/slides.pdf",
    )
    html = client.get(talk.get_absolute_url()).content.decode()
    assert (
        f'<a href="{ada.get_absolute_url()}">Ada Lovelace</a>, Charles Babbage, Mary Somerville'
        in html
    )
    assert "Sunday 2 March 2031, 10:30" in html and "11:15" in html  # Paris is UTC+1 in March
    assert "(Europe/Paris)" in html and 'datetime="2031-03-02T10:30:00+01:00"' in html
    assert "Keynote" in html and "Analytical Society" in html
    assert 'href="https://example.org/slides.pdf"' in html
    assert "Engines paper" in html and "Draft paper" not in html


def test_an_unpublished_talk_is_a_404(client):
    talk = make_talk("Secret", is_published=False)
    assert client.get(talk.get_absolute_url()).status_code == 404
    assert client.get("/talks/nothing-here/").status_code == 404


def test_hostile_markdown_in_the_abstract_is_harmless(client):
    abstract = (
        "<script>alert(1)</script>\n\n"
        '<img src="x" onerror="alert(2)">\n\n'
        "[click](javascript:alert(3)) and [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
        "![pic](data:image/svg+xml;base64,PHN2Zz4=)"
    )
    talk = make_talk("Hostile", abstract=abstract)
    html = client.get(talk.get_absolute_url()).content.decode()
    prose = html.split('<div class="prose tex">', 1)[1].split("</div>", 1)[0]
    # Raw HTML is shown as text; no tag, handler or dangerous URL survives.
    assert "<script" not in prose and "<img" not in prose
    assert "&lt;script&gt;" in prose and "&lt;img" in prose
    for attribute in ('href="javascript:', 'href="data:', 'src="data:'):
        assert attribute not in prose
    calendar = Calendar.from_ical(client.get(reverse("talk_calendar")).content)
    # The feed's description is the abstract's text: the raw HTML as written, never markup.
    description = str(calendar.events[0]["DESCRIPTION"])
    assert description.startswith("<script>alert(1)</script>")


def test_a_profile_lists_the_persons_published_talks(client):
    ada = make_person("Ada Lovelace", role="pi")
    make_talk("Engines for everyone", speakers=[ada], event="Royal Society")
    make_talk("Unannounced", speakers=[ada], is_published=False)
    html = client.get(ada.get_absolute_url()).content.decode()
    assert '<h2 id="talks-heading">Talks</h2>' in html
    assert "Engines for everyone" in html and "Royal Society" in html
    assert "Unannounced" not in html
    other = make_person("Nobody Special", role="phd")
    assert "talks-heading" not in client.get(other.get_absolute_url()).content.decode()


def test_the_menu_shows_talks_only_when_one_is_published(client):
    make_talk("Draft", is_published=False)
    assert f'href="{reverse("talk_list")}"' not in client.get("/people/").content.decode()
    make_talk("Shown")
    assert f'href="{reverse("talk_list")}"' in client.get("/people/").content.decode()


# The iCalendar feed


def test_the_calendar_holds_upcoming_published_talks_with_zones(client, django_assert_num_queries):
    ada = make_person("Ada Lovelace")
    soon = make_talk(
        "Soon",
        speakers=[ada],
        guest_speakers="Charles Babbage",
        start=datetime(2031, 7, 1, 8, 0, tzinfo=UTC),
        end=datetime(2031, 7, 1, 9, 0, tzinfo=UTC),
        event="Summer school",
        place="Paris",
        abstract="We **build** engines.",
    )
    utc = make_talk("In UTC", time_zone="UTC", start=datetime(2031, 8, 1, 12, tzinfo=UTC))
    make_talk("Over", start=timezone.now() - timedelta(days=3))
    make_talk("Draft", is_published=False)
    # site settings; upcoming talks; their speakers with people
    with django_assert_num_queries(3):
        response = client.get(reverse("talk_calendar"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]).endswith(": talks")
    events = calendar.events
    assert [str(e["SUMMARY"]) for e in events] == ["Soon", "In UTC"]
    assert [str(e["UID"]) for e in events] == [
        f"talk-{soon.pk}@testserver",
        f"talk-{utc.pk}@testserver",
    ]
    start = events[0].decoded("DTSTART")
    assert start == datetime(2031, 7, 1, 10, 0, tzinfo=PARIS)
    assert events[0]["DTSTART"].params["TZID"] == "Europe/Paris"
    assert events[0].decoded("DTEND") == datetime(2031, 7, 1, 9, 0, tzinfo=UTC)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Paris"]
    assert events[1].decoded("DTSTART").utcoffset() == timedelta(0)
    assert str(events[0]["LOCATION"]) == "Summer school, Paris"
    assert str(events[0]["DESCRIPTION"]) == "Ada Lovelace, Charles Babbage\n\nWe build engines."
    assert str(events[0]["URL"]) == f"http://testserver{soon.get_absolute_url()}"
    assert "DTSTAMP" in events[0]


def test_the_calendar_zone_rules_cover_talks_after_2038(client):
    make_talk("Far ahead", start=datetime(2045, 1, 10, 9, tzinfo=UTC))
    calendar = Calendar.from_ical(client.get(reverse("talk_calendar")).content)
    assert calendar.events[0].decoded("DTSTART") == datetime(2045, 1, 10, 10, tzinfo=PARIS)
    # The zone's rules span a year either side of the talks (not icalendar's 1970-2038).
    assert "from 2044-01-10 to 2046-01-11" in str(calendar.timezones[0]["COMMENT"])


def test_the_calendar_query_count_is_constant(client, size, django_assert_num_queries):
    build_talks(size)
    # site settings; upcoming talks; their speakers with people
    with django_assert_num_queries(3):
        response = client.get(reverse("talk_calendar"))
    assert len(Calendar.from_ical(response.content).events) == size


# Admin


# The start and end are split into a date and a time input each.
TIME_FIELDS = {"start_0": "2031-01-15", "start_1": "14:00:00", "end_0": "", "end_1": ""}


@pytest.fixture
def member():
    return make_person("Ada Lovelace", role="phd", user=make_user("ada", staff=True))


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


def test_a_member_sees_and_edits_only_the_talks_they_give(member_client, member):
    mine = make_talk("Ada speaks", speakers=[member], is_published=False)
    theirs = make_talk("Someone else speaks", speakers=[make_person("Someone Else")])
    response = member_client.get(reverse("admin:site_talk_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
    assert member_client.get(reverse("admin:site_talk_change", args=[theirs.pk])).status_code == 302
    member_client.post(reverse("admin:site_talk_change", args=[theirs.pk]), {"title": "Hijacked"})
    theirs.refresh_from_db()
    assert theirs.title == "Someone else speaks"

    url = reverse("admin:site_talk_change", args=[mine.pk])
    page = member_client.get(url)
    assert 'name="is_published"' not in page.content.decode()
    data = admin_form_data(page, title="Ada speaks again", place="Turin", **TIME_FIELDS)
    data["is_published"] = "on"
    assert member_client.post(url, data).status_code == 302
    mine.refresh_from_db()
    assert (mine.title, mine.place, mine.is_published) == ("Ada speaks again", "Turin", False)


def test_a_member_adds_a_talk_they_give_in_its_own_time_zone(member_client, member):
    url = reverse("admin:site_talk_add")
    page = member_client.get(url)
    assert page.status_code == 200
    data = admin_form_data(
        page,
        title="My seminar",
        kind="seminar",
        time_zone="America/New_York",
        start_0="2031-01-15",
        start_1="14:00:00",
    )
    data["is_published"] = "on"
    assert member_client.post(url, data).status_code == 302
    talk = Talk.objects.get(title="My seminar")
    assert talk.is_published is False
    assert [s.person for s in talk.speakers.all()] == [member]
    assert talk.start == datetime(2031, 1, 15, 19, 0, tzinfo=UTC)  # 14:00 in New York
    assert talk.history.count() == 1
    # The change page shows the time as typed, in the talk's zone.
    html = member_client.get(reverse("admin:site_talk_change", args=[talk.pk])).content.decode()
    assert 'value="14:00:00"' in html


def test_the_admin_refuses_an_unknown_time_zone(member_client):
    url = reverse("admin:site_talk_add")
    data = admin_form_data(
        member_client.get(url),
        title="Lost",
        time_zone="Atlantis/Capital",
        start_0="2031-01-15",
        start_1="14:00:00",
    )
    response = member_client.post(url, data)
    assert response.status_code == 200 and "time_zone" in response.context["adminform"].form.errors
    assert not Talk.objects.exists()


def test_an_editor_publishes_any_talk_and_sees_its_history(client):
    editor = make_user("editor", staff=True)
    for codename in ("view_talk", "change_talk"):
        editor.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(editor)
    talk = make_talk("Someone's talk", speakers=[make_person("Someone")], is_published=False)
    url = reverse("admin:site_talk_change", args=[talk.pk])
    page = client.get(url)
    assert 'name="is_published"' in page.content.decode()
    data = admin_form_data(page, is_published="on", **TIME_FIELDS)
    assert client.post(url, data).status_code == 302
    talk.refresh_from_db()
    assert talk.is_published is True
    assert client.get(reverse("admin:site_talk_history", args=[talk.pk])).status_code == 200


# API


def test_the_api_lists_published_talks_for_anonymous_users(size, django_assert_num_queries):
    build_talks(size)
    hidden = make_talk("Hidden", is_published=False)
    api = APIClient()
    # count; talks; speakers with people; papers
    with django_assert_num_queries(4):
        data = api.get("/api/v1/talks/").json()
    assert data["count"] == 2 * size
    first = data["results"][0]
    assert [s["order"] for s in first["speakers"]] == [0, 1]
    assert first["speakers"][0]["person"]["slug"] and len(first["papers"]) == 1
    assert first["time_zone"] == "Europe/Paris"
    assert api.get(f"/api/v1/talks/{hidden.slug}/").status_code == 404


def test_the_api_filters_upcoming_talks_and_a_persons_talks():
    ada = make_person("Ada Lovelace")
    now = timezone.now()
    make_talk("Later", start=now + timedelta(days=9))
    make_talk("Sooner", start=now + timedelta(days=2), speakers=[ada])
    make_talk("Before", start=now - timedelta(days=2), speakers=[ada])
    api = APIClient()

    def titles(**params):
        return [t["title"] for t in api.get("/api/v1/talks/", params).json()["results"]]

    assert titles(upcoming="true") == ["Sooner", "Later"]
    assert titles(upcoming="false") == ["Before"]
    assert titles(person=ada.slug) == ["Sooner", "Before"]
    assert titles(person="nobody") == []


def test_api_writes_need_a_token_and_the_permission():
    api = APIClient()
    body = {
        "title": "New talk",
        "start": "2031-05-01T10:00:00+02:00",
        "time_zone": "Europe/Paris",
        "abstract": "# Aim",
    }
    assert api.post("/api/v1/talks/", body, format="json").status_code == 401
    user = make_user()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert api.post("/api/v1/talks/", body, format="json").status_code == 403
    user.user_permissions.set(Permission.objects.filter(codename__in=["add_talk", "change_talk"]))
    paper = make_paper()
    response = api.post("/api/v1/talks/", {**body, "papers": [paper.slug]}, format="json")
    assert response.status_code == 201, response.json()
    talk = Talk.objects.get(slug="new-talk")
    assert list(talk.papers.all()) == [paper] and talk.start == datetime(2031, 5, 1, 8, tzinfo=UTC)
    assert response.json()["abstract_html"] == "<h2>Aim</h2>"
    patch = api.patch("/api/v1/talks/new-talk/", {"time_zone": "Nowhere/Land"}, format="json")
    assert patch.status_code == 400 and "time_zone" in patch.json()
    patch = api.patch("/api/v1/talks/new-talk/", {"end": "2031-05-01T07:00:00Z"}, format="json")
    assert patch.status_code == 400 and "end" in patch.json()
    patch = api.patch("/api/v1/talks/new-talk/", {"title": "Bad\x00"}, format="json")
    assert patch.status_code == 400
    patch = api.patch("/api/v1/talks/new-talk/", {"is_published": True}, format="json")
    assert patch.status_code == 200 and Talk.objects.published().count() == 1


# Sitemap, demo


def test_sitemap_lists_published_talks_only(client):
    shown = make_talk("Shown")
    make_talk("Hidden", is_published=False)
    root = ET.fromstring(client.get("/sitemap-talks.xml").content)
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert locations == [f"http://testserver{shown.get_absolute_url()}"]


def test_demo_talks_load_once_with_one_upcoming_and_link_demo_people():
    oriol = Person.objects.create(full_name="Oriol Vinyals", slug="oriol-vinyals", role="pi")
    assert load_talks_demo() == 3
    assert load_talks_demo() == 0
    assert Talk.objects.count() == 3
    assert [t.title for t in Talk.objects.published().upcoming()] == [
        "Agents that plan in real time"
    ]
    assert list(Talk.objects.of_person(oriol)) == [
        Talk.objects.get(slug="agents-that-plan-in-real-time")
    ]
