"""Papers, their ordered authors, venues and topics."""

from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from config.text import slug_in_use, unique_slug
from papers.validators import (
    normalize_arxiv_id,
    normalize_doi,
    validate_arxiv_id,
    validate_doi,
    validate_issn,
)
from people.metrics import PersonMetrics, metrics_from_citations
from people.models import Institution, Person, Subject


class VenueQuerySet(models.QuerySet):
    def with_paper_count(self):
        """Venues with published papers, annotated `paper_count` (an aggregate over a join)."""
        published = Count("papers", filter=Q(papers__is_published=True))
        return self.annotate(paper_count=published).filter(paper_count__gt=0)


class Venue(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", "Conference"
        JOURNAL = "journal", "Journal"
        WORKSHOP = "workshop", "Workshop"
        PREPRINT_SERVER = "preprint", "Preprint server"
        BOOK = "book", "Book"
        THESIS = "thesis", "Thesis"
        OTHER = "other", "Other"

    name = models.CharField(max_length=255)
    short_name = models.CharField(max_length=64, blank=True, help_text="e.g. NeurIPS.")
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    publisher = models.CharField(max_length=255, blank=True)
    website = models.URLField(blank=True)
    issn = models.CharField("ISSN", max_length=9, blank=True, validators=[validate_issn])
    history = HistoricalRecords()

    objects = VenueQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("papers:venue_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.short_name or self.name, taken=slug_in_use(self))
        super().save(*args, **kwargs)


class Topic(models.Model):
    name = models.CharField(max_length=128, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.name, taken=slug_in_use(self))
        super().save(*args, **kwargs)


class PaperQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def featured(self):
        return self.filter(is_featured=True)

    def by_person(self, person):
        """Papers the person holds an authorship on."""
        # Papers are selected by id through the person's authorships (an indexed lookup), which
        # avoids DISTINCT over joined rows: that made a 1,000-paper profile several times slower.
        return self.filter(pk__in=Authorship.objects.filter(person=person).values("paper_id"))

    def by_institution(self, institution):
        """Papers tagged with the institution or with an author from it."""
        return self.filter(
            Q(institutions=institution) | Q(authorships__institutions=institution)
        ).distinct()

    def in_facets(self, *, year: int | None = None, subject: str = ""):
        """Narrowed to a year and to a primary subject code, each when given."""
        papers = self if year is None else self.filter(year=year)
        return papers.filter(primary_subject__code=subject) if subject else papers

    def year_counts(self) -> list[tuple[int, int]]:
        """(year, papers) for the dated papers here, latest year first (one query)."""
        papers = self.order_by()
        if papers.query.annotations or papers.query.distinct:
            # Grouped over the selected ids: a search rank or a join would enter the GROUP BY.
            papers = self.model.objects.filter(pk__in=papers.values("pk"))
        return list(
            papers.filter(year__isnull=False)
            .values_list("year")
            .annotate(count=Count("pk"))
            .order_by("-year")
        )

    def subject_counts(self):
        """Primary subjects here as code, label, name and count rows, most first (one query)."""
        return (
            self.order_by()
            .filter(primary_subject__isnull=False)
            .values(
                code=F("primary_subject__code"),
                label=F("primary_subject__label"),
                name=F("primary_subject__name"),
            )
            .annotate(count=Count("pk"))
            .order_by("-count", "code")
        )

    def coauthors(self, person):
        """People besides person on these papers, annotated `shared`, most first (one query)."""
        return (
            Person.objects.filter(authorships__paper__in=self.values("pk"))
            .exclude(pk=person.pk)
            .annotate(shared=Count("authorships"))
            .order_by("-shared", "family_name", "given_name")
        )

    def with_card_data(self):
        """Everything a paper card shows, in a fixed number of queries (1 + 4 prefetches)."""
        return self.select_related("venue", "primary_subject").prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.select_related("person")),
            "authorships__institutions",
            "institutions",
            "subjects",
        )

    def newest_first(self):
        return self.order_by(F("date").desc(nulls_last=True), "-pk")


