"""Deterministic synthetic data at any size, for tests and benchmarks.

Rows are written with bulk_create in batches, one transaction per batch: no save(),
no signals, no history records. Everything save() would derive (slug, year, has_code,
search_text, name parts) is computed here in memory, and uniqueness of slugs and
identifiers is checked against sets loaded once, never per row.
"""

import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import reset_queries, transaction

from config.text import fold, split_name, unique_slug
from papers.models import Authorship, Paper, Venue
from papers.search import search_text_for
from people.models import Affiliation, Institution, Person, Subject

GIVEN_NAMES = [
    "Ada", "Alan", "Amara", "Anders", "Aoife", "Ayşe", "Bao", "Beatriz", "Bjørn", "Carmen",
    "Chen", "Chiara", "Dário", "Dmitri", "Elena", "Émile", "Eun-ji", "Fatima", "Felipe", "Freya",
    "Gaël", "Grace", "Hana", "Hiroshi", "Ines", "Ivan", "Jae-won", "Jana", "Jörg", "Kai",
    "Kamala", "Karim", "Laila", "Lars", "Léa", "Lucía", "Malik", "Maren", "Mateo", "Mei",
    "Miguel", "Nadia", "Nikolai", "Noor", "Olga", "Omar", "Paulo", "Priya", "Rafael", "Rania",
    "Ravi", "Renée", "Saanvi", "Sam", "Siobhán", "Sofía", "Søren", "Tariq", "Tomás", "Ugo",
    "Valentina", "Wei", "Xin", "Yara", "Yusuf", "Zoë", "Zeynep", "Žofia", "Łukasz", "Ingrid",
]  # fmt: skip
FAMILY_NAMES = [
    "Abara", "Adeyemi", "Almeida", "Andersson", "Bauer", "Becker", "Bianchi", "Brennan", "Castro",
    "Chandra", "Chowdhury", "Costa", "da Silva", "de Groot", "de la Cruz", "Dubois", "Eriksen",
    "Fernández", "Fischer", "Fontaine", "García", "Gonçalves", "Haddad", "Hansen", "Horvat",
    "Ivanova", "Jansen", "Jiménez", "Kaur", "Kim", "Kowalski", "Kuznetsov", "Larsen", "Lefèvre",
    "Li", "Lindqvist", "Lopez", "Mahmoud", "Marić", "Martins", "Mendoza", "Møller", "Moreau",
    "Müller", "Nakamura", "Nguyen", "Novák", "Nowak", "O'Brien", "Okafor", "Olsen", "Park",
    "Pereira", "Petrović", "Popescu", "Quispe", "Rahman", "Rossi", "Sánchez", "Sato", "Schmidt",
    "Şahin", "Singh", "Sokolova", "Suzuki", "Tanaka", "Toivonen", "Van Dyke", "van der Berg",
    "van den Oord", "Vasquez", "Virtanen", "von Neumann", "Wagner", "Wang", "Watanabe",
    "Weber", "Wiśniewska", "Yamamoto", "Yılmaz", "Zhang", "Zhou", "Zieliński", "Çelik",
]  # fmt: skip
PLACES = [
    "Aarhus", "Bergen", "Bologna", "Cape Town", "Coimbra", "Delft", "Edinburgh", "Freiburg",
    "Ghent", "Graz", "Helsinki", "Kyoto", "Leuven", "Lyon", "Montréal", "Nairobi", "Oslo",
    "Porto", "Québec", "Santiago", "Seoul", "Tartu", "Tübingen", "Uppsala", "Valparaíso",
    "Warsaw", "Zürich", "Kraków", "São Paulo", "Reykjavík",
]  # fmt: skip
TITLE_OPENERS = [
    "Towards", "On", "Learning", "Rethinking", "Scaling", "Understanding", "Revisiting",
    "Efficient", "Robust", "Provable", "Sparse", "Self-supervised", "Neural", "Probabilistic",
]  # fmt: skip
ADJECTIVES = [
    "adaptive", "causal", "contrastive", "differentiable", "equivariant", "hierarchical",
    "implicit", "latent", "modular", "multimodal", "non-parametric", "recurrent", "stochastic",
    "structured", "compositional", "continual", "federated", "generative", "symbolic", "naïve",
]  # fmt: skip
NOUNS = [
    "attention", "agents", "representations", "transformers", "graphs", "policies", "priors",
    "embeddings", "retrieval", "planning", "diffusion", "memory", "kernels", "tokenizers",
    "optimizers", "world models", "benchmarks", "reasoning", "distillation", "calibration",
    "segmentation", "translation", "control", "compression", "search", "proofs", "proteins",
]  # fmt: skip
DOMAINS = [
    "language", "vision", "speech", "robotics", "weather", "chemistry", "code", "games",
    "medicine", "music", "mathematics", "video", "tabular data", "recommendation", "genomics",
]  # fmt: skip
MATH = [
    r"$O(n \log n)$", r"$\epsilon$-optimal", r"$\ell_1$", r"$2\times$", r"$\mathbb{R}^d$",
    r"$k$-nearest", r"$p < 0.05$", r"$\sqrt{T}$", r"$\alpha$-divergence", r"$10^{6}$",
]  # fmt: skip
EXTRA_WORDS = ["Schrödinger", "Fréchet", "Poincaré", "Erdős", "a priori", "rôle", "café"]
VENUES = [
    ("NeurIPS", "Conference on Neural Information Processing Systems", Venue.Kind.CONFERENCE),
    ("ICML", "International Conference on Machine Learning", Venue.Kind.CONFERENCE),
    ("ICLR", "International Conference on Learning Representations", Venue.Kind.CONFERENCE),
    ("CVPR", "Conference on Computer Vision and Pattern Recognition", Venue.Kind.CONFERENCE),
    ("ACL", "Annual Meeting of the Association for Computational Linguistics", Venue.Kind.CONFERENCE),
    ("AAAI", "AAAI Conference on Artificial Intelligence", Venue.Kind.CONFERENCE),
    ("JMLR", "Journal of Machine Learning Research", Venue.Kind.JOURNAL),
    ("TMLR", "Transactions on Machine Learning Research", Venue.Kind.JOURNAL),
    ("Nature", "Nature", Venue.Kind.JOURNAL),
    ("arXiv", "arXiv", Venue.Kind.PREPRINT_SERVER),
]  # fmt: skip
# Subjects a machine-learning group publishes in most; any other arXiv code appears now and then.
COMMON_SUBJECTS = ["cs.LG", "cs.CL", "cs.CV", "cs.AI", "stat.ML", "cs.RO", "eess.IV", "cs.NE"]
ROLES = [
    Person.Role.POSTDOC, Person.Role.PHD, Person.Role.PHD, Person.Role.MASTERS,
    Person.Role.ENGINEER, Person.Role.FACULTY, Person.Role.STAFF, Person.Role.VISITOR,
]  # fmt: skip
FIRST_YEAR, YEARS = 2006, 20
DOI_PREFIX = "10.5555"  # a prefix reserved for examples and tests


