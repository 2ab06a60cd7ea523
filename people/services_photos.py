"""Keeping a person's photo thumbnails in step with the photo.

Called after saving by every write that can change a photo (the Person admin, person_merge);
Person.save() does not, so that saving a person never reads or writes image files.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from PIL import Image

from people.photos import (
    THUMBNAIL_SIZES,
    open_oriented,
    photo_fingerprint,
    render_thumbnail,
    thumbnail_name,
)

if TYPE_CHECKING:
    from people.models import Person

logger = logging.getLogger(__name__)


def person_photo_refresh(*, person: Person) -> bool:
    """Make the thumbnails once per uploaded photo and drop stale ones; True if anything changed.

    Reads and writes files only when the photo changed; records the result with one UPDATE
    (not save(), so no history version is added for a derived field).
    """
    old = person.photo_thumbnails or {}
    new: dict[str, dict] = {}
    if person.photo:
        fingerprint = photo_fingerprint(person.photo.name)
        wanted = {
            str(size): thumbnail_name(person.pk, fingerprint, size) for size in THUMBNAIL_SIZES
        }
        if {key: entry.get("name") for key, entry in old.items()} == wanted:
            return False
        new = _render_all(person, fingerprint)
    elif not old:
        return False

    storage = person.photo.storage
    kept = {entry["name"] for entry in new.values()}
    for entry in old.values():
        if entry.get("name") and entry["name"] not in kept:
            storage.delete(entry["name"])
    person.photo_thumbnails = new
    type(person).objects.filter(pk=person.pk).update(photo_thumbnails=new)
    return True


def _render_all(person: Person, fingerprint: str) -> dict[str, dict]:
    storage = person.photo.storage
    try:
        with person.photo.open("rb"):
            image = open_oriented(person.photo)
    except (OSError, ValueError, Image.DecompressionBombError):
        # A missing or unreadable file must not block saving the person; pages show initials.
        logger.warning("Cannot read the photo of person %s (%s)", person.pk, person.photo.name)
        return {}
    entries = {}
    for size in THUMBNAIL_SIZES:
        data, width, height = render_thumbnail(image, size)
        name = thumbnail_name(person.pk, fingerprint, size)
        if storage.exists(name):
            storage.delete(name)
        stored = storage.save(name, ContentFile(data))
        entries[str(size)] = {"name": stored, "width": width, "height": height}
    return entries