class PaperManager(models.Manager.from_queryset(PaperQuerySet)):
    """Paper.objects, plus institutions counted by their published papers."""

    # These live here, not on Institution: people's models never reach into papers.

    def tagged_count(self):
        """Published papers tagged with the outer query's institution, as a subquery."""
        tagged = (
            Paper.institutions.through.objects.filter(
                institution=OuterRef("pk"), paper__is_published=True
            )
            .order_by()
            .values("institution")
            .annotate(count=Count("paper"))
            .values("count")
        )
        return Coalesce(Subquery(tagged), 0)

    def institutions_with_counts(self):
        """Institutions with members or published papers, annotated with both counts (one query)."""
        # Counted in subqueries: one join over both relations would multiply the rows.
        return (
            Institution.objects.with_member_count()
            .annotate(papers=self.tagged_count())
            .filter(Q(members__gt=0) | Q(papers__gt=0))
        )

    def filter_choices(self) -> dict[str, list[dict]]:
        """Subjects, venues, institutions and projects of published papers, with counts
        (four queries)."""
        institutions = Institution.objects.annotate(count=self.tagged_count())
        return {
            "subjects": list(self.published().subject_counts().order_by("code")),
            "venues": list(
                Venue.objects.with_paper_count()
                .order_by("name")
                .values("slug", "name", count=F("paper_count"))
            ),
            "institutions": list(
                institutions.filter(count__gt=0)
                .order_by("name")
                .values("slug", "name", "short_name", "count")
            ),
            # Published projects (site content) through the reverse relation Paper.projects.
            "projects": list(
                Paper.projects.through.objects.filter(
                    paper__is_published=True, project__published=True
                )
                .values(slug=F("project__slug"), title=F("project__title"))
                .annotate(count=Count("paper"))
                .order_by("title")
            ),
        }


