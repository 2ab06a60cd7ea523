"""The admin of the group's own content: one module per kind."""

from config.admin import projects  # noqa: F401