@dataclass(frozen=True)
class GeneratedCounts:
    people: int
    institutions: int
    venues: int
    papers: int
    authorships: int
    seconds: float


class _Unique:
    """Hands out slugs not yet taken, appending -2, -3... (a set lookup, no query)."""

    def __init__(self, taken):
        self.taken = set(taken)

    def claim(self, text: str, max_length: int) -> str:
        slug = unique_slug(text, taken=self.taken.__contains__, max_length=max_length)
        self.taken.add(slug)
        return slug


def _title(rng: random.Random) -> str:
    shape = rng.randrange(4)
    adjective, noun, domain = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(DOMAINS)
    if shape == 0:
        return f"{rng.choice(TITLE_OPENERS)} {adjective} {noun} for {domain}"
    if shape == 1:
        return f"{adjective.capitalize()} {noun}: {rng.choice(NOUNS)} meets {domain}"
    if shape == 2:
        return f"{rng.choice(TITLE_OPENERS)} {noun} with {rng.choice(MATH)} guarantees"
    return f"When do {adjective} {noun} help {domain}? A study of {rng.choice(NOUNS)} & {noun}"


def _abstract(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 4)):
        words = [rng.choice(ADJECTIVES + NOUNS + DOMAINS) for _ in range(rng.randint(6, 14))]
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(MATH))
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words)), rng.choice(EXTRA_WORDS))
        sentence = " ".join(words)
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
    return " ".join(sentences)


