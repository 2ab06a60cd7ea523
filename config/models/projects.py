"""Projects (research areas): who works on them, with what role, and the papers they led to."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.markdown import render_markdown
from config.models.fields import markdown_field, text_field
from config.text import slug_in_use, unique_slug, validate_text
from papers.models import Paper
from people.models import Person
from people.photos import reencode_image, validate_photo


class ProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def visible_to(self, user):
        """All projects for users who may change them (a preview), published ones otherwise."""
        return self if user.has_perm("site.change_project") else self.published()

    def active(self, on=None):
        """Projects without an end date, or ending today or later."""
        on = on or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=on))

    def past(self, on=None):
        on = on or timezone.localdate()
        return self.filter(end__lt=on)

    def search(self, q: str):
        """Projects with q in the title, the summary or the body (case-insensitive)."""
        return self.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(body__icontains=q))

    def of_person(self, person):
        """Projects the person is a member of."""
        return self.filter(members__person=person)

    def of_paper(self, paper):
        """Projects the paper belongs to."""
        return self.filter(papers=paper)

    def active_first(self):
        """Ongoing projects (no end) first, then by end date, latest first: active before past."""
        return self.order_by(models.F("end").desc(nulls_first=True), "-start", "title")


class Project(models.Model):
    title = models.CharField(max_length=200, validators=[validate_text])
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    summary = text_field(300, help_text="One or two plain sentences for the list of projects.")
    body = markdown_field()
    body_html = models.TextField(blank=True, editable=False)
    image = models.ImageField(upload_to="projects/", blank=True, validators=[validate_photo])
    image_alt = models.CharField(
        "image description",
        max_length=200,
        blank=True,
        validators=[validate_text],
        help_text="What the image shows, for screen readers.",
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True, help_text="Set when the project is over.")
    people = models.ManyToManyField(
        Person, through="ProjectMember", related_name="projects", blank=True
    )
    papers = models.ManyToManyField(
        Paper,
        related_name="projects",
        blank=True,
        help_text="Papers of the project, by members or not.",
    )
    code_url = models.URLField("code", blank=True)
    website = models.URLField(blank=True)
    data_url = models.URLField("data", blank=True)
    published = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = [models.F("end").desc(nulls_first=True), "-start", "title"]
        constraints = [
            # Either date may be unknown; when both are known the end is not before the start.
            models.CheckConstraint(
                condition=~Q(end__lt=models.F("start")), name="site_project_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("project_detail", kwargs={"slug": self.slug})

    def is_active(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.end is None or self.end >= on

    def links(self) -> list[tuple[str, str]]:
        """(label, url) of the links that are set."""
        pairs = [("Code", self.code_url), ("Website", self.website), ("Data", self.data_url)]
        return [(label, url) for label, url in pairs if url]

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The end is before the start."})

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body, top_heading=2)
        if self.image and not self.image._committed:
            fresh = reencode_image(self.image)
            self.image.save(fresh.name, fresh, save=False)
        if not self.slug:
            self.slug = unique_slug(self.title, taken=slug_in_use(self))
        super().save(*args, **kwargs)


class ProjectMember(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="project_roles")
    role = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_text],
        help_text="e.g. Lead, Engineer, Advisor.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person"], name="site_projectmember_unique_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.project}" + (f" ({self.role})" if self.role else "")
