"""The group's site settings: one row, edited in the admin, read once per request."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from simple_history.models import HistoricalRecords

from config.markdown import render_markdown
from config.models.fields import markdown_field, text_field
from config.text import validate_text
from people.photos import reencode_image, validate_photo
from people.validators import is_valid_orcid

# Longest side of each image as stored: larger uploads are scaled down when re-encoded.
IMAGE_SIDES = {"logo": 800, "favicon": 256, "social_image": 1200}


@deconstructible
class HostValidator:
    """Links that must point at one service (github.com and its subdomains)."""

    def __init__(self, *hosts: str, label: str):
        self.hosts, self.label = hosts, label

    def __call__(self, value: str) -> None:
        parts = urlsplit(value or "")
        host = (parts.hostname or "").lower()
        if parts.scheme not in {"http", "https"} or not any(
            host == h or host.endswith(f".{h}") for h in self.hosts
        ):
            raise ValidationError(
                f"Enter a {self.label} link (https://{self.hosts[0]}/…).", code="host"
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, HostValidator) and (self.hosts, self.label) == (
            other.hosts,
            other.label,
        )


def validate_orcid_url(value: str) -> None:
    HostValidator("orcid.org", label="ORCID")(value)
    if not is_valid_orcid(value):
        raise ValidationError("Enter an ORCID iD link with a valid iD.", code="invalid_orcid")


def validate_https(value: str) -> None:
    if urlsplit(value or "").scheme not in {"http", "https"}:
        raise ValidationError("Enter an http:// or https:// link.", code="scheme")


def link_field(label: str, validator) -> models.URLField:
    return models.URLField(label, blank=True, max_length=300, validators=[validator])


class SiteSettings(models.Model):
    """The group's name, introduction, images, contact and links: the only row has pk 1."""

    name = text_field(120, help_text="The group's name, shown in every title and header.")
    short_name = text_field(40, help_text="A short form, e.g. for the header on small screens.")
    tagline = text_field(200, help_text="One line under the name on the home page.")
    intro = markdown_field("The introduction on the home page.")
    intro_html = models.TextField(blank=True, editable=False)
    logo = models.ImageField(
        upload_to="site/", blank=True, validators=[validate_photo], help_text="Shown in the header."
    )
    favicon = models.ImageField(
        upload_to="site/",
        blank=True,
        validators=[validate_photo],
        help_text="A square image for browser tabs.",
    )
    social_image = models.ImageField(
        "social card image",
        upload_to="site/",
        blank=True,
        validators=[validate_photo],
        help_text="Shown when a page is shared (1200×630 works best).",
    )
    email = models.EmailField("contact e-mail", blank=True, validators=[validate_text])
    address = models.TextField(
        blank=True, max_length=500, validators=[validate_text, MaxLengthValidator(500)]
    )
    github_url = link_field("GitHub", HostValidator("github.com", label="GitHub"))
    scholar_url = link_field(
        "Google Scholar", HostValidator("scholar.google.com", label="Google Scholar")
    )
    orcid_url = link_field("ORCID", validate_orcid_url)
    bluesky_url = link_field("Bluesky", HostValidator("bsky.app", label="Bluesky"))
    mastodon_url = link_field("Mastodon", validate_https)  # any server of the federation
    x_url = link_field("X", HostValidator("x.com", "twitter.com", label="X"))
    youtube_url = link_field("YouTube", HostValidator("youtube.com", "youtu.be", label="YouTube"))
    linkedin_url = link_field("LinkedIn", HostValidator("linkedin.com", label="LinkedIn"))
    footer = markdown_field("A line or two at the foot of every page.")
    footer_html = models.TextField(blank=True, editable=False)
    funding = markdown_field("Funding acknowledgement, in the footer.")
    funding_html = models.TextField(blank=True, editable=False)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    LINK_FIELDS = (
        "github_url", "scholar_url", "orcid_url", "bluesky_url", "mastodon_url", "x_url",
        "youtube_url", "linkedin_url",
    )  # fmt: skip

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="site_settings_single_row")]

    def __str__(self) -> str:
        return "Site settings"

    @classmethod
    def load(cls) -> "SiteSettings":
        """The row, created with defaults when missing (one query, two on the first call)."""
        return cls.objects.get_or_create(pk=1)[0]

    @classmethod
    def current(cls) -> "SiteSettings":
        """The row, or unsaved defaults when there is none: one query, never a write."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @property
    def display_name(self) -> str:
        return self.name or settings.SITE_NAME

    @property
    def links(self) -> list[tuple[str, str]]:
        """(label, url) of the links that are set, in field order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.LINK_FIELDS
            if getattr(self, name)
        ]

    def save(self, *args, **kwargs):
        self.pk = 1
        self.intro_html = render_markdown(self.intro)
        self.footer_html = render_markdown(self.footer, top_heading=3)
        self.funding_html = render_markdown(self.funding, top_heading=3)
        for name, side in IMAGE_SIDES.items():
            image = getattr(self, name)
            if image and not image._committed:
                validate_photo(image.file)
                fresh = reencode_image(image.file, side=side)
                image.save(fresh.name, fresh, save=False)
        super().save(*args, **kwargs)