class Paper(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Journal article"
        CONFERENCE = "conference", "Conference paper"
        PREPRINT = "preprint", "Preprint"
        THESIS = "thesis", "Thesis"
        CHAPTER = "chapter", "Book chapter"
        REPORT = "report", "Technical report"
        BOOK = "book", "Book"
        OTHER = "other", "Other"

    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    title = models.CharField(max_length=1000)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    abstract = models.TextField(blank=True, help_text="May hold LaTeX math between $...$.")
    date = models.DateField(null=True, blank=True, help_text="Publication date.")
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ARTICLE)
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers"
    )
    volume = models.CharField(max_length=32, blank=True)
    issue = models.CharField(max_length=32, blank=True)
    pages = models.CharField(max_length=32, blank=True)
    publisher = models.CharField(max_length=255, blank=True)
    doi = models.CharField("DOI", max_length=255, blank=True, validators=[validate_doi])
    arxiv_id = models.CharField(
        "arXiv id", max_length=32, blank=True, validators=[validate_arxiv_id]
    )
    primary_subject = models.ForeignKey(
        Subject, null=True, blank=True, on_delete=models.SET_NULL, related_name="primary_papers"
    )
    subjects = models.ManyToManyField(Subject, blank=True, related_name="papers")
    topics = models.ManyToManyField(Topic, blank=True, related_name="papers")
    pdf_url = models.URLField("PDF link", max_length=500, blank=True)
    code_url = models.URLField("code link", max_length=500, blank=True)
    project_url = models.URLField("project page", max_length=500, blank=True)
    slides_url = models.URLField("slides", max_length=500, blank=True)
    video_url = models.URLField("video", max_length=500, blank=True)
    data_url = models.URLField("data", max_length=500, blank=True)
    has_code = models.BooleanField(
        default=False, help_text="Code is public. Set automatically when a code link is given."
    )
    pdf = models.FileField(upload_to="papers/pdf/", blank=True)
    citation_count = models.PositiveIntegerField(null=True, blank=True)
    citations_read_on = models.DateField("citation count read on", null=True, blank=True)
    is_featured = models.BooleanField("featured", default=False)
    is_published = models.BooleanField(
        "published", default=True, help_text="Unpublished papers are invisible to the public."
    )
    institutions = models.ManyToManyField(
        Institution, blank=True, related_name="tagged_papers", verbose_name="organisation tags"
    )
    authors_complete = models.BooleanField(
        default=True, help_text='Off when the author list is cut short ("et al.").'
    )
    awards = models.JSONField(default=list, blank=True, help_text='e.g. ["Best paper"].')
    bibtex_key = models.CharField("BibTeX key", max_length=255, blank=True)
    note = models.TextField(blank=True)
    search_text = models.TextField(blank=True, editable=False)
    import_snapshot = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="Field values as last imported; a field edited since then is not overwritten.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text", "import_snapshot"])

    objects = PaperManager()

    class Meta:
        ordering = [F("date").desc(nulls_last=True), "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["doi"], condition=~Q(doi=""), name="papers_paper_unique_doi"
            ),
            models.UniqueConstraint(
                fields=["arxiv_id"], condition=~Q(arxiv_id=""), name="papers_paper_unique_arxiv_id"
            ),
            models.CheckConstraint(
                condition=Q(has_code=True) | Q(code_url=""), name="papers_paper_code_url_has_code"
            ),
        ]
        indexes = [models.Index(fields=["is_published", "-date"], name="papers_paper_pub_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("papers:detail", kwargs={"slug": self.slug})

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else ""

    def organisation_tags(self) -> list[Institution]:
        """Tags set on the paper plus its authors' institutions; uses prefetched data."""
        seen: dict[int, Institution] = {i.pk: i for i in self.institutions.all()}
        for authorship in self.authorships.all():
            for institution in authorship.institutions.all():
                seen.setdefault(institution.pk, institution)
        return list(seen.values())

    def save(self, *args, **kwargs):
        self.title = " ".join(self.title.split())
        self.doi = normalize_doi(self.doi) if self.doi else ""
        self.arxiv_id = normalize_arxiv_id(self.arxiv_id) if self.arxiv_id else ""
        self.year = self.date.year if self.date else None
        if self.code_url:
            self.has_code = True
        if not self.slug:
            self.slug = unique_slug(self.title, taken=slug_in_use(self), fallback="paper")
        super().save(*args, **kwargs)


class AuthorshipQuerySet(models.QuerySet):
    def metrics_by_person(self, person_ids: list[int]) -> dict[int, PersonMetrics]:
        """Papers, citations, h-index and i10 per person over published papers (one query)."""
        # One authorship per paper and person (a database constraint), so no DISTINCT is needed.
        # exclude(False) rather than filter(True): SQLite would otherwise drive the join from the
        # (is_published, date) index and read every published paper instead of these people's.
        rows = (
            self.filter(person_id__in=person_ids)
            .exclude(paper__is_published=False)
            .order_by()
            .values_list("person_id", "paper__citation_count")
        )
        citations: dict[int, list[int]] = {pk: [] for pk in person_ids}
        for person_id, count in rows:
            citations[person_id].append(count or 0)
        return {pk: metrics_from_citations(counts) for pk, counts in citations.items()}

    def person_metrics(self, person: Person) -> PersonMetrics:
        """The metrics of one person (one query)."""
        return self.metrics_by_person([person.pk])[person.pk]


class Authorship(models.Model):
    """One author of a paper, in order. Position is empty for a linked person of
    unknown place in a cut-short list; such authorships sort after the known ones."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="authorships")
    position = models.PositiveSmallIntegerField(null=True, blank=True)
    name = models.CharField(max_length=255, help_text="The name as printed on the paper.")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="authorships"
    )
    equal_contribution = models.BooleanField(default=False)
    corresponding = models.BooleanField(default=False)
    institutions = models.ManyToManyField(Institution, blank=True, related_name="authorships")
    history = HistoricalRecords()

    objects = AuthorshipQuerySet.as_manager()

    class Meta:
        ordering = [F("position").asc(nulls_last=True), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "position"], name="papers_authorship_unique_position"
            ),
            models.UniqueConstraint(
                fields=["paper", "person"],
                condition=Q(person__isnull=False),
                name="papers_authorship_unique_person",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    """One run of the import pipeline, with its counts and line-by-line report."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Preview (dry run)"
        COMMITTED = "committed", "Committed"
        FAILED = "failed", "Failed"

    created = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=255, help_text="File name or identifier imported.")
    format = models.CharField(max_length=32)
    status = models.CharField(max_length=16, choices=Status.choices)
    counts = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_status_display()}, {self.created:%Y-%m-%d %H:%M})"
