"""The group's own content, edited in the admin: one module per kind of content."""

from config.models.news import News  # noqa: F401
