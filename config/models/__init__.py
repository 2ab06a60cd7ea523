"""The group's own content, edited in the admin: one module per kind of content."""

from config.models.news import News  # noqa: F401
from config.models.openings import Opening  # noqa: F401
from config.models.pages import Page  # noqa: F401
from config.models.projects import Project, ProjectMember  # noqa: F401
from config.models.site_settings import SiteSettings  # noqa: F401
from config.models.talks import Talk, TalkSpeaker  # noqa: F401
