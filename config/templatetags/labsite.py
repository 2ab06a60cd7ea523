"""Template tags of the public site: author lists, dates, plain text, metadata, chart."""

import json
from functools import cache
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from config.charts import year_chart
from config.context_processors import site_settings
from config.text import latex_to_plain

register = template.Library()

# Authors shown on a card before the list is cut with "et al.".
CARD_AUTHORS = 5

# Text without LaTeX markup, for meta tags, feeds and JSON-LD ($\\mathbb{NIR}$ -> NIR).
plain = register.filter("plain", latex_to_plain)


@register.filter
def paper_date(paper) -> str:
    """The publication date as precise as it is known: Jul 31, 2024 / Jul 2024 / 2024."""
    if not paper.date:
        return ""
    if paper.date_precision == "year":
        return str(paper.date.year)
    if paper.date_precision == "month":
        return paper.date.strftime("%b %Y")
    return f"{paper.date:%b} {paper.date.day}, {paper.date.year}"


def _date_to_precision(paper, separator: str) -> str:
    if not paper.date:
        return ""
    day, month = f"%Y{separator}%m{separator}%d", f"%Y{separator}%m"
    return paper.date.strftime({"year": "%Y", "month": month}.get(paper.date_precision, day))


@register.filter
def iso_date(paper) -> str:
    """The date for <time datetime> and schema.org, cut to its precision."""
    return _date_to_precision(paper, "-")


@register.filter
def scholar_date(paper) -> str:
    """The date as Google Scholar reads it: 2024/07/31, 2024/07 or 2024."""
    return _date_to_precision(paper, "/")


def _author_html(authorship, highlight_pk) -> SafeString:
    if authorship.person_id and authorship.person_id == highlight_pk:
        return format_html('<strong class="author author--self">{}</strong>', authorship.name)
    if authorship.person_id:
        # The profile URL is built from the slug directly: reverse() per author costs more
        # than the rest of a card on a 50-card page.
        return format_html(
            '<a class="author" href="{}{}/">{}</a>',
            _people_prefix(),
            authorship.person.slug,
            authorship.name,
        )
    return format_html('<span class="author">{}</span>', authorship.name)


@cache
def _people_prefix() -> str:
    return reverse("people:list")


def split_authors(paper) -> tuple[list, list]:
    """(authors in their known order, linked people whose place in a cut-short list is
    unknown); uses prefetched data."""
    authorships = list(paper.authorships.all())
    known = [a for a in authorships if a.position is not None]
    unknown = [a for a in authorships if a.position is None]
    return known, unknown


@register.simple_tag
def card_authors(paper, highlight=None, limit: int = CARD_AUTHORS) -> SafeString:
    """The first authors of a paper, linked, cut with "et al.", keeping the highlighted
    person visible ("A, B, …, Me et al."); people of unknown place follow apart
    ("A, B et al. — including Me") so they do not read as the next author."""
    known, unknown = split_authors(paper)
    shown = known[:limit] if limit else known
    highlight_pk = getattr(highlight, "pk", None)  # "" when the template passes no person
    tail = None
    if highlight_pk and limit and not any(a.person_id == highlight_pk for a in shown):
        tail = next((a for a in known[limit:] if a.person_id == highlight_pk), None)
    html = mark_safe(", ".join(_author_html(a, highlight_pk) for a in shown))
    if tail is not None:
        html = format_html("{}, …, {}", html, _author_html(tail, highlight_pk))
    cut = len(known) > len(shown) + (1 if tail else 0)
    if cut or unknown or not paper.authors_complete:
        html = format_html('{} <span class="et-al">et al.</span>', html)
    if unknown:
        extra = mark_safe(", ".join(_author_html(a, highlight_pk) for a in unknown))
        html = format_html('{} <span class="authors__extra">— including {}</span>', html, extra)
    return html


