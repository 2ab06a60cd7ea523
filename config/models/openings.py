"""Open positions of the group: what /join/ lists and each opening's page shows."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_update_with_history

from config.markdown import render_markdown
from config.models.fields import markdown_field
from config.text import slug_in_use, unique_slug, validate_text

PAST_DEADLINE_OPEN = (
    "The deadline is in the past, so this opening cannot be open: "
    "move the deadline to today or later, or mark the opening as closed."
)


def past_deadline_error(*, is_open: bool, deadline: datetime.date | None) -> str:
    """The message refusing an open opening whose deadline has passed, or "" when fine."""
    if is_open and deadline is not None and deadline < timezone.localdate():
        return PAST_DEADLINE_OPEN
    return ""


TEXT = [validate_text]


class OpeningQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Every opening for users who may change openings; published ones for everyone else."""
        return self if user.has_perm("site.change_opening") else self.published()

    def open(self):
        """Marked open and not past the deadline: exact on any day, whether or not
        close_openings has run."""
        today = timezone.localdate()
        return self.filter(Q(deadline__isnull=True) | Q(deadline__gte=today), is_open=True)

    def search(self, q: str):
        """Openings with q in the title, the location or the description (case-insensitive)."""
        return self.filter(
            Q(title__icontains=q) | Q(location__icontains=q) | Q(description__icontains=q)
        )

    def closed(self):
        return self.filter(Q(is_open=False) | Q(deadline__lt=timezone.localdate()))

    def expired(self):
        """Still marked open although the deadline has passed."""
        return self.filter(is_open=True, deadline__lt=timezone.localdate())

    def close_expired(self) -> int:
        """Mark the expired openings closed, each with a history version; returns how many."""
        openings = list(self.expired())
        now = timezone.now()
        for opening in openings:
            opening.is_open, opening.updated = False, now
        bulk_update_with_history(
            openings,
            Opening,
            ["is_open", "updated"],
            default_change_reason="The deadline passed.",
        )
        return len(openings)


class Opening(models.Model):
    """An open position: a PhD place, a postdoc, an internship, ..."""

    class Kind(models.TextChoices):
        PHD = "phd", "PhD position"
        POSTDOC = "postdoc", "Postdoc"
        INTERN = "intern", "Internship"
        ENGINEER = "engineer", "Engineer"
        MASTERS = "masters", "Master's project"
        VISITING = "visiting", "Visiting researcher"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200, validators=TEXT)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PHD)
    location = models.CharField(
        max_length=200, blank=True, validators=TEXT, help_text="e.g. Cambridge, UK."
    )
    description = markdown_field(blank=False)
    description_html = models.TextField(blank=True, editable=False)
    deadline = models.DateField(
        null=True, blank=True, help_text="Last day to apply. Empty: open until filled."
    )
    how_to_apply = markdown_field()
    how_to_apply_html = models.TextField(blank=True, editable=False)
    apply_url = models.URLField("application link", max_length=500, blank=True, validators=TEXT)
    apply_email = models.EmailField("application e-mail", blank=True, validators=TEXT)
    is_open = models.BooleanField(
        "open",
        default=True,
        help_text="Accepting applications. An opening closes by itself once its deadline passes.",
    )
    is_published = models.BooleanField(
        "published", default=True, help_text="Unpublished openings are invisible to the public."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["description_html", "how_to_apply_html"])

    objects = OpeningQuerySet.as_manager()

    class Meta:
        ordering = [F("deadline").asc(nulls_last=True), "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opening_detail", kwargs={"slug": self.slug})

    @property
    def open_now(self) -> bool:
        """Accepting applications today (the stored flag, unless the deadline has passed)."""
        return self.is_open and not past_deadline_error(is_open=True, deadline=self.deadline)

    def clean(self):
        super().clean()
        message = past_deadline_error(is_open=self.is_open, deadline=self.deadline)
        if message:
            raise ValidationError({"is_open": message}, code="past_deadline")

    def save(self, *args, **kwargs):
        self.title = " ".join(self.title.split())
        self.description_html = render_markdown(self.description, top_heading=2)
        self.how_to_apply_html = render_markdown(self.how_to_apply, top_heading=3)
        if not self.slug:
            self.slug = unique_slug(self.title, taken=slug_in_use(self), fallback="opening")
        super().save(*args, **kwargs)
