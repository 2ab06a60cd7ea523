"""People's photos: upload validation (type, size, pixel count, decompression bombs) and thumbnails."""

import hashlib
import io
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

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


# Thumbnails: square, centre-cropped JPEGs at the sizes the pages show (48 px in small
# lists, 96 px on the people grid, 192 px on the profile) and twice those for dense screens.
THUMBNAIL_SIZES = (48, 96, 192, 384)
THUMBNAIL_DIR = "people/thumbs"
THUMBNAIL_QUALITY = 85


def photo_fingerprint(photo_name: str) -> str:
    """A short hash of the stored photo's name: a new upload always gets a new name."""
    return hashlib.sha256(photo_name.encode()).hexdigest()[:12]


def thumbnail_name(pk: int, fingerprint: str, size: int) -> str:
    return f"{THUMBNAIL_DIR}/{pk}-{fingerprint}-{size}.jpg"


def open_oriented(source) -> Image.Image:
    """Open an image, decode it at no more than the largest thumbnail, and apply its EXIF rotation."""
    image = Image.open(source)
    largest = THUMBNAIL_SIZES[-1]
    # JPEG can decode at 1/2, 1/4 or 1/8 scale: a 24-megapixel photo never needs full decoding.
    image.draft("RGB", (largest, largest))
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        # Transparent areas become white instead of black in the JPEG.
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    return image.convert("RGB")


def render_thumbnail(image: Image.Image, size: int) -> tuple[bytes, int, int]:
    """A square JPEG of at most size×size, centre-cropped, never upscaled, without EXIF."""
    side = min(size, *image.size)
    square = ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif= argument and a fresh image: nothing from the original (GPS, camera) is written.
    square.save(out, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True, progressive=True)
    return out.getvalue(), side, side


def thumbnail(person, size: int) -> dict | None:
    """The url, width and height of a person's thumbnail at size, or None (no query)."""
    entry = (person.photo_thumbnails or {}).get(str(size)) if person.photo else None
    if not entry:
        return None
    return {
        "url": person.photo.storage.url(entry["name"]),
        "width": entry["width"],
        "height": entry["height"],
    }


def reencode_image(upload, *, side: int = 1600) -> ContentFile:
    """A fresh PNG (when the image has transparency) or JPEG of an upload validated by
    validate_photo: nothing of the original file (metadata, trailing data) is kept."""
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
        transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if transparent else "RGB")
    out = io.BytesIO()
    if transparent:
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=88, optimize=True)
    stem = PurePath(upload.name or "image").stem[:50] or "image"
    return ContentFile(out.getvalue(), name=f"{stem}.{'png' if transparent else 'jpg'}")
