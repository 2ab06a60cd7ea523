"""Talks and events: who speaks (group members in order, and guests), where, when (in the
event's time zone), and the papers the talk is about."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.markdown import MAX_LENGTH, render_markdown
from config.text import slug_in_use, unique_slug, validate_text
from papers.models import Paper
from people.models import Person


def validate_time_zone(value: str) -> None:
    """An IANA zone name that zoneinfo knows (Europe/London, UTC)."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            "%(value)s is not a known time zone (use a name like Europe/London).",
            params={"value": value},
            code="invalid_time_zone",
        ) from None


class TalkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def search(self, q: str):
        """Talks with q in the title, the event or the abstract (case-insensitive)."""
        return self.filter(
            models.Q(title__icontains=q)
            | models.Q(event__icontains=q)
            | models.Q(abstract__icontains=q)
        )

    def upcoming(self, now=None):
        """Talks not over yet (their end, or their start when no end is set), soonest first."""
        now = now or timezone.now()
        return self.filter(Q(end__gte=now) | Q(end__isnull=True, start__gte=now)).order_by(
            "start", "pk"
        )

    def past(self, now=None):
        """Talks that are over, latest first."""
        now = now or timezone.now()
        return self.filter(Q(end__lt=now) | Q(end__isnull=True, start__lt=now)).order_by(
            "-start", "-pk"
        )

    def of_person(self, person):
        """Talks the person gives (one row per talk: a person speaks once per talk)."""
        return self.filter(speakers__person=person)

    def with_speakers(self):
        """Talks with their speakers in order (one prefetch query)."""
        speakers = TalkSpeaker.objects.select_related("person").order_by("order", "pk")
        return self.prefetch_related(models.Prefetch("speakers", queryset=speakers))


class Talk(models.Model):
    class Kind(models.TextChoices):
        KEYNOTE = "keynote", "Keynote"
        INVITED = "invited", "Invited talk"
        CONTRIBUTED = "contributed", "Contributed talk"
        SEMINAR = "seminar", "Seminar"
        POSTER = "poster", "Poster"
        TUTORIAL = "tutorial", "Tutorial"
        PANEL = "panel", "Panel"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200, validators=[validate_text])
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.INVITED)
    people = models.ManyToManyField(Person, through="TalkSpeaker", related_name="talks", blank=True)
    guest_speakers = models.TextField(
        blank=True,
        max_length=2000,
        validators=[validate_text],
        help_text="Speakers without a profile here, one name per line.",
    )
    event = models.CharField(max_length=200, blank=True, validators=[validate_text])
    place = models.CharField(
        max_length=200, blank=True, validators=[validate_text], help_text="City, venue or Online."
    )
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField(null=True, blank=True)
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="The event's IANA time zone, e.g. Europe/Paris; times are shown in it.",
    )
    abstract = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(MAX_LENGTH), validate_text],
        help_text="Markdown; $...$ for math.",
    )
    abstract_html = models.TextField(blank=True, editable=False)
    slides_url = models.URLField("slides", blank=True)
    video_url = models.URLField("video", blank=True)
    recording_url = models.URLField("recording", blank=True)
    papers = models.ManyToManyField(Paper, blank=True, related_name="talks")
    is_published = models.BooleanField(
        "published", default=False, help_text="Unpublished talks are invisible to the public."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["abstract_html"])

    objects = TalkQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-pk"]
        indexes = [models.Index(fields=["is_published", "start"], name="site_talk_pub_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="site_talk_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talk_detail", kwargs={"slug": self.slug})

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def local_start(self):
        return self.start.astimezone(self.zone)

    def local_end(self):
        return self.end.astimezone(self.zone) if self.end else None

    def guest_names(self) -> list[str]:
        return [name.strip() for name in self.guest_speakers.splitlines() if name.strip()]

    def links(self) -> list[tuple[str, str]]:
        """(label, url) of the links that are set."""
        pairs = [
            ("Slides", self.slides_url),
            ("Video", self.video_url),
            ("Recording", self.recording_url),
        ]
        return [(label, url) for label, url in pairs if url]

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The end is before the start."})

    def save(self, *args, **kwargs):
        self.title = " ".join(self.title.split())
        if not self.slug:
            self.slug = unique_slug(self.title, taken=slug_in_use(self), fallback="talk")
        self.abstract_html = render_markdown(self.abstract, top_heading=2)
        super().save(*args, **kwargs)


class TalkSpeaker(models.Model):
    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="talk_roles")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["talk", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["talk", "person"], name="site_talkspeaker_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.talk}"
