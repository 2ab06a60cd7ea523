"""What machines read: Scholar meta tags, JSON-LD, citation downloads, feeds, sitemap."""

import json
import re
import xml.etree.ElementTree as ET

import bibtexparser
import pytest
import rispy

from papers.models import Authorship
from people.models import Institution
from tests.factories import make_paper

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def meta(html: str, name: str) -> list[str]:
    return re.findall(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)">', html)


def test_paper_page_has_google_scholar_tags_in_author_order(client, lab):
    paper = lab.papers[1]
    paper.doi, paper.arxiv_id, paper.pdf_url = "10.1234/abc", "2401.01234", "https://x.org/a.pdf"
    paper.save()
    html = client.get(paper.get_absolute_url()).content.decode()
    assert meta(html, "citation_title") == ["Learning paper 1 with 2× speed"]
    assert meta(html, "citation_author") == ["Aäron van den Oord", "Gemma Team", "Oriol Vinyals"]
    assert meta(html, "citation_publication_date") == ["2019/02/02"]
    assert meta(html, "citation_conference_title") == ["Neural Information Processing Systems"]
    assert meta(html, "citation_doi") == ["10.1234/abc"]
    assert meta(html, "citation_arxiv_id") == ["2401.01234"]
    assert meta(html, "citation_pdf_url") == ["https://x.org/a.pdf"]
    assert meta(html, "citation_abstract") == ["We study NIR number 1."]
    assert meta(html, "og:title") == ["Learning paper 1 with 2× speed"]
    assert meta(html, "og:type") == ["article"]


def test_json_ld_lists_every_author_with_orcid_and_affiliation(client, lab):
    lab.coauthor.orcid = "0000-0002-1825-0097"
    lab.coauthor.save()
    paper = lab.papers[1]
    authorship = Authorship.objects.get(paper=paper, person=lab.coauthor)
    authorship.institutions.add(Institution.objects.get(short_name="cambridge"))
    data = json_ld(client.get(paper.get_absolute_url()).content.decode())
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"] == "Learning paper 1 with 2× speed"
    assert [a["name"] for a in data["author"]] == [
        "Aäron van den Oord",
        "Gemma Team",
        "Oriol Vinyals",
    ]
    first = data["author"][0]
    assert first["@id"] == "https://orcid.org/0000-0002-1825-0097"
    assert first["sameAs"] == ["https://orcid.org/0000-0002-1825-0097"]
    assert first["affiliation"] == [{"@type": "Organization", "name": "University of Cambridge"}]
    assert data["datePublished"] == "2019-02-02"


def test_coins_span_carries_title_and_authors(client, lab):
    html = client.get(lab.papers[0].get_absolute_url()).content.decode()
    coins = re.search(r'<span class="Z3988" title="([^"]*)"', html).group(1)
    assert "ctx_ver=Z39.88-2004" in coins
    assert "rft.atitle=Learning+paper+0" in coins and "rft.au=" in coins


def test_citation_downloads_parse_back(client, lab):
    paper = lab.papers[0]
    bib = client.get(f"/papers/{paper.slug}.bib")
    assert bib.status_code == 200 and "attachment" in bib["Content-Disposition"]
    library = bibtexparser.parse_string(bib.content.decode())
    assert len(library.entries) == 1
    assert "Learning paper 0" in library.entries[0]["title"]
    ris = rispy.loads(client.get(f"/papers/{paper.slug}.ris").content.decode())
    assert len(ris) == 1 and "Learning paper 0" in ris[0]["title"]
    items = json.loads(client.get(f"/papers/{paper.slug}.json").content)
    assert items[0]["title"].startswith("Learning paper 0")
    assert {"type", "author", "issued"} <= set(items[0])


def test_export_of_the_current_filter_parses_back(client, big_lab):
    response = client.get("/papers/export/bibtex/", {"q": "learning", "subject": "cs.CL"})
    assert response.status_code == 200
    assert len(bibtexparser.parse_string(response.content.decode()).entries) == 67
    ris = rispy.loads(client.get("/papers/export/ris/", {"subject": "cs.CV"}).content.decode())
    assert len(ris) == 66
    items = json.loads(client.get("/papers/export/csljson/", {"has_code": "true"}).content)
    assert len(items) == 67
    assert client.get("/papers/export/docx/").status_code == 404


