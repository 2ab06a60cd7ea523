"""The group's own content, edited in the admin: one module per kind of content."""

from config.models.projects import Project, ProjectMember  # noqa: F401