def _arxiv_id(day: date, serial: int) -> str:
    """A valid id for the month: old style before 2007, 4 digits to 2014, 5 digits since;
    empty once the month's numbers run out."""
    yy, mm = day.year % 100, day.month
    if day.year < 2007:
        return f"cs/{yy:02d}{mm:02d}{serial:03d}" if serial < 1000 else ""
    if day.year < 2015:
        return f"{yy:02d}{mm:02d}.{serial:04d}" if serial < 10_000 else ""
    return f"{yy:02d}{mm:02d}.{serial:05d}" if serial < 100_000 else ""


def _make_people(rng: random.Random, count: int, slugs: _Unique) -> list[Person]:
    pairs = [(g, f) for g in GIVEN_NAMES for f in FAMILY_NAMES]
    rng.shuffle(pairs)
    people = []
    for n in range(count):
        given, family = pairs[n % len(pairs)]
        if n >= len(pairs):  # more people than name pairs: add a middle initial
            given = f"{given} {chr(ord('A') + (n // len(pairs) - 1) % 26)}."
        full_name = f"{given} {family}"
        given_part, family_part = split_name(full_name)
        role = ""
        joined = left = None
        if n == 0:
            role = Person.Role.PI
            joined = date(FIRST_YEAR, 1, 1)
        elif n < max(3, count // 20):  # about one in twenty is a group member
            role = rng.choice(ROLES)
            joined = date(FIRST_YEAR, 1, 1) + timedelta(days=rng.randrange(YEARS * 365))
            if rng.random() < 0.3:
                left = joined + timedelta(days=rng.randint(180, 6 * 365))
        people.append(
            Person(
                full_name=full_name,
                given_name=given_part,
                family_name=family_part,
                slug=slugs.claim(full_name, 80),
                name_variants=[f"{given_part[0]}. {family_part}", f"{family_part}, {given_part}"],
                role=role,
                joined=joined,
                left=left,
            )
        )
    return people


def generate_data(
    *,
    papers: int,
    people: int,
    seed: int,
    person_papers: int = 0,
    batch_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> GeneratedCounts:
    """Add `people` people and `papers` papers made from `seed`; the same seed gives the same
    names, titles and author lists. The first person (the PI) is an author of the first
    `person_papers` papers."""
    if people < 1:
        raise ValueError("generate at least one person")
    if person_papers > papers:
        raise ValueError("--person-papers cannot exceed --papers")
    started = time.perf_counter()
    rng = random.Random(seed)
    subjects = list(Subject.objects.order_by("code"))
    if not subjects:
        raise ValueError("the Subject table is empty; run migrate first")
    institutions, venues, persons = _make_group(rng, people, batch_size)
    maker = _PaperMaker(
        rng,
        seed,
        subjects=subjects,
        venues=venues,
        institutions=institutions,
        persons=persons,
        keep_pi_out=person_papers > 0,
    )
    made_papers = made_authorships = 0
    for batch_start in range(0, papers, batch_size):
        batch = range(batch_start, min(papers, batch_start + batch_size))
        drafts = [maker.draft(index, with_pi=index < person_papers) for index in batch]
        made_authorships += _write_papers(drafts)
        # Under DEBUG every query is kept in memory; these inserts are megabytes each.
        reset_queries()
        made_papers += len(drafts)
        if progress:
            progress(made_papers, papers)
    return GeneratedCounts(
        people=len(persons),
        institutions=len(institutions),
        venues=len(venues),
        papers=made_papers,
        authorships=made_authorships,
        seconds=time.perf_counter() - started,
    )


def _make_group(
    rng: random.Random, people: int, batch_size: int
) -> tuple[list[Institution], list[Venue], list[Person]]:
    """Institutions, venues, people and their affiliations, in one transaction."""
    with transaction.atomic():
        institutions = _institutions(
            rng,
            max(5, people // 40),
            _Unique(Institution.objects.values_list("slug", flat=True)),
        )
        venues = _venues(_Unique(Venue.objects.values_list("slug", flat=True)))
        persons = Person.objects.bulk_create(
            _make_people(rng, people, _Unique(Person.objects.values_list("slug", flat=True))),
            batch_size=batch_size,
        )
        Affiliation.objects.bulk_create(
            [
                Affiliation(
                    person=person,
                    institution=rng.choice(institutions),
                    position=person.get_role_display() if person.role else "",
                    start=person.joined,
                    end=person.left,
                )
                for person in persons
                if person.role or rng.random() < 0.5
            ],
            batch_size=batch_size,
        )
    return institutions, venues, persons


@dataclass
class _Draft:
    paper: Paper
    authors: list[tuple[str, Person | None]]
    subjects: set[Subject]
    tags: list[Institution]


class _PaperMaker:
    """Draws one paper after another from the seeded generator (the order of draws is the
    data: changing it changes every paper after it)."""

    def __init__(self, rng, seed, *, subjects, venues, institutions, persons, keep_pi_out):
        self.rng, self.seed = rng, seed
        self.subjects, self.venues, self.institutions = subjects, venues, institutions
        self.common = [s for s in subjects if s.code in COMMON_SUBJECTS]
        self.pi = persons[0]
        # Authors are drawn with a skew so that some people have many papers, as in real
        # groups. With --person-papers the PI is kept out of the draw so that they hold
        # exactly K papers.
        self.pool = persons[1:] if keep_pi_out and len(persons) > 1 else persons
        self.cum_weights = list(
            itertools.accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(self.pool)))
        )
        self.slugs = _Unique(Paper.objects.values_list("slug", flat=True))
        self.dois = set(Paper.objects.exclude(doi="").values_list("doi", flat=True))
        self.arxiv_ids = set(Paper.objects.exclude(arxiv_id="").values_list("arxiv_id", flat=True))
        self.arxiv_serial: dict[tuple[int, int], int] = {}

    def draft(self, index: int, *, with_pi: bool) -> _Draft:
        rng = self.rng
        day = date(FIRST_YEAR, 1, 1) + timedelta(days=rng.randrange(YEARS * 365))
        title, abstract = _title(rng), _abstract(rng)
        authors = _author_list(rng, self.pool, self.cum_weights, pi=self.pi if with_pi else None)
        primary = rng.choice(self.common) if rng.random() < 0.85 else rng.choice(self.subjects)
        extra = {primary, *rng.sample(self.common, rng.randint(0, 2))}
        has_code = rng.random() < 0.3
        doi = self.doi(index) if rng.random() < 0.7 else ""
        arxiv_id = ""
        if rng.random() < 0.6:
            arxiv_id = _next_arxiv_id(day, self.arxiv_serial, self.arxiv_ids)
        venue = rng.choice(self.venues) if rng.random() < 0.8 else None
        paper = Paper(
            title=title,
            slug=self.slugs.claim(title, 100),
            abstract=abstract,
            date=day,
            year=day.year,
            kind=_kind_for(venue),
            venue=venue,
            doi=doi,
            arxiv_id=arxiv_id,
            primary_subject=primary,
            has_code=has_code,
            code_url=f"https://code.example.org/{index}" if has_code and index % 2 else "",
            citation_count=min(int((rng.paretovariate(1.16) - 1) * 8), 200_000),
            citations_read_on=date(2026, 1, 1),
            is_featured=rng.random() < 0.01,
            is_published=rng.random() > 0.02,
            authors_complete=rng.random() > 0.15,
            search_text=search_text_for(title, abstract, [name for name, _ in authors]),
        )
        tags = rng.sample(self.institutions, rng.choice([0, 0, 1, 1, 2]))
        return _Draft(paper=paper, authors=authors, subjects=extra, tags=tags)

    def doi(self, index: int) -> str:
        doi = f"{DOI_PREFIX}/labsite.{self.seed}.{index}"
        while doi in self.dois:
            doi += "x"
        self.dois.add(doi)
        return doi


def _write_papers(drafts: list[_Draft]) -> int:
    """Bulk-create the drafted papers with their authors, subjects and tags; returns the
    number of authorships."""
    with transaction.atomic():
        created = Paper.objects.bulk_create([draft.paper for draft in drafts])
        authorships = [
            Authorship(paper=paper, position=position, name=name, person=person)
            for paper, draft in zip(created, drafts, strict=True)
            for position, (name, person) in enumerate(draft.authors)
        ]
        Authorship.objects.bulk_create(authorships, batch_size=5000)
        Paper.subjects.through.objects.bulk_create(
            [
                Paper.subjects.through(paper_id=paper.pk, subject_id=subject.pk)
                for paper, draft in zip(created, drafts, strict=True)
                for subject in draft.subjects
            ],
            batch_size=5000,
        )
        Paper.institutions.through.objects.bulk_create(
            [
                Paper.institutions.through(paper_id=paper.pk, institution_id=tag.pk)
                for paper, draft in zip(created, drafts, strict=True)
                for tag in draft.tags
            ],
            batch_size=5000,
        )
    return len(authorships)


def _venues(slugs: _Unique) -> list[Venue]:
    """The fixed venue list, reusing venues of the same short name (a second run adds none)."""
    existing = {
        v.short_name: v for v in Venue.objects.filter(short_name__in=[v[0] for v in VENUES])
    }
    missing = [
        Venue(name=name, short_name=short, slug=slugs.claim(short, 80), kind=kind)
        for short, name, kind in VENUES
        if short not in existing
    ]
    existing.update({v.short_name: v for v in Venue.objects.bulk_create(missing)})
    return [existing[short] for short, _, _ in VENUES]


def _institutions(rng: random.Random, count: int, slugs: _Unique) -> list[Institution]:
    """Institutions for the run, reusing those of the same name from an earlier run."""
    wanted = _institution_names(rng, count)
    existing = {
        i.name: i for i in Institution.objects.filter(name__in=[name for name, _ in wanted])
    }
    missing = [
        Institution(
            name=name,
            short_name=fold(name).replace(" ", "-")[:64],
            slug=slugs.claim(name, 80),
            kind=kind,
        )
        for name, kind in wanted
        if name not in existing
    ]
    existing.update({i.name: i for i in Institution.objects.bulk_create(missing)})
    return [existing[name] for name, _ in wanted]


def _institution_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    shapes = [
        ("University of {}", Institution.Kind.UNIVERSITY),
        ("{} Institute of Technology", Institution.Kind.UNIVERSITY),
        ("{} Centre for Machine Intelligence", Institution.Kind.INSTITUTE),
        ("{} AI Lab", Institution.Kind.LAB),
        ("{} Analytics", Institution.Kind.COMPANY),
    ]
    names = [(shape.format(place), kind) for shape, kind in shapes for place in PLACES]
    rng.shuffle(names)
    result = names[:count]
    for n in range(len(names), count):  # more than the lists can name: number them
        result.append((f"Research Institute {n}", Institution.Kind.INSTITUTE))
    return result


def _author_list(
    rng: random.Random, pool: list[Person], cum_weights: list[float], *, pi: Person | None
) -> list[tuple[str, Person | None]]:
    """1-15 authors in order, about half linked to people; names as printed."""
    size = min(15, max(1, int(rng.lognormvariate(1.4, 0.6))))
    linked = rng.choices(pool, cum_weights=cum_weights, k=max(1, size // 2))
    chosen: list[Person] = []
    for person in linked:
        if person not in chosen:
            chosen.append(person)
    if pi is not None and pi not in chosen:
        chosen.insert(rng.randrange(len(chosen) + 1), pi)
    authors: list[tuple[str, Person | None]] = [
        (person.full_name if rng.random() < 0.8 else person.name_variants[0], person)
        for person in chosen
    ]
    while len(authors) < size:
        name = f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
        authors.insert(rng.randrange(len(authors) + 1), (name, None))
    return authors


def _next_arxiv_id(
    day: date, serials: dict[tuple[int, int], int], taken: set[str], *, upper_half: bool = False
) -> str:
    """The month's next free id; upper_half numbers from the middle of the month's range,
    so that two generators (papers and BibTeX) do not hand out the same ids."""
    key = (day.year, day.month)
    if key not in serials:
        capacity = 1000 if day.year < 2007 else 10_000 if day.year < 2015 else 100_000
        serials[key] = capacity // 2 if upper_half else 0
    while True:
        serials[key] += 1
        value = _arxiv_id(day, serials[key])
        if not value:
            return ""
        if value not in taken:
            taken.add(value)
            return value


def _kind_for(venue: Venue | None) -> str:
    if venue is None:
        return Paper.Kind.OTHER
    return {
        Venue.Kind.CONFERENCE: Paper.Kind.CONFERENCE,
        Venue.Kind.JOURNAL: Paper.Kind.ARTICLE,
        Venue.Kind.PREPRINT_SERVER: Paper.Kind.PREPRINT,
    }.get(venue.kind, Paper.Kind.OTHER)


# LaTeX spellings a real .bib file uses for some of the names above.
LATEX_NAMES = {
    "ö": r"{\"o}", "ü": r"{\"u}", "é": r"{\'e}", "á": r"{\'a}", "í": r"{\'i}", "ç": r"{\c c}",
    "ø": r"{\o}", "ł": r"{\l}", "ë": r"{\"e}", "è": r"{\`e}", "ñ": r"{\~n}", "ő": r"{\H o}",
}  # fmt: skip


def _latex(text: str) -> str:
    return "".join(LATEX_NAMES.get(char, char) for char in text)


def synthetic_bibtex(*, count: int, seed: int) -> str:
    """`count` BibTeX entries made from `seed` (no database): articles and conference papers
    with LaTeX-escaped accents, "and others", DOIs and arXiv ids. Titles carry their entry
    number so that no two entries are the same paper."""
    rng = random.Random(seed)
    serials: dict[tuple[int, int], int] = {}
    entries = []
    for index in range(count):
        day = date(FIRST_YEAR, 1, 1) + timedelta(days=rng.randrange(YEARS * 365))
        names = [
            f"{rng.choice(FAMILY_NAMES)}, {rng.choice(GIVEN_NAMES)}"
            for _ in range(min(15, max(1, int(rng.lognormvariate(1.4, 0.6)))))
        ]
        if rng.random() < 0.15:
            names.append("others")
        short, venue_name, venue_kind = rng.choice(VENUES)
        entry_type, venue_field = (
            ("article", "journal")
            if venue_kind != Venue.Kind.CONFERENCE
            else ("inproceedings", "booktitle")
        )
        fields = {
            "title": "{" + f"{_title(rng)}, case {index + 1}".replace("&", r"\&") + "}",
            "author": _latex(" and ".join(names)),
            venue_field: venue_name,
            "year": str(day.year),
            "month": day.strftime("%b").lower(),
            "doi": f"{DOI_PREFIX}/labsite-bib.{seed}.{index}",
            "abstract": _abstract(rng).replace("&", r"\&"),
        }
        if rng.random() < 0.5:
            arxiv_id = _next_arxiv_id(day, serials, set(), upper_half=True)
            if arxiv_id:
                fields["eprint"] = arxiv_id
                fields["archiveprefix"] = "arXiv"
        body = ",\n".join(
            f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
            for name, value in fields.items()
        )
        entries.append(f"@{entry_type}{{{short.lower()}{day.year}key{index},\n{body}\n}}\n")
    return "\n".join(entries)
