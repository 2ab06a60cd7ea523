"""The site app's admins: one module per kind of content."""

from config.admin import news  # noqa: F401
