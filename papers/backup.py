"""A full backup of the site's data as one versioned JSON document, and its restore.

Format (version 1)::

    {"format": "labsite-backup", "version": 1, "created": "<ISO time>",
     "models": {"<app.model>": {"fields": [attname, ...], "rows": [{attname: value}, ...]}},
     "m2m": {"<app.model.field>": [[from_id, to_id], ...]},
     "files": ["people/photos/a.jpg", ...]}

Every concrete model of the `people`, `papers` and `site` (the group's own content) apps is
included except simple-history's
version tables (they are the admin's audit trail, not data). Values are database-independent:
dates and times in ISO 8601 (UTC), decimals as strings, JSON as JSON, files by their storage
name, foreign keys by primary key except two: a link to a login is stored as the username
(passwords never leave the database), and subjects, which the migrations seed, are matched by
code on restore. Rows are sorted by primary key and keys sorted, so the same data gives the same
bytes on SQLite and PostgreSQL. Uploaded files themselves are not inside: copy MEDIA_ROOT along.
"""

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.core.serializers import sort_dependencies
from django.db import connection, models, transaction
from django.utils import timezone

from people.models import Subject

FORMAT = "labsite-backup"
VERSION = 1
APPS = ("people", "papers", "site")
BATCH_SIZE = 1000


class BackupError(Exception):
    """A backup file that cannot be restored here; the message says why."""


def backup_models() -> list[type[models.Model]]:
    """The models whose rows are backed up, referenced models before those pointing at them."""
    app_list = [(apps.get_app_config(label), None) for label in APPS]
    return [
        model
        for model in sort_dependencies(app_list, allow_cycles=True)
        if not hasattr(model, "instance_type")  # simple-history's version tables
    ]


def _m2m_fields(model: type[models.Model]) -> list[models.ManyToManyField]:
    return [f for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]


def _m2m_label(m2m: models.ManyToManyField) -> str:
    return f"{m2m.model._meta.label_lower}.{m2m.name}"


def _is_user_fk(f: models.Field) -> bool:
    return f.is_relation and f.related_model is get_user_model()


def _dump_value(f: models.Field, value: Any, usernames: dict[int, str]) -> Any:
    if value is None:
        return None
    if _is_user_fk(f):
        return usernames.get(value)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def backup_build() -> dict:
    """The whole backup document (reads every backed-up table once, plus the m2m tables)."""
    user_model = get_user_model()
    usernames = dict(user_model._default_manager.values_list("pk", user_model.USERNAME_FIELD))
    document: dict = {
        "format": FORMAT,
        "version": VERSION,
        "created": timezone.now().astimezone(datetime.UTC).isoformat(),
        "models": {},
        "m2m": {},
        "files": [],
    }
    files: set[str] = set()
    for model in backup_models():
        fields = list(model._meta.concrete_fields)
        names = [f.attname for f in fields]
        rows = []
        for values in model._base_manager.order_by("pk").values_list(*names).iterator(2000):
            row = {}
            for f, value in zip(fields, values, strict=True):
                row[f.attname] = _dump_value(f, value, usernames)
                if isinstance(f, models.FileField) and value:
                    files.add(value)
            rows.append(row)
        document["models"][model._meta.label_lower] = {"fields": sorted(names), "rows": rows}
        for m2m in _m2m_fields(model):
            through = m2m.remote_field.through
            source, target = m2m.m2m_column_name(), m2m.m2m_reverse_name()
            pairs = through._default_manager.order_by(source, target).values_list(source, target)
            document["m2m"][_m2m_label(m2m)] = [list(pair) for pair in pairs]
    document["files"] = sorted(files)
    return document


def backup_write(stream: IO[str]) -> dict:
    """Write the backup as JSON to a text stream; returns the row counts per model."""
    document = backup_build()
    json.dump(document, stream, ensure_ascii=False, sort_keys=True, indent=1)
    stream.write("\n")
    return {label: len(part["rows"]) for label, part in document["models"].items()}


@dataclass
class RestoreReport:
    counts: dict[str, int] = field(default_factory=dict)
    unknown_usernames: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def existing_data_models() -> list[str]:
    """Backed-up models that already hold rows (subjects excepted: migrations seed them)."""
    return [
        model._meta.label_lower
        for model in backup_models()
        if model is not Subject and model._base_manager.exists()
    ]


