"""Every public page: status, key content, and a query count that does not grow with data."""

import pytest

from config.models import SiteSettings
from people.models import Person
from tests.factories import make_person

# (fixture, label) pairs: the same page is measured with 2 and with 200 papers.
SIZES = ["lab", "big_lab"]


@pytest.fixture(params=SIZES)
def any_lab(request):
    return request.getfixturevalue(request.param)


def test_home_shows_members_featured_and_recent_papers(client, lab):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Oriol Vinyals" in html
    assert "Featured papers" in html and "Recent papers" in html
    assert "Learning paper 0" in html


def test_home_query_count_is_constant(client, any_lab, django_assert_num_queries):
    # current members; featured papers + 4 prefetches (authors, author institutions,
    # organisation tags, subjects); recent papers + the same 4 prefetches; latest news;
    # site settings; sections with content; main-menu pages
    with django_assert_num_queries(15):
        assert client.get("/").status_code == 200


def test_people_list_groups_members_by_role_then_alumni(client, lab):
    make_person("Grace Former", role="phd", left="2020-01-01", joined="2015-01-01")
    html = client.get("/people/").content.decode()
    assert html.index("Principal investigator") < html.index("Postdoctoral researcher")
    assert html.index("Postdoctoral researcher") < html.index("Alumni") < html.index("Grace Former")
    # Outside co-authors have profiles but are not listed as members.
    assert "Petar Veličković" not in html


def test_people_list_query_count_is_constant(client, any_lab, django_assert_num_queries):
    # members with their primary subject; site settings; sections with content; main-menu pages
    with django_assert_num_queries(4):
        assert client.get("/people/").status_code == 200


def test_profile_shows_identity_figures_and_reported_figures_apart(client, lab):
    html = client.get(lab.member.get_absolute_url()).content.decode()
    assert "<h1>Oriol Vinyals</h1>" in html
    assert 'title="Machine Learning"' in html  # primary subject label with its name
    assert "Principal investigator" in html
    assert "Research Scientist" in html and "DeepMind" in html
    assert "Figures from this site" in html
    assert "<h3>Reported</h3>" in html and "117" in html and "61 %" in html
    assert "profile.txt" in html
    assert 'aria-hidden="true">OV</span>' in html  # initials when there is no photo


def test_profile_draws_an_accessible_chart_with_the_numbers_as_a_table(client, lab):
    html = client.get(lab.member.get_absolute_url()).content.decode()
    assert 'role="img"' in html and '<title id="chart-title">' in html
    assert '<desc id="chart-desc">2 papers from 2018 to 2019' in html
    assert '<th scope="row">2018</th><td>1</td>' in html


def test_profile_cards_show_subject_date_code_authors_tags_and_abstract(client, lab):
    html = client.get(lab.member.get_absolute_url()).content.decode()
    assert '<abbr class="subject" title="Machine Learning">LG</abbr>' in html
    assert '<time datetime="2018-01-01">Jan 1, 2018</time>' in html
    assert "badge--code" in html
    assert '<strong class="author author--self">Oriol Vinyals</strong>' in html
    assert f'href="{lab.coauthor.get_absolute_url()}">Aäron van den Oord</a>' in html
    assert '<span class="author">Gemma Team</span>' in html
    assert ">deepmind</a>" in html and ">cambridge</a>" in html
    assert '<details class="abstract">' in html
    assert 'class="Z3988"' in html
    assert "Co-authors" in html and 'Aäron van den Oord</a> <span class="count">1 paper' in html


def test_profile_cuts_long_author_lists_but_keeps_the_person_visible(client, lab):
    from tests.factories import make_paper

    names = [f"Author {i}" for i in range(9)]
    make_paper("Big team paper", authors=[*names, lab.member], authors_complete=False)
    html = client.get(lab.member.get_absolute_url()).content.decode()
    card = html[html.index("Big team paper") :]
    card = card[: card.index("</article>")]
    assert "Author 4" in card and "Author 5" not in card
    assert ', …, <strong class="author author--self">Oriol Vinyals</strong>' in card
    assert "et al." in card


def test_profile_filters_by_year_and_subject_with_plain_links(client, lab):
    url = lab.member.get_absolute_url()
    html = client.get(url, {"year": 2019}).content.decode()
    assert "Learning paper 1" in html and "Learning paper 0" not in html
    assert 'href="?year=2019" aria-current="true">2019' in html
    html = client.get(url, {"subject": "cs.CL"}).content.decode()
    assert "Learning paper 1" in html and "Learning paper 0" not in html
    assert 'href="?subject=cs.CL" aria-current="true">' in html