@register.filter
def thousands(value) -> str:
    """12345 -> 12,345 (figures and counts)."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value


@register.filter
def organisation_tags(paper) -> list:
    return paper.organisation_tags()


@register.filter
def obfuscate_email(email: str) -> SafeString:
    """The address as HTML character references, so simple scrapers do not find it."""
    return mark_safe("".join(f"&#{ord(c)};" for c in email or ""))


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (None or "" removes them)."""
    request = context["request"]
    params = request.GET.copy()
    for name, value in changes.items():
        if value is None or value == "":
            params.pop(name, None)
        else:
            params[name] = value
    if "page" not in changes:
        params.pop("page", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def coins(paper) -> str:
    """The OpenURL ContextObject of a paper for a COinS span (Zotero reads it); uses prefetched data."""
    venue_kind = paper.venue.kind if paper.venue_id else ""
    pairs = [("ctx_ver", "Z39.88-2004")]
    if paper.kind == "conference" or venue_kind == "conference":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "proceeding")]
        pairs += [("rft.atitle", plain(paper.title))]
        if paper.venue_id:
            pairs.append(("rft.btitle", paper.venue.name))
    else:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article")]
        pairs += [("rft.atitle", plain(paper.title))]
        if paper.venue_id:
            pairs.append(("rft.jtitle", paper.venue.name))
    if paper.date:
        pairs.append(("rft.date", iso_date(paper)))
    for name, value in (
        ("rft.volume", paper.volume),
        ("rft.issue", paper.issue),
        ("rft.pages", paper.pages),
    ):
        if value:
            pairs.append((name, value))
    for authorship in paper.authorships.all():
        if authorship.person_id and authorship.person.family_name:
            pairs.append(
                (
                    "rft.au",
                    f"{authorship.person.family_name}, {authorship.person.given_name}".strip(", "),
                )
            )
        else:
            pairs.append(("rft.au", authorship.name))
    if paper.doi:
        pairs.append(("rft_id", f"info:doi/{paper.doi}"))
    if paper.arxiv_id:
        pairs.append(("rft_id", f"https://arxiv.org/abs/{paper.arxiv_id}"))
    return urlencode(pairs)


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def _json_ld_safe(data) -> SafeString:
    """JSON for a <script type="application/ld+json"> block: <, > and & are escaped the way
    Django's json_script does, so no text can close the script element."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(text)


def paper_json_ld_data(paper, request=None) -> dict:
    """schema.org ScholarlyArticle for a paper fetched with card data (no queries)."""
    authors = []
    for authorship in paper.authorships.all():
        author = {"@type": "Person", "name": authorship.name}
        person = authorship.person if authorship.person_id else None
        if person is not None:
            author["url"] = _absolute(request, person.get_absolute_url())
            if person.orcid:
                author["@id"] = person.orcid_url
                author["sameAs"] = [person.orcid_url]
        affiliations = [
            {"@type": "Organization", "name": institution.name}
            for institution in authorship.institutions.all()
        ]
        if affiliations:
            author["affiliation"] = affiliations
        authors.append(author)
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": _absolute(request, paper.get_absolute_url()),
        "url": _absolute(request, paper.get_absolute_url()),
        "name": plain(paper.title),
        "headline": plain(paper.title)[:110],
        "author": authors,
    }
    if paper.date:
        data["datePublished"] = iso_date(paper)
    if paper.abstract:
        data["abstract"] = plain(paper.abstract)
    if paper.venue_id:
        data["isPartOf"] = {
            "@type": "Periodical" if paper.venue.kind == "journal" else "CreativeWorkSeries",
            "name": paper.venue.name,
        }
    if paper.publisher or (paper.venue_id and paper.venue.publisher):
        data["publisher"] = {
            "@type": "Organization",
            "name": paper.publisher or paper.venue.publisher,
        }
    identifiers = []
    if paper.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi})
        data["sameAs"] = [paper.doi_url]
    if paper.arxiv_id:
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": "arXiv", "value": paper.arxiv_id}
        )
        data.setdefault("sameAs", []).append(paper.arxiv_url)
    if identifiers:
        data["identifier"] = identifiers
    subjects = [s.name for s in paper.subjects.all()]
    if subjects:
        data["about"] = subjects
    if paper.pages:
        data["pagination"] = paper.pages
    if paper.code_url:
        data["codeRepository"] = paper.code_url
    return data


@register.simple_tag(takes_context=True)
def paper_json_ld(context, paper) -> SafeString:
    return _json_ld_safe(paper_json_ld_data(paper, context.get("request")))


@register.inclusion_tag("includes/year_chart.html")
def papers_per_year_chart(counts, person=None):
    """The accessible SVG bar chart of (year, count) pairs, with the numbers as a table."""
    return {"chart": year_chart(counts), "person": person}


@register.simple_tag(takes_context=True)
def site_name(context) -> str:
    """The group's name from the site settings (the request's one query), else SITE_NAME."""
    return _site(context).display_name


def _site(context):
    return context.get("site") or site_settings(context.get("request"))


@register.simple_tag(takes_context=True)
def organization_json_ld(context) -> SafeString:
    """schema.org Organization for the group (the home page), from the site settings."""
    site, request = _site(context), context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": site.display_name,
        "url": _absolute(request, "/"),
    }
    if site.short_name:
        data["alternateName"] = site.short_name
    if site.tagline:
        data["description"] = site.tagline
    if site.logo:
        data["logo"] = _absolute(request, site.logo.url)
    if site.email:
        data["email"] = site.email
    if site.address:
        data["address"] = site.address
    links = [url for _, url in site.links]
    if links:
        data["sameAs"] = links
    return _json_ld_safe(data)
