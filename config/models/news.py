"""News: short dated items about the group (a paper accepted, a new member, a talk given)."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.markdown import render_markdown
from config.models.fields import markdown_field
from config.models.projects import Project
from config.text import slug_in_use, unique_slug, validate_text
from papers.models import Paper
from people.models import Person
from people.photos import reencode_image, validate_photo


class NewsQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def newest_first(self):
        return self.order_by("-date", "-pk")

    def mentioning_person(self, person: Person):
        return self.filter(people=person)

    def mentioning_paper(self, paper: Paper):
        return self.filter(papers=paper)

    def mentioning_project(self, project):
        return self.filter(projects=project)

    def search(self, q: str):
        """Items with q in the title or the body (case-insensitive)."""
        return self.filter(models.Q(title__icontains=q) | models.Q(body__icontains=q))

    def in_year(self, year: int):
        return self.filter(date__year=year)

    def with_links(self):
        """Items with their people, papers and projects (three prefetch queries)."""
        return self.prefetch_related(
            models.Prefetch("people", Person.objects.order_by("family_name", "given_name")),
            models.Prefetch("papers", Paper.objects.published().newest_first()),
            models.Prefetch("projects", Project.objects.published()),
        )

    def as_mentions(self):
        """The few fields a list of mentions shows, newest first."""
        return self.newest_first().only("title", "slug", "date")


class News(models.Model):
    title = models.CharField(max_length=200, validators=[validate_text])
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    date = models.DateField(default=timezone.localdate, db_index=True)
    body = markdown_field()
    body_html = models.TextField(blank=True, editable=False)
    image = models.ImageField(
        upload_to="news/", blank=True, validators=[validate_photo], help_text="Optional."
    )
    image_alt = models.CharField(
        "image description",
        max_length=300,
        blank=True,
        validators=[validate_text],
        help_text="What the image shows, for people who cannot see it.",
    )
    people = models.ManyToManyField(Person, blank=True, related_name="news")
    papers = models.ManyToManyField(Paper, blank=True, related_name="news")
    projects = models.ManyToManyField(Project, blank=True, related_name="news")
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
