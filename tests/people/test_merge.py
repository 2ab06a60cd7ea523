import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from PIL import Image

from papers.models import Authorship
from people import services
from people.models import Affiliation, Person, ReportedMetric
from people.services import MergeError, person_merge
from tests.factories import (
    make_affiliation,
    make_institution,
    make_metric,
    make_paper,
    make_person,
    make_user,
)

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Everything a merge must not lose, as comparable values."""
    return {
        "people": sorted(Person.objects.values_list("pk", "full_name", "name_variants", "orcid")),
        "authorships": sorted(
            Authorship.objects.values_list(
                "pk", "paper_id", "position", "name", "person_id", "equal_contribution"
            )
        ),
        "affiliations": sorted(Affiliation.objects.values_list("pk", "person_id", "position")),
        "metrics": sorted(ReportedMetric.objects.values_list("pk", "person_id", "source")),
    }


def test_it_moves_authorships_affiliations_metrics_and_names_to_the_kept_person():
    keep = make_person("Oriol Vinyals", name_variants=["O. Vinyals"])
    dup = make_person("Vinyals, O.", name_variants=["Oriol Vinyals Jr"])
    papers = [make_paper(authors=["A. One", dup]) for _ in range(3)]
    make_paper(authors=[keep])
    inst = make_institution()
    make_affiliation(dup, inst, position="Scientist", start=date(2016, 1, 1))
    make_affiliation(keep, make_institution())
    make_metric(dup, name="citations", value=5)
    make_metric(keep, name="h-index", value=3)
    before = (
        Authorship.objects.count(),
        Affiliation.objects.count(),
        ReportedMetric.objects.count(),
    )

    result = person_merge(keep=keep, merge=[dup])

    keep.refresh_from_db()
    assert not Person.objects.filter(pk=dup.pk).exists()
    assert (
        Authorship.objects.count(),
        Affiliation.objects.count(),
        ReportedMetric.objects.count(),
    ) == before
    assert keep.authorships.count() == 4
    assert all(p.authorships.get(position=1).person == keep for p in papers)
    assert keep.affiliations.filter(institution=inst, position="Scientist").exists()
    assert sorted(keep.reported_metrics.values_list("name", flat=True)) == ["citations", "h-index"]
    assert keep.name_variants == ["O. Vinyals", "Vinyals, O.", "Oriol Vinyals Jr"]
    assert result.authorships_moved == 3
    assert result.affiliations_moved == 1
    assert result.metrics_moved == 1


def test_a_paper_authored_by_both_keeps_the_authorship_with_a_known_position_and_all_flags():
    keep = make_person("Ada Lovelace")
    dup = make_person("A. Lovelace")
    inst = make_institution()
    paper = make_paper(authors=["B. Babbage", dup])
    known = paper.authorships.get(person=dup)
    placeholder = Authorship.objects.create(
        paper=paper, position=None, name=keep.full_name, person=keep, corresponding=True
    )
    placeholder.institutions.add(inst)

    result = person_merge(keep=keep, merge=[dup])

    authorships = list(paper.authorships.all())
    assert [(a.position, a.name, a.person_id) for a in authorships] == [
        (0, "B. Babbage", None),
        (1, "A. Lovelace", keep.pk),
    ]
    assert authorships[1].pk == known.pk
    assert authorships[1].corresponding is True
    assert list(authorships[1].institutions.all()) == [inst]
    assert result.authorships_combined == 1


def test_two_known_positions_on_one_paper_keep_the_author_list_and_unlink_the_second():
    keep = make_person("Ada Lovelace")
    dup = make_person("A. Lovelace")
    paper = make_paper(authors=[dup, "B. Babbage", keep])

    result = person_merge(keep=keep, merge=[dup])

    assert list(paper.authorships.values_list("position", "person_id")) == [
        (0, keep.pk),
        (1, None),
        (2, None),
    ]
    assert result.authorships_unlinked == 1


def test_empty_fields_and_the_login_are_filled_from_the_merged_person():
    user = make_user()
    keep = make_person("Ada Lovelace", bio="Kept bio.")
    dup = make_person(
        "A. Lovelace",
        orcid="0000-0002-1825-0097",
        bio="Other bio.",
        github="https://github.com/ada",
        role="postdoc",
        user=user,
    )

    result = person_merge(keep=keep, merge=[dup])

    keep.refresh_from_db()
    assert keep.orcid == "0000-0002-1825-0097"
    assert keep.github == "https://github.com/ada"
    assert keep.role == "postdoc"
    assert keep.bio == "Kept bio."
    assert keep.user == user
    assert {"orcid", "github", "role", "user"} <= set(result.fields_filled)


def test_a_clashing_reported_figure_is_kept_with_its_origin_and_an_identical_one_is_dropped():
    keep = make_person("Ada Lovelace")
    dup = make_person("A. Lovelace")
    make_metric(keep, name="h-index", value=10, source="scholar")
    make_metric(dup, name="h-index", value=12, source="scholar")
    make_metric(keep, name="papers", value=7, source="scholar")
    make_metric(dup, name="papers", value=7, source="scholar")

    person_merge(keep=keep, merge=[dup])

    assert sorted(keep.reported_metrics.values_list("name", "value", "source")) == [
        ("h-index", 10, "scholar"),
        ("h-index", 12, "scholar (from A. Lovelace)"),
        ("papers", 7, "scholar"),
    ]


def test_identical_affiliations_are_not_duplicated():
    keep, dup = make_person(), make_person()
    inst = make_institution()
    make_affiliation(keep, inst, position="PhD student")
    make_affiliation(dup, inst, position="PhD student")

    person_merge(keep=keep, merge=[dup])

    assert keep.affiliations.count() == 1


def test_several_people_merge_at_once():
    keep, first, second = (
        make_person("Ada Lovelace"),
        make_person("A. Lovelace"),
        make_person("Ada L."),
    )
    paper = make_paper(authors=[first, second])

    person_merge(keep=keep, merge=[first, second])

    assert Person.objects.filter(pk__in=[first.pk, second.pk]).count() == 0
    assert list(paper.authorships.values_list("person_id", flat=True)) == [keep.pk, None]
    keep.refresh_from_db()
    assert keep.name_variants == ["A. Lovelace", "Ada L."]


def test_merging_a_person_into_themselves_is_refused():
    keep = make_person()
    with pytest.raises(MergeError):
        person_merge(keep=keep, merge=[keep])


def test_an_error_midway_rolls_everything_back(monkeypatch):
    keep = make_person("Ada Lovelace")
    dup = make_person("A. Lovelace", orcid="0000-0002-1825-0097")
    make_paper(authors=[dup, "B. Babbage"])
    make_paper(authors=[keep, dup])
    make_affiliation(dup)
    make_metric(dup)
    before = snapshot()

    def explode(keep, merged):
        raise IntegrityError("simulated failure after authorships and affiliations moved")

    monkeypatch.setattr(services, "_move_other_relations", explode)
    with pytest.raises(IntegrityError):
        person_merge(keep=keep, merge=[dup])

    assert snapshot() == before


def test_the_kept_person_takes_the_photo_when_it_has_none():
    out = io.BytesIO()
    Image.new("RGB", (120, 80), "teal").save(out, "PNG")
    keep = make_person("Ada Lovelace")
    dup = make_person("A. Lovelace", photo=SimpleUploadedFile("ada.png", out.getvalue()))

    person_merge(keep=keep, merge=[dup])

    keep.refresh_from_db()
    assert keep.photo.name == dup.photo.name
    assert (keep.photo_width, keep.photo_height) == (120, 80)
    assert keep.photo_thumbnails