def test_profile_paginates_cards_and_keeps_the_filter(client, big_lab):
    url = big_lab.member.get_absolute_url()
    html = client.get(url).content.decode()
    assert html.count('<article class="paper-card">') == 50
    assert 'href="?page=2"' in html
    html = client.get(url, {"year": 2018, "page": 2}).content.decode()
    # 200 papers over 7 years: 29 in 2018 fit on one page, so page 2 shows the last page.
    assert html.count('<article class="paper-card">') == 29
    html = client.get(url, {"subject": "cs.LG", "page": 1}).content.decode()
    assert 'href="?subject=cs.LG&amp;page=2"' in html


def test_profile_query_count_is_constant(client, any_lab, django_assert_num_queries):
    # person with subject; affiliations; year facet; subject facet; page count; metrics;
    # reported metrics; page of papers + 4 prefetches; co-authors with counts; news about
    # them; their projects; their talks; site settings; sections with content; main-menu pages
    with django_assert_num_queries(19):
        assert client.get(any_lab.member.get_absolute_url()).status_code == 200
    with django_assert_num_queries(19):
        response = client.get(any_lab.member.get_absolute_url(), {"year": 2019, "subject": "cs.CL"})
        assert response.status_code == 200


def test_outside_coauthors_have_profiles(client, lab):
    response = client.get(lab.outsider.get_absolute_url())
    assert response.status_code == 200
    assert "Petar Veličković" in response.content.decode()


