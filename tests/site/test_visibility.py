"""Unpublished papers are nowhere public; user-entered text is never markup."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from papers.models import Authorship
from tests.factories import make_paper, make_searchable

ATOM = "{http://www.w3.org/2005/Atom}"
EVIL = '<script>alert(1)</script> & "x"'


def public_pages(lab, paper_slug=None) -> list[str]:
    return [
        "/",
        "/people/",
        lab.member.get_absolute_url(),
        lab.coauthor.get_absolute_url(),
        "/papers/",
        "/papers/?q=zebra",
        "/venues/",
        "/institutions/",
        "/institutions/deepmind/",
        "/feeds/papers/",
        f"{lab.member.get_absolute_url()}feed/",
        "/sitemap-papers.xml",
        "/sitemap-venues.xml",
        "/sitemap-institutions.xml",
        "/papers/export/bibtex/",
    ]


def test_unpublished_paper_appears_on_no_public_page(client, lab, hidden):
    for url in public_pages(lab):
        html = client.get(url).content.decode()
        assert "Hidden draft zebra" not in html, url
        assert hidden.slug not in html, url
        assert "Secret Venue Of Drafts" not in html, url
        assert "secretinst" not in html, url


def test_unpublished_paper_urls_are_404(client, lab, hidden):
    assert client.get(hidden.get_absolute_url()).status_code == 404
    for extension in ("bib", "ris", "json"):
        assert client.get(f"/papers/{hidden.slug}.{extension}").status_code == 404


def test_unpublished_papers_do_not_count_in_figures_facets_or_coauthors(client, lab, hidden):
    assert Authorship.objects.person_metrics(lab.member).papers == 2
    assert Authorship.objects.person_metrics(lab.member).citations == 1
    html = client.get(lab.member.get_absolute_url()).content.decode()
    assert "2011" not in html  # the hidden paper's year is neither a facet nor a bar
    assert "cs.AI" not in html
    # The co-author shares one published paper; the hidden one does not count.
    assert 'Aäron van den Oord</a> <span class="count">1 paper</span>' in html
    # Someone whose only shared paper is hidden is not listed as a co-author.
    from tests.factories import make_person

    secret = make_person("Secret Coauthor")
    Authorship.objects.create(paper=hidden, position=5, name=secret.full_name, person=secret)
    assert "Secret Coauthor" not in client.get(lab.member.get_absolute_url()).content.decode()


def test_unpublished_paper_is_not_found_by_search(client, lab, hidden):
    html = client.get("/papers/", {"q": "zebra"}).content.decode()
    assert "0 papers found" in html


@pytest.fixture
def evil(lab):
    paper = make_paper(
        EVIL,
        authors=[lab.member, EVIL],
        abstract=EVIL,
        subjects=["cs.LG"],
    )
    make_searchable(paper)
    return paper


def test_script_title_renders_as_text_on_pages(client, lab, evil):
    for url in ["/", "/papers/", lab.member.get_absolute_url(), evil.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in html, url


def test_script_title_is_plain_text_in_meta_and_json_ld(client, lab, evil):
    html = client.get(evil.get_absolute_url()).content.decode()
    assert (
        '<meta name="citation_title" content="&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;">'
        in html
    )
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1  # the title could not close the script element early
    assert "<" not in blocks[0]
    data = json.loads(blocks[0])
    assert data["name"] == EVIL
    assert data["author"][1]["name"] == EVIL


def test_script_title_is_text_in_feeds(client, lab, evil):
    root = ET.fromstring(client.get("/feeds/papers/").content)
    entries = {e.find(f"{ATOM}title").text: e for e in root.iter(f"{ATOM}entry")}
    assert EVIL in entries
    summary = entries[EVIL].find(f"{ATOM}summary")
    # The summary is typed html, so its text must be escaped markup, not markup.
    assert summary.get("type") == "html"
    assert summary.text == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"
