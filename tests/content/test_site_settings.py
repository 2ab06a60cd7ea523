"""Site settings: one row, edited in the admin, read once per request by every page."""

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from config.demo import load_site_settings_demo
from config.models import SiteSettings
from tests.factories import make_paper, make_person, make_user

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def make_settings(**fields) -> SiteSettings:
    row = SiteSettings(**fields)
    row.save()
    return row


def image_upload(name: str = "logo.png", mode: str = "RGBA", fmt: str = "PNG", **save):
    out = io.BytesIO()
    Image.new(mode, (300, 200), (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30)).save(
        out, fmt, **save
    )
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def test_load_creates_the_one_row_and_returns_it_again():
    first = SiteSettings.load()
    assert first.pk == 1
    assert SiteSettings.load().pk == 1
    assert SiteSettings.objects.count() == 1


def test_current_reads_without_writing_when_there_is_no_row(django_assert_num_queries):
    with django_assert_num_queries(1):
        row = SiteSettings.current()
    assert row.pk == 1 and row._state.adding
    assert not SiteSettings.objects.exists()


def test_the_database_refuses_a_second_row():
    make_settings(name="One")
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteSettings.objects.bulk_create([SiteSettings(pk=2, name="Two")])


def test_saving_any_instance_writes_the_one_row():
    make_settings(name="One")
    SiteSettings(name="Two").save()
    assert list(SiteSettings.objects.values_list("pk", "name")) == [(1, "Two")]


def test_the_group_name_is_in_every_title_and_header(client):
    make_person("Ada Member", role="phd")
    make_settings(name="Vision & Learning Lab")
    for url in ["/", "/people/", "/papers/", "/venues/"]:
        html = client.get(url).content.decode()
        assert re.search(r"<title>[^<]*Vision &amp; Learning Lab</title>", html), url
        assert '<a class="site-name" href="/">Vision &amp; Learning Lab</a>' in html


def test_the_site_name_setting_is_the_fallback_while_the_name_is_empty(client, settings):
    settings.SITE_NAME = "Fallback Lab"
    assert "<title>Fallback Lab</title>" in client.get("/").content.decode()
    make_settings(tagline="No name yet")
    assert "<title>Fallback Lab</title>" in client.get("/").content.decode()


def test_a_change_shows_on_the_next_request(client):
    row = make_settings(name="Before")
    assert "Before" in client.get("/").content.decode()
    row.name = "After"
    row.save()
    html = client.get("/").content.decode()
    assert "After" in html and "Before" not in html


def test_the_home_page_shows_tagline_and_rendered_introduction(client):
    make_settings(tagline="We learn.", intro="# Our work\n\nSee $a*b*c$ and **more**.")
    html = client.get("/").content.decode()
    assert '<p class="lead">We learn.</p>' in html
    assert '<div class="prose tex"><h2>Our work</h2>' in html
    assert "$a*b*c$" in html and "<strong>more</strong>" in html


def test_hostile_markdown_in_the_settings_is_harmless(client):
    evil = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![d](data:text/html,x)"
    make_settings(intro=evil, footer=evil, funding=evil)
    html = client.get("/").content.decode()
    assert "<script>alert" not in html
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert 'href="javascript:' not in html and 'src="data:' not in html


