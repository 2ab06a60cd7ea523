"""The group's pages (about, contact, teaching, ...): Markdown at /<slug>/, after every app URL."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import URLResolver, get_resolver, reverse
from simple_history.models import HistoricalRecords

from config.markdown import render_markdown
from config.models.fields import markdown_field
from config.text import validate_text

# Served outside the URL patterns (WhiteNoise, the media server) or kept for later use.
ALWAYS_RESERVED = {"static", "media", "pages", "feeds", "search", "login", "logout", "accounts"}


def _first_segments(patterns) -> set[str]:
    segments = set()
    for pattern in patterns:
        route = str(pattern.pattern).lstrip("^")
        first = route.split("/")[0].rstrip("$")
        if first and "<" not in first and "(" not in first:
            segments.add(first.lower())
        elif not first and isinstance(pattern, URLResolver):
            segments |= _first_segments(pattern.url_patterns)
    return segments


def reserved_slugs() -> set[str]:
    """Every first path segment the site's own URLs use (/admin/, /papers/, /news/ ...), so
    a page never hides a section, including sections added later."""
    return ALWAYS_RESERVED | _first_segments(get_resolver().url_patterns)


def validate_page_slug(value: str) -> None:
    if value.lower() in reserved_slugs():
        raise ValidationError(
            f"/{value}/ is a section of the site; choose another slug.", code="reserved"
        )


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def in_navigation(self):
        """Published pages of the main menu, in their order (what the header shows)."""
        return self.published().filter(in_navigation=True).order_by("order", "title")


class Page(models.Model):
    title = models.CharField(max_length=200, validators=[validate_text])
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[validate_page_slug],
        help_text="The page's address: /slug/.",
    )
    body = markdown_field("# Heading is a section of the page.")
    body_html = models.TextField(blank=True, editable=False)
    order = models.PositiveIntegerField(default=0, help_text="Smaller numbers come first.")
    in_navigation = models.BooleanField(
        "in the main menu", default=False, help_text="Show a link in the header."
    )
    is_published = models.BooleanField("published", default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("page_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)