def test_unknown_profile_is_a_friendly_404(client, db):
    response = client.get("/people/nobody-here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'href="/papers/"' in html


def test_papers_list_has_a_get_form_results_and_export_links(client, lab):
    html = client.get("/papers/").content.decode()
    assert '<form class="filters" method="get" action="/papers/"' in html
    assert "2 papers" in html
    assert 'href="/papers/export/bibtex/"' in html


def test_papers_list_filters_and_keeps_the_query_in_links(client, big_lab):
    html = client.get("/papers/", {"subject": "cs.CL", "has_code": "true"}).content.decode()
    # Subjects cycle LG, CL, CV and code is on every third paper: CL with code never happens.
    assert "0 papers found" in html
    html = client.get("/papers/", {"q": "learning", "subject": "cs.CL"}).content.decode()
    assert "67 papers found" in html
    assert 'href="/papers/export/ris/?q=learning&amp;subject=cs.CL"' in html
    assert 'href="?q=learning&amp;subject=cs.CL&amp;page=2"' in html
    assert '<option value="cs.CL" selected>' in html


def test_papers_search_finds_author_names_without_accents(client, lab):
    html = client.get("/papers/", {"q": "velickovic"}).content.decode()
    assert "Learning paper 0" in html and "Learning paper 1" not in html


def test_papers_list_query_count_is_constant(client, any_lab, django_assert_num_queries):
    # page count; page of papers + 4 prefetches; year facet; people of the person select;
    # subject, venue, institution and project choices (then cached); site settings; sections
    # with content; main-menu pages
    with django_assert_num_queries(15):
        assert client.get("/papers/").status_code == 200
    # the same without the cached choices
    with django_assert_num_queries(11):
        response = client.get("/papers/", {"q": "learning", "subject": "cs.LG", "sort": "title"})
        assert response.status_code == 200


def test_paper_page_shows_every_field_and_the_marks_legend(client, lab):
    from papers.models import Authorship

    paper = lab.papers[1]
    Authorship.objects.filter(paper=paper, person=lab.coauthor).update(
        equal_contribution=True, corresponding=True
    )
    html = client.get(paper.get_absolute_url()).content.decode()
    assert '<h1 class="tex">Learning paper 1 with $2\\times$ speed</h1>' in html
    assert "(equal contribution)" in html and "equal contribution</span>" in html
    assert "corresponding author" in html
    assert f'href="{paper.venue.get_absolute_url()}">Neural Information Processing Systems' in html
    assert "Conference paper" in html or "Journal article" in html
    assert 'class="abstract-text tex"' in html
    assert "@" in html and "BibTeX (.bib)" in html and "RIS (.ris)" in html
    assert "<strong>APA:</strong>" in html and "<strong>IEEE:</strong>" in html


def test_paper_page_query_count_is_constant(client, any_lab, django_assert_num_queries):
    # paper with venue and subject + 4 card prefetches + topics; news about it; its projects;
    # site settings; sections with content; main-menu pages
    with django_assert_num_queries(11):
        assert client.get(any_lab.papers[0].get_absolute_url()).status_code == 200


def test_venue_pages_list_venues_and_their_papers(client, any_lab, django_assert_num_queries):
    venue = any_lab.papers[0].venue
    # venues with their published-paper counts; site settings; sections with content;
    # main-menu pages
    with django_assert_num_queries(4):
        html = client.get("/venues/").content.decode()
    assert "Neural Information Processing Systems" in html
    # venue; page count; page of papers + 4 prefetches; site settings; sections with
    # content; main-menu pages
    with django_assert_num_queries(10):
        html = client.get(venue.get_absolute_url()).content.decode()
    assert "Learning paper 1" in html


def test_institution_pages_list_people_and_papers(client, any_lab, django_assert_num_queries):
    # institutions with member and paper counts; site settings; sections with content;
    # main-menu pages
    with django_assert_num_queries(4):
        html = client.get("/institutions/").content.decode()
    assert "DeepMind" in html
    # institution with parent; people; page count; page of papers + 4 prefetches;
    # site settings; sections with content; main-menu pages
    with django_assert_num_queries(11):
        html = client.get("/institutions/deepmind/").content.decode()
    assert "Oriol Vinyals" in html and "Learning paper" in html


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_server_error_page_renders_without_context_or_database():
    from django.template import loader

    # No db fixture: any query would raise here.
    html = loader.get_template("500.html").render()
    assert "Something went wrong" in html


def test_nav_marks_the_current_section(client, lab):
    html = client.get("/people/").content.decode()
    assert 'href="/people/" aria-current="page">People' in html
    assert Person.objects.count() == 3


def test_people_of_unknown_place_follow_the_cut_author_list_apart(client, lab):
    from papers.models import Authorship
    from tests.factories import make_paper

    paper = make_paper("Cut list paper", authors=["Karsten Roth", "Vishaal Udandarao"])
    paper.authors_complete = False
    paper.save()
    Authorship.objects.create(paper=paper, position=None, name="Oriol Vinyals", person=lab.member)
    html = client.get(lab.member.get_absolute_url()).content.decode()
    card = html[html.index("Cut list paper") :]
    card = card[: card.index("</article>")]
    assert (
        '<span class="author">Vishaal Udandarao</span> <span class="et-al">et al.</span> '
        '<span class="authors__extra">— including <strong class="author author--self">'
        "Oriol Vinyals</strong></span>"
    ) in card
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "Including, at an unknown place in the author list:" in html
    assert html.index('<li class="et-al">et al.</li>') < html.index("Including, at an unknown")


def test_figures_have_thousands_separators(client, lab):
    from papers.models import Paper

    Paper.objects.filter(pk=lab.papers[0].pk).update(citation_count=38985)
    html = client.get(lab.member.get_absolute_url()).content.decode()
    assert "<dt>Citations</dt><dd>38,986</dd>" in html


def test_home_shows_the_group_intro_from_the_site_settings(client, lab):
    SiteSettings(tagline="Learning & its data.", intro="This is a **demo** group.").save()
    html = client.get("/").content.decode()
    assert '<p class="lead">Learning &amp; its data.</p>' in html
    assert "<p>This is a <strong>demo</strong> group.</p>" in html


def test_profile_links_include_identifiers_and_an_obfuscated_email(client, lab):
    person = lab.member
    person.orcid = "0000-0002-1825-0097"
    person.google_scholar = "https://scholar.google.com/citations?user=abc"
    person.github = "https://github.com/example"
    person.email = "oriol@example.org"
    person.save()
    html = client.get(person.get_absolute_url()).content.decode()
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in html
    assert 'href="https://scholar.google.com/citations?user=abc"' in html
    assert ">GitHub</a>" in html
    assert "oriol@example.org" not in html
    assert "&#111;&#114;&#105;&#111;&#108;&#64;" in html


def test_bad_query_parameters_are_ignored_not_errors(client, lab):
    url = lab.member.get_absolute_url()
    assert client.get(url, {"year": "abc", "page": "zzz"}).status_code == 200
    response = client.get("/papers/", {"year_min": "abc", "page": "999", "kind": "nope"})
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()


def test_papers_search_finds_abstract_words(client, lab):
    html = client.get("/papers/", {"q": "NIR number"}).content.decode()
    assert "2 papers found" in html


def test_papers_filter_by_an_outside_person_keeps_them_selected(client, lab):
    html = client.get("/papers/", {"person": lab.outsider.slug}).content.decode()
    assert "1 paper found" in html
    assert f'<option value="{lab.outsider.slug}" selected>Petar Veličković</option>' in html


def test_papers_search_finds_author_names_with_accents_and_combines_facets(client, lab):
    html = client.get("/papers/", {"q": "Veličković"}).content.decode()
    assert "1 paper found" in html
    html = client.get(
        "/papers/", {"q": "Aäron", "subject": "cs.CL", "year_min": 2019}
    ).content.decode()
    assert "1 paper found" in html and "Learning paper 1" in html
    html = client.get("/papers/", {"q": "Aäron", "subject": "cs.LG"}).content.decode()
    assert "0 papers found" in html
