"""Admin of the group's own content: one module per kind."""

from config.admin import news, openings, pages, projects, site_settings, talks  # noqa: F401
