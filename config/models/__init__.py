"""The group's own content, edited in the admin: one module per kind of content."""

from config.models.openings import Opening  # noqa: F401
