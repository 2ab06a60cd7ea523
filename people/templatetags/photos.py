"""{% person_photo person 96 %}: a person's thumbnail, or their initials when there is no photo."""

from django import template
from django.utils.html import format_html

from people.photos import thumbnail

register = template.Library()


@register.simple_tag
def person_photo(person, size: int, alt: str | None = None):
    """An <img> at size CSS pixels (with a 2x source when there is one), else an initials avatar.

    alt defaults to the person's name; pass alt="" where the name is printed right beside it.
    """
    size = int(size)
    one = thumbnail(person, size)
    if one is None:
        return format_html(
            '<span class="avatar avatar-{}" aria-hidden="true">{}</span>', size, person.initials
        )
    two = thumbnail(person, size * 2)
    srcset = (
        format_html(' srcset="{} 1x, {} 2x"', one["url"], two["url"])
        if two and two["width"] > one["width"]
        else ""
    )
    # width/height are the display size, so the layout is reserved before the image arrives.
    return format_html(
        '<img class="avatar avatar-{}" src="{}"{} alt="{}" width="{}" height="{}" '
        'loading="lazy" decoding="async">',
        size,
        one["url"],
        srcset,
        person.full_name if alt is None else alt,
        size,
        size,
    )
