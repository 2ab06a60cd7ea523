"""People, institutions, reported figures, and the subject taxonomy people and papers share."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from config.text import fold, slug_in_use, split_name, unique_slug
from people.photos import validate_photo
from people.validators import normalize_orcid, normalize_ror, validate_orcid, validate_ror


class InstitutionQuerySet(models.QuerySet):
    def with_member_count(self):
        """Annotated `members`: the people ever affiliated there (a subquery)."""
        # Counted in a subquery: a join would multiply the rows of any other count.
        members = (
            Affiliation.objects.filter(institution=OuterRef("pk"))
            .order_by()
            .values("institution")
            .annotate(count=Count("person", distinct=True))
            .values("count")
        )
        return self.annotate(members=Coalesce(Subquery(members), 0))


class Institution(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", "University"
        COMPANY = "company", "Company"
        INSTITUTE = "institute", "Research institute"
        LAB = "lab", "Lab"
        OTHER = "other", "Other"

    name = models.CharField(max_length=255)
    short_name = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="The tag shown on paper cards, e.g. deepmind.",
    )
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 two-letter code.")
    website = models.URLField(blank=True)
    ror_id = models.CharField("ROR id", max_length=9, blank=True, validators=[validate_ror])
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    history = HistoricalRecords()

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ror_id"], condition=~Q(ror_id=""), name="people_institution_unique_ror"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="people_institution_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:institution_detail", kwargs={"slug": self.slug})

    @property
    def tag(self) -> str:
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        self.ror_id = normalize_ror(self.ror_id)
        self.country = self.country.upper()
        if not self.slug:
            self.slug = unique_slug(self.short_name or self.name, taken=slug_in_use(self))
        super().save(*args, **kwargs)


# When a bare label exists in several archives (CV is cs.CV and math.CV), the first
# archive in this list wins; archives not listed come after, alphabetically.
SUBJECT_ARCHIVE_PREFERENCE = ["cs", "stat", "eess", "math", "physics"]


class SubjectQuerySet(models.QuerySet):
    def resolve_map(self, labels_or_codes) -> dict[str, "Subject"]:
        """Map each label (CV) or full code (cs.CV) to a Subject, in one query.

        Full codes are used as given (case-insensitive); a bare label picks the archive
        by SUBJECT_ARCHIVE_PREFERENCE. Unknown values are left out of the result.
        """
        wanted = {value.strip(): value for value in labels_or_codes if value and value.strip()}
        if not wanted:
            return {}
        by_code: dict[str, Subject] = {}
        by_label: dict[str, list[Subject]] = {}
        for subject in self.all():
            by_code[subject.code.lower()] = subject
            by_label.setdefault(subject.label.lower(), []).append(subject)

        def rank(subject: "Subject") -> tuple[int, str]:
            archive = subject.code.split(".")[0]
            if archive in SUBJECT_ARCHIVE_PREFERENCE:
                return SUBJECT_ARCHIVE_PREFERENCE.index(archive), archive
            return len(SUBJECT_ARCHIVE_PREFERENCE), archive

        resolved: dict[str, Subject] = {}
        for stripped, original in wanted.items():
            key = stripped.lower()
            if key in by_code:
                resolved[original] = by_code[key]
            elif key in by_label:
                resolved[original] = min(by_label[key], key=rank)
        return resolved

    def resolve(self, label_or_code: str) -> "Subject | None":
        """The Subject for one label or code, or None (one query)."""
        return self.resolve_map([label_or_code]).get(label_or_code)


class Subject(models.Model):
    """An arXiv-style classification: code cs.CL, label CL, name Computation and Language."""

    code = models.CharField(max_length=32, unique=True)
    label = models.CharField(max_length=16, db_index=True, help_text="Short label shown on cards.")
    name = models.CharField(max_length=255)
    group = models.CharField(max_length=64, blank=True, help_text="e.g. Computer Science.")
    history = HistoricalRecords()

    objects = SubjectQuerySet.as_manager()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class PersonQuerySet(models.QuerySet):
    def members(self):
        """Current and former group members (anyone with a group role)."""
        return self.exclude(role="")

    def current(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.members().filter(Q(left__isnull=True) | Q(left__gt=on))

    def alumni(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.members().filter(left__lte=on)

    def members_and(self, slug: str = ""):
        """The members, plus the person with this slug when they are outside the group."""
        return self.filter(~Q(role="") | Q(slug=slug or None))

    def search(self, text: str):
        """People with the text in any name spelling; accent-insensitive through the slug,
        which is folded. Nothing when the text folds to nothing."""
        folded = slugify(fold(text))
        if not folded:
            return self.none()
        return self.alias(variants=Cast("name_variants", models.TextField())).filter(
            Q(slug__contains=folded) | Q(full_name__icontains=text) | Q(variants__icontains=text)
        )

    def members_first(self):
        """Group members (current and former) first, then everyone else, each by name."""
        return self.order_by(
            Case(When(role="", then=1), default=0, output_field=IntegerField()),
            "family_name",
            "given_name",
        )

    def affiliated_with(self, institution):
        """People with an affiliation, past or present, at the institution."""
        return self.filter(affiliations__institution=institution).distinct()

    def role_order(self):
        """Ordered by group role as Person.Role declares it (PI first), then by name."""
        order = Case(
            *[When(role=value, then=index) for index, value in enumerate(Person.Role.values)],
            default=len(Person.Role.values),
            output_field=IntegerField(),
        )
        return self.order_by(order, "family_name", "given_name")

    def with_affiliations(self):
        """Prefetch affiliations with their institutions (one extra query)."""
        return self.prefetch_related(
            models.Prefetch(
                "affiliations", queryset=Affiliation.objects.select_related("institution")
            )
        )


class Person(models.Model):
    class Role(models.TextChoices):
        PI = "pi", "Principal investigator"
        FACULTY = "faculty", "Faculty"
        POSTDOC = "postdoc", "Postdoctoral researcher"
        PHD = "phd", "PhD student"
        MASTERS = "masters", "Master's student"
        ENGINEER = "engineer", "Research engineer"
        STAFF = "staff", "Staff"
        VISITOR = "visitor", "Visitor"

    # Groups of profile fields, named once for the admin form, the API and merging.
    ABOUT_FIELDS = ("bio", "research_interests", "primary_subject")
    LINK_FIELDS = (
        "website",
        "email",
        "orcid",
        "google_scholar",
        "semantic_scholar",
        "dblp",
        "github",
    )

    full_name = models.CharField(max_length=255)
    given_name = models.CharField(max_length=128, blank=True)
    family_name = models.CharField(max_length=128, blank=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    name_variants = models.JSONField(
        default=list,
        blank=True,
        help_text="Other spellings used to match authors, e.g. O. Vinyals.",
    )
    role = models.CharField(
        max_length=16,
        choices=Role.choices,
        blank=True,
        help_text="Empty for people outside the group.",
    )
    joined = models.DateField(null=True, blank=True)
    left = models.DateField(null=True, blank=True, help_text="Set when a member leaves (alumni).")
    photo = models.ImageField(
        upload_to="people/photos/",
        blank=True,
        validators=[validate_photo],
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_thumbnails = models.JSONField(default=dict, blank=True, editable=False)
    bio = models.TextField(blank=True)
    research_interests = models.TextField(blank=True)
    primary_subject = models.ForeignKey(
        Subject, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    orcid = models.CharField("ORCID iD", max_length=19, blank=True, validators=[validate_orcid])
    google_scholar = models.URLField("Google Scholar", blank=True)
    semantic_scholar = models.URLField("Semantic Scholar", blank=True)
    dblp = models.URLField("DBLP", blank=True)
    github = models.URLField("GitHub", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="Login that may edit this profile and its papers.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "full_name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["orcid"], condition=~Q(orcid=""), name="people_person_unique_orcid"
            ),
            models.CheckConstraint(
                condition=Q(left__isnull=True)
                | Q(joined__isnull=True)
                | Q(left__gte=models.F("joined")),
                name="people_person_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:detail", kwargs={"slug": self.slug})

    @property
    def is_member(self) -> bool:
        return bool(self.role)

    @property
    def is_alumnus(self) -> bool:
        return bool(self.role) and self.left is not None and self.left <= timezone.localdate()

    @property
    def initials(self) -> str:
        words = [w for w in (self.given_name, self.family_name) if w] or self.full_name.split()
        return "".join(w[0] for w in words[:2] if w).upper()

    @property
    def orcid_url(self) -> str:
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""

    def all_names(self) -> list[str]:
        """The full name and every variant, as written."""
        return [self.full_name, *[v for v in self.name_variants if v]]

    def save(self, *args, **kwargs):
        self.full_name = " ".join(self.full_name.split())
        self.orcid = normalize_orcid(self.orcid) if self.orcid else ""
        if not (self.given_name or self.family_name):
            given, family = split_name(self.full_name)
            # Derived parts are cut to their columns: a long group name must still save.
            self.given_name, self.family_name = given[:128], family[:128]
        if not self.slug:
            self.slug = unique_slug(self.full_name, taken=slug_in_use(self))
        super().save(*args, **kwargs)


class ReportedMetric(models.Model):
    """A figure copied from elsewhere (a profile page, Google Scholar), shown as reported."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reported_metrics")
    name = models.CharField(max_length=64, help_text="e.g. h-index, papers, citations, Novelty.")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=8, blank=True, help_text="e.g. % for a percentage.")
    source = models.CharField(max_length=255, help_text="Where the figure was read.")
    as_of = models.DateField("date", help_text="When the figure was read.")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "name", "source"], name="people_reportedmetric_unique_name_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.display_value}"

    @property
    def display_value(self) -> str:
        value = self.value
        text = (
            f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}".rstrip("0")
        )
        return f"{text} {self.unit}".strip() if self.unit == "%" else f"{text}{self.unit}"


class Affiliation(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="affiliations"
    )
    position = models.CharField(max_length=128, blank=True, help_text="e.g. Research Scientist.")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("end").desc(nulls_first=True), "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="people_affiliation_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.institution}"

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.start is None or self.start <= on) and (self.end is None or self.end > on)
