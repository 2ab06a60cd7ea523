"""Photo upload validation (type, size, pixel count; decompression bombs refused)."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_photo(upload) -> None:
    if upload.size and upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            f"The photo is {upload.size // 1024 // 1024} MB; the limit is "
            f"{settings.PHOTO_MAX_BYTES // 1024 // 1024} MB.",
            code="photo_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format, (width, height) = image.format, image.size
                if width * height > settings.PHOTO_MAX_PIXELS:
                    raise ValidationError(
                        f"The photo is {width}×{height} pixels; the limit is "
                        f"{settings.PHOTO_MAX_PIXELS:,} pixels.",
                        code="photo_too_many_pixels",
                    )
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError(
            "The photo is too large to decode safely.", code="photo_bomb"
        ) from None
    except Exception:
        raise ValidationError(
            "Upload a JPEG, PNG, WebP or GIF image.", code="photo_invalid"
        ) from None
    finally:
        if hasattr(upload, "seek"):
            upload.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError("Upload a JPEG, PNG, WebP or GIF image.", code="photo_format")
