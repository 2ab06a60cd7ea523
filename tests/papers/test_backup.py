import datetime
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import models
from PIL import Image

from config.models import News, Opening, Page, Project, ProjectMember, SiteSettings
from papers.backup import FORMAT, VERSION, backup_build, backup_models
from papers.models import Authorship, ImportRun, Paper, Topic, Venue
from people.models import Affiliation, Institution, Person, ReportedMetric, Subject
from tests.factories import (
    make_affiliation,
    make_institution,
    make_metric,
    make_paper,
    make_person,
    make_user,
    make_venue,
    subject,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def build_varied_data() -> None:
    """A small database that uses every model, relation and kind of value the backup carries."""
    university = make_institution(
        "University of Somewhere", short_name="uos", kind="university", country="gb"
    )
    lab = make_institution("Vision Lab", parent=university, ror_id="https://ror.org/02mhbdp94")
    company = make_institution("DeepMind", short_name="deepmind", kind="company")
    ada = make_person(
        "Ada Lovelace",
        role=Person.Role.PI,
        orcid="0000-0002-1825-0097",
        name_variants=["A. Lovelace", "Lovelace, Ada"],
        joined=datetime.date(2019, 9, 1),
        primary_subject=subject("cs.LG"),
        user=make_user("ada"),
        bio='Works on <b>engines</b> & "notes".',
    )
    png = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(png, "PNG")
    ada.photo.save("ada.png", ContentFile(png.getvalue()), save=True)
    zoe = make_person("Zoë Ørsted-Núñez", role=Person.Role.PHD, left=datetime.date(2024, 6, 30))
    outsider = make_person("Aäron van den Oord")
    make_affiliation(ada, university, position="Professor", start=datetime.date(2019, 9, 1))
    make_affiliation(ada, company, position="Advisor", end=datetime.date(2022, 1, 1))
    make_affiliation(zoe, lab)
    make_metric(ada, "h-index", 117, position=0)
    make_metric(ada, "Novelty", Decimal("61.5"), unit="%", position=3)
    custom = Subject.objects.create(code="lab.XX", label="XX", name="Our own subject")
    topic = Topic.objects.create(name="Speech & sound")
    Topic.objects.create(name="Unused topic")
    neurips = make_venue("Neural Information Processing Systems", short_name="NeurIPS")
    journal = make_venue("Journal of Things", kind="journal", issn="1532-4435")

    first = make_paper(
        r'<script>alert(1)</script> & "x" on $\mathbb{R}^n$',
        authors=[ada, "Gemma Team", outsider],
        subjects=["cs.LG", "cs.CL"],
        institutions=[company],
        kind=Paper.Kind.CONFERENCE,
        venue=neurips,
        doi="10.5555/1234",
        arxiv_id="2101.00001",
        code_url="https://github.com/example/x",
        citation_count=12,
        citations_read_on=datetime.date(2026, 1, 1),
        awards=["Best paper"],
        import_snapshot={"title": "Old title", "doi": "10.5555/1234"},
        is_featured=True,
        abstract="100% of {braces}\n\nand math $x_1$.",
    )
    first.pdf.save("first.pdf", ContentFile(b"%PDF-1.4"), save=True)
    first.topics.set([topic])
    authorship = first.authorships.get(position=0)
    authorship.institutions.set([university, lab])
    first.authorships.filter(position=1).update(equal_contribution=True, corresponding=True)
    Authorship.objects.create(paper=first, position=None, name=zoe.full_name, person=zoe)
    make_paper(
        "Unpublished draft",
        authors=[zoe],
        subjects=["lab.XX"],
        is_published=False,
        authors_complete=False,
        date=datetime.date(2025, 3, 1),
        date_precision=Paper.DatePrecision.MONTH,
        venue=journal,
        bibtex_key="zoe2025draft",
    )
    make_paper("No date at all", date=None, kind=Paper.Kind.OTHER)
    assert custom.papers.count() == 1
    ImportRun.objects.create(
        user=Person.objects.get(pk=ada.pk).user,
        source="profile.txt",
        format="profile",
        status=ImportRun.Status.COMMITTED,
        counts={"new": 3},
        report=[{"line": 4, "reason": "no title"}],
    )
    # The group's own content.
    SiteSettings.objects.create(pk=1, name="Vision Lab", intro="We *see* things.")
    Page.objects.create(title="About", slug="about", body="# Who\n\nUs.", in_navigation=True)
    project = Project.objects.create(title="Seeing", body="$x^2$", start=datetime.date(2020, 1, 1))
    ProjectMember.objects.create(project=project, person=ada, role="Lead", order=1)
    project.papers.set([first])
    news = News.objects.create(title="We saw", date=datetime.date(2024, 5, 1), is_published=True)
    news.people.set([ada, zoe])
    news.papers.set([first])
    news.projects.set([project])
    Opening.objects.create(title="PhD", kind="phd", description="Join.", is_open=False)


def our_models() -> list[type[models.Model]]:
    """Every data model of our apps, found without asking the backup module."""
    return [
        model
        for label in ("people", "papers", "site")
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]


def canonical(value, field: models.Field, subjects: dict, users: dict):
    if value is None:
        return None
    if field.is_relation and field.related_model is Subject:
        return subjects[value]
    if field.is_relation and field.related_model is get_user_model():
        return users[value]
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def canonical_dump() -> dict:
    """Every row and link of our models, with subjects by code and logins by username."""
    subjects = dict(Subject.objects.values_list("pk", "code"))
    users = dict(get_user_model().objects.values_list("pk", "username"))
    dump: dict = {}
    for model in our_models():
        fields = {f.attname: f for f in model._meta.concrete_fields}
        rows = []
        for row in model._base_manager.values(*fields):
            item = {k: canonical(v, fields[k], subjects, users) for k, v in row.items()}
            if model is Subject:
                item.pop("id")
            rows.append(item)
        dump[model._meta.label] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
        for m2m in model._meta.local_many_to_many:
            source, target = m2m.m2m_column_name(), m2m.m2m_reverse_name()
            pairs = m2m.remote_field.through.objects.values_list(source, target)
            if m2m.related_model is Subject:
                pairs = [(a, subjects[b]) for a, b in pairs]
            dump[f"{model._meta.label}.{m2m.name}"] = sorted(map(list, pairs))
    return dump


def delete_our_data() -> None:
    for model in (News, ProjectMember, Project, Opening, Page, SiteSettings):
        model.objects.all().delete()
    for model in (Authorship, Paper, ImportRun, Topic, Affiliation, ReportedMetric, Person):
        model.objects.all().delete()
    Institution.objects.update(parent=None)
    Institution.objects.all().delete()
    Venue.objects.all().delete()


def test_backup_covers_every_data_model_of_our_apps():
    assert set(backup_models()) == set(our_models())


def test_backup_then_restore_gives_an_equal_database(tmp_path):
    build_varied_data()
    before = canonical_dump()
    target = tmp_path / "site.json"
    call_command("backup", str(target), stderr=io.StringIO())
    delete_our_data()
    assert Paper.objects.count() == Person.objects.count() == 0

    out = io.StringIO()
    call_command("restore", str(target), stdout=out)

    assert canonical_dump() == before
    assert "Restored 3 people.institution, 3 people.person" in out.getvalue()


def test_new_rows_after_a_restore_get_fresh_primary_keys(tmp_path):
    build_varied_data()
    highest_paper = Paper.objects.order_by("-pk").first().pk
    highest_person = Person.objects.order_by("-pk").first().pk
    target = tmp_path / "site.json"
    call_command("backup", str(target), stderr=io.StringIO())
    delete_our_data()
    call_command("restore", str(target), stdout=io.StringIO())
    assert make_paper("After the restore").pk > highest_paper
    assert make_person().pk > highest_person


def test_the_backup_is_explicit_versioned_json_without_history_or_passwords(tmp_path):
    build_varied_data()
    target = tmp_path / "site.json"
    call_command("backup", str(target), stderr=io.StringIO())
    document = json.loads(target.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == (FORMAT, VERSION)
    assert not any("historical" in label for label in document["models"])
    assert "auth.user" not in document["models"]
    people = {row["full_name"]: row for row in document["models"]["people.person"]["rows"]}
    assert people["Ada Lovelace"]["user_id"] == "ada"
    assert document["files"] == sorted(
        [people["Ada Lovelace"]["photo"], Paper.objects.exclude(pdf="").get().pdf.name]
    )
    metric = document["models"]["people.reportedmetric"]["rows"][1]
    assert metric["value"] == "61.50"
    paper = document["models"]["papers.paper"]["rows"][0]
    assert paper["import_snapshot"] == {"title": "Old title", "doi": "10.5555/1234"}
    assert paper["created"].endswith("+00:00")


def test_subjects_are_matched_by_code_whatever_their_ids_were(tmp_path):
    build_varied_data()
    before = canonical_dump()
    document = backup_build()
    shift = {row["id"]: row["id"] + 10_000 for row in document["models"]["people.subject"]["rows"]}
    for row in document["models"]["people.subject"]["rows"]:
        row["id"] = shift[row["id"]]
    for label in ("people.person", "papers.paper"):
        for row in document["models"][label]["rows"]:
            if row["primary_subject_id"] is not None:
                row["primary_subject_id"] = shift[row["primary_subject_id"]]
    document["m2m"]["papers.paper.subjects"] = [
        [paper_id, shift[subject_id]]
        for paper_id, subject_id in document["m2m"]["papers.paper.subjects"]
    ]
    document["models"]["people.subject"]["rows"][0]["name"] = "Renamed in the backup"
    delete_our_data()
    target = tmp_path / "site.json"
    target.write_text(json.dumps(document), encoding="utf-8")

    call_command("restore", str(target), stdout=io.StringIO())

    after = canonical_dump()
    renamed = [s for s in after["people.Subject"] if s["name"] == "Renamed in the backup"]
    assert len(renamed) == 1
    after["people.Subject"] = before["people.Subject"]
    assert after == before
    assert not Subject.objects.filter(pk__gte=10_000).exists()


def test_restore_refuses_a_database_that_already_holds_papers(tmp_path):
    build_varied_data()
    target = tmp_path / "site.json"
    call_command("backup", str(target), stderr=io.StringIO())
    with pytest.raises(CommandError, match=r"already holds data .*--force"):
        call_command("restore", str(target), stdout=io.StringIO())


def test_restore_with_force_replaces_what_is_there(tmp_path):
    build_varied_data()
    before = canonical_dump()
    target = tmp_path / "site.json"
    call_command("backup", str(target), stderr=io.StringIO())
    make_paper("Written after the backup", authors=[make_person("Late Comer")])
    Paper.objects.filter(title="No date at all").update(title="Edited after the backup")

    call_command("restore", str(target), "--force", stdout=io.StringIO())

    assert canonical_dump() == before


def test_a_login_missing_here_is_reported_and_left_empty(tmp_path):
    build_varied_data()
    target = tmp_path / "site.json"
    call_command("backup", str(target), stderr=io.StringIO())
    delete_our_data()
    get_user_model().objects.filter(username="ada").delete()
    out = io.StringIO()
    call_command("restore", str(target), stdout=out)
    assert "No login here for: ada" in out.getvalue()
    assert Person.objects.get(full_name="Ada Lovelace").user is None
    assert ImportRun.objects.get().user is None


def test_files_not_yet_copied_are_reported(tmp_path, settings):
    build_varied_data()
    target = tmp_path / "site.json"
    call_command("backup", str(target), stderr=io.StringIO())
    delete_our_data()
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    out = io.StringIO()
    call_command("restore", str(target), stdout=out)
    assert "2 of 2 referenced files are not in the media storage" in out.getvalue()


def test_a_restore_that_fails_half_way_writes_nothing(tmp_path):
    build_varied_data()
    document = backup_build()
    rows = document["models"]["papers.paper"]["rows"]
    rows[1]["doi"] = rows[0]["doi"]  # two papers with one DOI: the database refuses
    delete_our_data()
    target = tmp_path / "broken.json"
    target.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="does not fit"):
        call_command("restore", str(target), stdout=io.StringIO())
    assert Person.objects.count() == Institution.objects.count() == Paper.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"format": "something-else"}', "not a Labsite backup"),
        ('{"format": "labsite-backup", "version": 99}', "version 99 is not supported"),
        (
            '{"format": "labsite-backup", "version": 1, "models": {"papers.widget": {}}}',
            "papers.widget",
        ),
        (
            '{"format": "labsite-backup", "version": 1, "models": {"papers.paper": {"fields": '
            '["id", "title", "primary_subject_id"], "rows": [{"id": 1, "title": "T", '
            '"primary_subject_id": 7}]}}}',
            "subject 7, which it does not hold",
        ),
    ],
)
def test_restore_refuses_files_it_cannot_read(tmp_path, content, message):
    target = tmp_path / "bad.json"
    target.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(target), stdout=io.StringIO())


SQLITE_SIDE = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.papers.test_backup import build_varied_data, canonical_dump
build_varied_data()
call_command("backup", sys.argv[1])
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(canonical_dump(), out)
"""


def test_a_backup_made_on_sqlite_restores_to_an_equal_database_here(tmp_path):
    """Build the data in a separate process on a fresh SQLite file, back it up there, and
    restore it into this test database (PostgreSQL when the suite runs with DATABASE_URL)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'source.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    backup_file, dump_file = tmp_path / "site.json", tmp_path / "dump.json"
    subprocess.run(
        [sys.executable, "-c", SQLITE_SIDE, str(backup_file), str(dump_file)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    make_user("ada")  # logins are not in backups: the new site has its own

    call_command("restore", str(backup_file), stdout=io.StringIO())

    sqlite_dump = json.loads(dump_file.read_text(encoding="utf-8"))
    assert json.loads(json.dumps(canonical_dump())) == sqlite_dump
    # And backing up here gives the same document, byte for byte but the time it was made.
    source = json.loads(backup_file.read_text(encoding="utf-8"))
    here = json.loads(json.dumps(backup_build()))
    source.pop("created"), here.pop("created")
    assert here == source
