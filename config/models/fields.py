"""Field shapes shared by the group's content: Markdown text and short plain text, each
refusing control characters and oversized values at every write path."""

from django.core.validators import MaxLengthValidator
from django.db import models

from config.markdown import MAX_LENGTH
from config.text import validate_text


def markdown_field(help_text: str = "", *, blank: bool = True, **options) -> models.TextField:
    """Markdown source (its rendered `<name>_html` field is computed on save)."""
    return models.TextField(
        blank=blank,
        max_length=MAX_LENGTH,
        validators=[validate_text, MaxLengthValidator(MAX_LENGTH)],
        help_text=f"{help_text} Markdown; $...$ is typeset as math.".strip(),
        **options,
    )


def text_field(max_length: int, **options) -> models.CharField:
    options.setdefault("blank", True)
    return models.CharField(max_length=max_length, validators=[validate_text], **options)
