"""Admin of the group's own content, one module per kind (imported here so admin finds them)."""

from config.admin import openings  # noqa: F401