def test_footer_shows_footer_funding_contact_and_links(client):
    make_settings(
        footer="Made by the *group*.",
        funding="Funded by the [Example Council](https://council.example/).",
        email="lab@example.org",
        address="1 Example Road\nCambridge",
        github_url="https://github.com/example-lab",
        orcid_url="https://orcid.org/0000-0002-1825-0097",
    )
    html = client.get("/people/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert "Made by the <em>group</em>." in footer
    assert 'href="https://council.example/" rel="noopener nofollow"' in footer
    assert "lab@example.org" not in footer and "&#108;&#97;&#98;&#64;" in footer
    assert "1 Example Road<br>Cambridge" in footer
    assert '<a href="https://github.com/example-lab" rel="me noopener">GitHub</a>' in footer
    assert ">ORCID</a>" in footer


def test_the_home_page_describes_the_group_as_a_schema_org_organization(client):
    make_settings(
        name="Example Lab",
        short_name="ELab",
        tagline="We learn </script> things.",
        github_url="https://github.com/example-lab",
    )
    html = client.get("/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block[1])
    assert data["@type"] == "Organization"
    assert data["name"] == "Example Lab" and data["alternateName"] == "ELab"
    assert data["description"] == "We learn </script> things."
    assert data["url"] == "http://testserver/"
    assert data["sameAs"] == ["https://github.com/example-lab"]


def test_social_tags_name_the_site_and_use_the_default_card(client):
    make_settings(name="Card Lab", social_image=image_upload("card.jpg", "RGB", "JPEG"))
    html = client.get("/").content.decode()
    assert '<meta property="og:site_name" content="Card Lab">' in html
    assert re.search(
        r'<meta property="og:image" content="http://testserver/media/site/card[^"]*\.jpg">', html
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_without_a_card_image_the_twitter_card_is_a_summary(client):
    html = client.get("/").content.decode()
    assert '<meta name="twitter:card" content="summary">' in html
    assert "og:image" not in html


def test_feed_titles_use_the_group_name(client):
    person = make_person("Ada Member", role="phd")
    make_paper("A paper", authors=[person])
    make_settings(name="Feed Lab")
    feed = ET.fromstring(client.get("/feeds/papers/").content)
    assert feed.find(f"{ATOM}title").text == "Feed Lab: new papers"
    assert feed.find(f"{ATOM}subtitle").text == "The latest papers of Feed Lab."
    assert len(feed.findall(f"{ATOM}entry")) == 1
    feed = ET.fromstring(client.get(f"{person.get_absolute_url()}feed/").content)
    assert feed.find(f"{ATOM}subtitle").text == "The latest papers of Ada Member on Feed Lab."


def test_every_use_on_a_page_shares_one_query(client, django_assert_num_queries):
    make_settings(name="Q Lab", tagline="t", footer="f", funding="g", email="a@b.org")
    # venues; site settings (title, header, meta, footer, JSON-LD share it); sections with
    # content; main-menu pages
    with django_assert_num_queries(4):
        assert client.get("/venues/").status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("github_url", "https://gitlab.com/example"),
        ("github_url", "https://github.com.evil.example/x"),
        ("scholar_url", "https://example.org/citations?user=x"),
        ("orcid_url", "https://orcid.org/0000-0002-1825-0098"),
        ("bluesky_url", "https://example.org/profile/x"),
        ("x_url", "https://example.org/x"),
        ("youtube_url", "https://vimeo.com/x"),
        ("linkedin_url", "https://example.org/in/x"),
        ("mastodon_url", "ftp://mastodon.social/@x"),
        ("github_url", "javascript:alert(1)"),
    ],
)
def test_links_must_point_at_their_service(field, value):
    with pytest.raises(ValidationError) as error:
        SiteSettings(pk=1, **{field: value}).full_clean()
    assert field in error.value.message_dict


def test_links_on_their_service_are_accepted():
    SiteSettings(
        pk=1,
        github_url="https://github.com/example",
        scholar_url="https://scholar.google.com/citations?user=abc",
        orcid_url="https://orcid.org/0000-0002-1825-0097",
        bluesky_url="https://bsky.app/profile/lab.example.org",
        mastodon_url="https://sigmoid.social/@lab",
        x_url="https://twitter.com/lab",
        youtube_url="https://www.youtube.com/@lab",
        linkedin_url="https://www.linkedin.com/company/lab",
    ).full_clean()


@pytest.mark.parametrize("field", ["name", "tagline", "intro", "footer", "address"])
def test_control_characters_are_refused(field):
    with pytest.raises(ValidationError) as error:
        SiteSettings(pk=1, **{field: "bad\x00value\x07"}).full_clean()
    assert field in error.value.message_dict


def test_oversized_text_is_refused():
    with pytest.raises(ValidationError) as error:
        SiteSettings(pk=1, name="x" * 121, intro="y" * 100_001).full_clean()
    assert {"name", "intro"} <= set(error.value.message_dict)


def test_images_are_validated_and_re_encoded():
    row = make_settings(
        logo=image_upload("logo.png", "RGBA", "PNG"),
        favicon=image_upload("icon.gif", "RGB", "GIF"),
    )
    assert row.logo.name.endswith(".png") and row.favicon.name.endswith(".jpg")
    with Image.open(row.logo.path) as logo:
        assert logo.format == "PNG" and logo.mode == "RGBA"
    with Image.open(row.favicon.path) as icon:
        assert icon.format == "JPEG" and max(icon.size) <= 256


def test_re_encoding_drops_the_photo_metadata():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    row = make_settings(logo=image_upload("me.jpg", "RGB", "JPEG", exif=exif.tobytes()))
    with open(row.logo.path, "rb") as stored:
        assert b"SecretCam" not in stored.read()


def test_a_file_that_is_not_an_image_is_refused():
    upload = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)></svg>")
    with pytest.raises(ValidationError) as error:
        SiteSettings(pk=1, logo=upload).full_clean()
    assert "logo" in error.value.message_dict


def test_the_admin_shows_one_row_without_add_or_delete(client):
    client.force_login(make_user(superuser=True))
    html = client.get("/admin/site/sitesettings/").content.decode()
    assert SiteSettings.objects.count() == 1
    assert 'href="/admin/site/sitesettings/1/change/"' in html
    client.get("/admin/site/sitesettings/")
    assert SiteSettings.objects.count() == 1
    assert client.get("/admin/site/sitesettings/add/").status_code == 403
    assert client.get("/admin/site/sitesettings/1/delete/").status_code == 403
    assert client.get("/admin/site/sitesettings/1/change/").status_code == 200
    assert client.get("/admin/site/sitesettings/1/history/").status_code == 200


def test_editing_in_the_admin_renders_the_markdown_and_keeps_history(client):
    client.force_login(make_user(superuser=True))
    make_settings(name="Old")
    form = client.get("/admin/site/sitesettings/1/change/").context["adminform"].form
    data = {
        name: form[name].value() or ""
        for name in form.fields
        if name not in {"logo", "favicon", "social_image"}
    }
    data.update(name="New Lab", intro="Hello *world*.")
    response = client.post("/admin/site/sitesettings/1/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    row = SiteSettings.objects.get()
    assert row.intro_html == "<p>Hello <em>world</em>.</p>"
    assert row.history.count() == 2


def test_the_demo_fills_the_settings_once_and_never_overwrites_them():
    assert load_site_settings_demo() == 1
    row = SiteSettings.objects.get()
    assert row.name and row.short_name and row.tagline
    assert "demo" in row.intro.lower()
    row.name = "Edited"
    row.save()
    assert load_site_settings_demo() == 0
    assert SiteSettings.objects.get().name == "Edited"