def _check_document(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError("This is not a Labsite backup (no 'format: labsite-backup').")
    if document.get("version") != VERSION:
        raise BackupError(
            f"Backup format version {document.get('version')!r} is not supported here; "
            f"this Labsite reads version {VERSION}."
        )
    known = {model._meta.label_lower: model for model in backup_models()}
    for label, part in document.get("models", {}).items():
        if label not in known:
            raise BackupError(f"The backup holds {label}, which this Labsite does not have.")
        attnames = {f.attname for f in known[label]._meta.concrete_fields}
        unknown = set(part.get("fields", [])) - attnames
        if unknown:
            raise BackupError(f"The backup's {label} has fields this Labsite lacks: {unknown}.")
    m2m_labels = {_m2m_label(m2m) for model in known.values() for m2m in _m2m_fields(model)}
    for label in document.get("m2m", {}):
        if label not in m2m_labels:
            raise BackupError(f"The backup holds links {label}, which this Labsite does not have.")


def _wipe() -> None:
    """Delete every backed-up row except subjects, with plain SQL: no signals, no history rows."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in reversed(backup_models()):
            for m2m in _m2m_fields(model):
                cursor.execute(f"DELETE FROM {quote(m2m.remote_field.through._meta.db_table)}")
        for model in reversed(backup_models()):
            if model is not Subject:
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")


def _restore_subjects(rows: list[dict]) -> dict[int, int]:
    """Match the backup's subjects to ours by code (creating missing ones); old pk -> our pk."""
    ours = {s.code: s for s in Subject.objects.all()}
    taken = {s.pk for s in ours.values()}
    mapping, changed = {}, []
    for row in rows:
        subject = ours.get(row["code"])
        values = {k: v for k, v in row.items() if k not in ("id", "code")}
        if subject is None:
            pk = row["id"] if row["id"] not in taken else None
            subject = Subject.objects.create(pk=pk, code=row["code"], **values)
            taken.add(subject.pk)
        elif any(getattr(subject, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(subject, k, v)
            changed.append(subject)
        mapping[row["id"]] = subject.pk
    if changed:
        names = sorted({k for row in rows for k in row} - {"id", "code"})
        Subject.objects.bulk_update(changed, names)
    return mapping


def _subject(subjects: dict[int, int], backup_id: int) -> int:
    if backup_id not in subjects:
        raise BackupError(f"The backup refers to subject {backup_id}, which it does not hold.")
    return subjects[backup_id]


def _load_value(f: models.Field, value: Any, subjects: dict[int, int], users: dict[str, int]):
    if value is None:
        return None
    if _is_user_fk(f):
        return users.get(value)
    if f.is_relation and f.related_model is Subject:
        return _subject(subjects, value)
    if isinstance(f, models.FileField | models.JSONField):
        return value
    return f.to_python(value)


def _put_back_timestamps(
    model: type[models.Model],
    stamps: list[models.Field],
    objects: list[models.Model],
    kept: list[dict],
) -> None:
    """bulk_create sets auto_now fields to the current time; write the backup's values back.

    One executemany of a plain UPDATE: bulk_update's CASE expressions cost minutes at 50,000 rows.
    """
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in stamps)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    params = [
        [f.get_db_prep_value(values[f.attname], connection) for f in stamps] + [obj.pk]
        for obj, values in zip(objects, kept, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _reset_sequences(restored: Iterable[type[models.Model]]) -> None:
    """After inserts with explicit keys, PostgreSQL's sequences must start past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(restored))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def backup_restore(document: dict, *, force: bool = False) -> RestoreReport:
    """Load a backup document into this database in one transaction, keeping primary keys.

    Refuses when people or papers exist, unless force, which first deletes them.
    """
    _check_document(document)
    report = RestoreReport(files=list(document.get("files", [])))
    with transaction.atomic():
        existing = existing_data_models()
        if existing and not force:
            raise BackupError(
                "The database already holds data (" + ", ".join(existing) + "). Restore into "
                "an empty database, or pass --force to delete it first."
            )
        if existing:
            _wipe()
        parts = document.get("models", {})
        subjects = _restore_subjects(parts.get(Subject._meta.label_lower, {}).get("rows", []))
        user_model = get_user_model()
        wanted = {
            row[f.attname]
            for model in backup_models()
            for f in model._meta.concrete_fields
            if _is_user_fk(f)
            for row in parts.get(model._meta.label_lower, {}).get("rows", [])
            if row.get(f.attname)
        }
        users = dict(
            user_model._default_manager.filter(
                **{f"{user_model.USERNAME_FIELD}__in": wanted}
            ).values_list(user_model.USERNAME_FIELD, "pk")
        )
        report.unknown_usernames = sorted(wanted - set(users))

        restored: list[type[models.Model]] = [Subject]
        for model in backup_models():
            label = model._meta.label_lower
            if model is Subject or label not in parts:
                continue
            fields = [f for f in model._meta.concrete_fields if f.attname in parts[label]["fields"]]
            stamps = [
                f
                for f in fields
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            ]
            objects, kept_stamps = [], []
            files = [f for f in fields if isinstance(f, models.FileField)]
            for row in parts[label]["rows"]:
                values = {
                    f.attname: _load_value(f, row.get(f.attname), subjects, users) for f in fields
                }
                obj = model(
                    **{k: v for k, v in values.items() if k not in {f.attname for f in files}}
                )
                # File names go in after __init__: an ImageField would otherwise open the file
                # to measure it, and the media may not have been copied over yet.
                for f in files:
                    obj.__dict__[f.attname] = values[f.attname] or ""
                objects.append(obj)
                kept_stamps.append({f.attname: values[f.attname] for f in stamps})
            model._base_manager.bulk_create(objects, batch_size=BATCH_SIZE)
            if stamps and objects:
                _put_back_timestamps(model, stamps, objects, kept_stamps)
            report.counts[label] = len(objects)
            restored.append(model)

        for model in backup_models():
            for m2m in _m2m_fields(model):
                through = m2m.remote_field.through
                source, target = m2m.m2m_column_name(), m2m.m2m_reverse_name()
                maps_subject = m2m.related_model is Subject
                links = [
                    through(**{source: a, target: _subject(subjects, b) if maps_subject else b})
                    for a, b in document.get("m2m", {}).get(_m2m_label(m2m), [])
                ]
                through._default_manager.bulk_create(links, batch_size=BATCH_SIZE)
                report.counts[_m2m_label(m2m)] = len(links)
                restored.append(through)
        _reset_sequences(restored)
    return report


def backup_read(stream: IO[str]) -> dict:
    try:
        return json.load(stream)
    except json.JSONDecodeError as error:
        raise BackupError(f"The backup is not valid JSON: {error}") from None