def test_papers_feed_is_atom_with_plain_text_entries(client, lab):
    response = client.get("/feeds/papers/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    titles = [e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")]
    assert sorted(titles) == ["Learning paper 0 with 2× speed", "Learning paper 1 with 2× speed"]


def test_person_feed_lists_only_their_papers(client, lab):
    make_paper("Someone else's paper", authors=["Nobody"])
    root = ET.fromstring(client.get(f"{lab.member.get_absolute_url()}feed/").content)
    assert root.tag == f"{ATOM}feed"
    assert len(list(root.iter(f"{ATOM}entry"))) == 2
    assert client.get("/people/nobody-at-all/feed/").status_code == 404


def test_sitemap_index_leads_to_sections_listing_people_and_papers(client, lab):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    locations = []
    for section in [loc.text for loc in root.iter(f"{SITEMAP}loc")]:
        response = client.get(section.removeprefix("http://testserver"))
        assert response.status_code == 200
        section_root = ET.fromstring(response.content)
        assert section_root.tag == f"{SITEMAP}urlset"
        locations += [loc.text for loc in section_root.iter(f"{SITEMAP}loc")]
    assert f"http://testserver{lab.member.get_absolute_url()}" in locations
    assert f"http://testserver{lab.outsider.get_absolute_url()}" in locations
    assert f"http://testserver{lab.papers[0].get_absolute_url()}" in locations
    assert "http://testserver/venues/neurips/" in locations
    assert "http://testserver/institutions/deepmind/" in locations


# (url, queries, what they are) for the machine-readable pages; lab is the 2- or 200-paper lab.
MACHINE_PAGES = [
    ("/feeds/papers/", 6, "site settings; newest papers + 4 card prefetches"),
    ("{member}feed/", 7, "person; site settings; their newest papers + 4 card prefetches"),
    (
        "/sitemap.xml",
        16,
        "count of each of 9 sections; newest change of papers, people, pages, news, openings, "
        "projects, talks",
    ),
    ("/sitemap-papers.xml", 2, "count; one page of papers"),
    ("/sitemap-people.xml", 2, "count; one page of people"),
    ("{paper}.bib", 6, "paper + 4 card prefetches + topics"),
    ("/papers/export/ris/?subject=cs.LG", 5, "matching papers + 4 card prefetches"),
    ("/robots.txt", 0, "none"),
]


@pytest.mark.parametrize(("url", "queries", "what"), MACHINE_PAGES)
@pytest.mark.parametrize("size", ["lab", "big_lab"])
def test_machine_readable_pages_have_constant_query_counts(
    request, client, django_assert_num_queries, size, url, queries, what
):
    lab = request.getfixturevalue(size)
    url = url.format(
        member=lab.member.get_absolute_url(), paper=lab.papers[0].get_absolute_url()[:-1]
    )
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_unapi_lists_formats_and_serves_records(client, lab, hidden):
    paper = lab.papers[0]
    html = client.get(lab.member.get_absolute_url()).content.decode()
    assert '<link rel="unapi-server" type="application/xml" title="unAPI" href="/unapi/">' in html
    assert f'<abbr class="unapi-id" title="{paper.slug}"></abbr>' in html
    formats = ET.fromstring(client.get("/unapi/").content)
    assert [f.get("name") for f in formats] == ["bibtex", "ris"]
    response = client.get("/unapi/", {"id": paper.slug})
    assert response.status_code == 300
    assert ET.fromstring(response.content).get("id") == paper.slug
    bib = client.get("/unapi/", {"id": paper.slug, "format": "bibtex"})
    assert bib.status_code == 200
    assert len(bibtexparser.parse_string(bib.content.decode()).entries) == 1
    ris = client.get("/unapi/", {"id": paper.slug, "format": "ris"}).content.decode()
    assert rispy.loads(ris)[0]["title"].startswith("Learning paper 0")
    assert client.get("/unapi/", {"id": paper.slug, "format": "mods"}).status_code == 406
    assert client.get("/unapi/", {"id": hidden.slug, "format": "bibtex"}).status_code == 404
    assert client.get("/unapi/", {"id": hidden.slug}).status_code == 404
