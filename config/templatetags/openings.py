"""Template tags of the opening pages (`{% load openings %}`): schema.org JobPosting."""

import html

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from config.context_processors import site_settings
from config.models import Opening
from config.templatetags.labsite import _absolute, _json_ld_safe

register = template.Library()

# schema.org / Google employmentType values for each kind of opening.
EMPLOYMENT_TYPES = {
    Opening.Kind.PHD: "FULL_TIME",
    Opening.Kind.POSTDOC: "FULL_TIME",
    Opening.Kind.INTERN: "INTERN",
    Opening.Kind.ENGINEER: "FULL_TIME",
    Opening.Kind.MASTERS: "INTERN",
    Opening.Kind.VISITING: "TEMPORARY",
    Opening.Kind.OTHER: "OTHER",
}


def html_to_plain(rendered: str) -> str:
    """Plain text of rendered (already sanitised) HTML, whitespace collapsed."""
    return " ".join(html.unescape(strip_tags(rendered)).split())


def opening_json_ld_data(opening: Opening, request=None) -> dict:
    """schema.org JobPosting for an opening (no queries)."""
    url = _absolute(request, opening.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "@id": url,
        "url": url,
        "title": opening.title,
        "description": html_to_plain(opening.description_html),
        "datePosted": opening.created.date().isoformat(),
        "employmentType": EMPLOYMENT_TYPES.get(opening.kind, "OTHER"),
        "hiringOrganization": {
            "@type": "Organization",
            "name": site_settings(request).display_name,
            "sameAs": settings.SITE_URL,
        },
    }
    if opening.deadline:
        data["validThrough"] = opening.deadline.isoformat()
    if opening.location:
        data["jobLocation"] = {"@type": "Place", "address": opening.location}
    return data


@register.simple_tag(takes_context=True)
def opening_json_ld(context, opening) -> SafeString:
    return _json_ld_safe(opening_json_ld_data(opening, context.get("request")))
