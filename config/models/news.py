"""News: short dated items about the group (a paper accepted, a new member, a talk given)."""

import io
import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageOps
from simple_history.models import HistoricalRecords

from config.markdown import MAX_LENGTH, render_markdown
from config.text import slug_in_use, unique_slug
from papers.models import Paper
from people.models import Person
from people.photos import validate_photo

# Control characters (tab, newline and carriage return aside), NUL and lone surrogates:
# nothing a person types, and some databases refuse them.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# A news image is shown at most this wide (and tall); larger uploads are scaled down.
IMAGE_MAX_SIDE = 1600
IMAGE_QUALITY = 85


def validate_storable(value: str) -> None:
    if UNSTORABLE.search(value or ""):
        raise ValidationError("Remove the control characters from this text.", code="control")


def reencode_image(upload) -> ContentFile:
    """The upload as a fresh JPEG: EXIF rotation applied, metadata dropped, at most
    IMAGE_MAX_SIDE pixels a side. Run on a file validate_photo has accepted."""
    upload.seek(0)
    with Image.open(upload) as source:
        image = ImageOps.exif_transpose(source)
        image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
        if image.mode != "RGB":
            rgba = image.convert("RGBA")
            image = Image.new("RGB", rgba.size, "white")
            image.paste(rgba, mask=rgba.getchannel("A"))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=IMAGE_QUALITY, optimize=True)
    return ContentFile(out.getvalue(), name=f"{PurePath(upload.name).stem}.jpg")


class NewsQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def newest_first(self):
        return self.order_by("-date", "-pk")

    def mentioning_person(self, person: Person):
        return self.filter(people=person)

    def mentioning_paper(self, paper: Paper):
        return self.filter(papers=paper)

    def in_year(self, year: int):
        return self.filter(date__year=year)

    def with_links(self):
        """Items with their people and papers (two prefetch queries)."""
        return self.prefetch_related(
            models.Prefetch("people", Person.objects.order_by("family_name", "given_name")),
            models.Prefetch("papers", Paper.objects.published().newest_first()),
        )

    def as_mentions(self):
        """The few fields a list of mentions shows, newest first."""
        return self.newest_first().only("title", "slug", "date")


class News(models.Model):
    title = models.CharField(max_length=200, validators=[validate_storable])
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    date = models.DateField(default=timezone.localdate, db_index=True)
    body = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(MAX_LENGTH), validate_storable],
        help_text="Markdown; math between $...$.",
    )
    body_html = models.TextField(blank=True, editable=False)
    image = models.ImageField(
        upload_to="news/", blank=True, validators=[validate_photo], help_text="Optional."
    )
    image_alt = models.CharField(
        "image description",
        max_length=300,
        blank=True,
        validators=[validate_storable],
        help_text="What the image shows, for people who cannot see it.",
    )
    people = models.ManyToManyField(Person, blank=True, related_name="news")
    papers = models.ManyToManyField(Paper, blank=True, related_name="news")
    is_published = models.BooleanField(
        "published", default=False, help_text="Unpublished news is invisible to the public."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["body_html"])

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "news"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["is_published", "-date"], name="site_news_pub_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        self.title = " ".join(self.title.split())
        if not self.slug:
            self.slug = unique_slug(self.title, taken=slug_in_use(self), fallback="news")
        self.body_html = render_markdown(self.body, top_heading=2)
        if self.image and not self.image._committed:
            self.image = reencode_image(self.image.file)
        super().save(*args, **kwargs)
