import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image

from people.photos import THUMBNAIL_SIZES, thumbnail, validate_photo
from people.services_photos import person_photo_refresh
from tests.factories import make_person

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_bytes(width=800, height=600, *, exif=None, color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG", exif=exif or b"")
    return out.getvalue()


def exif_with_gps_and_rotation() -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: display rotated 90° clockwise
    exif[0x010F] = "CameraMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    return exif.tobytes()


def save(person) -> None:
    """Save as the admin and person_merge do: the row, then its thumbnails."""
    person.save()
    person_photo_refresh(person=person)


def person_with_photo(data: bytes, name: str = "face.jpg"):
    person = make_person("Ada Lovelace")
    person.photo = SimpleUploadedFile(name, data, content_type="image/jpeg")
    save(person)
    return person


def test_saving_a_photo_makes_a_square_thumbnail_at_every_size():
    person = person_with_photo(jpeg_bytes(1600, 1200))

    assert sorted(int(size) for size in person.photo_thumbnails) == sorted(THUMBNAIL_SIZES)
    for size in THUMBNAIL_SIZES:
        entry = person.photo_thumbnails[str(size)]
        assert entry["name"].startswith(f"people/thumbs/{person.pk}-")
        assert entry["name"].endswith(f"-{size}.jpg")
        with default_storage.open(entry["name"]) as f, Image.open(f) as image:
            assert image.format == "JPEG"
            assert image.size == (size, size) == (entry["width"], entry["height"])


def test_thumbnails_are_stored_on_the_row():
    person = person_with_photo(jpeg_bytes())
    person.refresh_from_db()
    assert person.photo_thumbnails["96"]["width"] == 96


def test_a_small_photo_is_not_upscaled():
    person = person_with_photo(jpeg_bytes(150, 100))
    assert person.photo_thumbnails["96"]["width"] == 96
    assert person.photo_thumbnails["384"] == {
        "name": person.photo_thumbnails["384"]["name"],
        "width": 100,
        "height": 100,
    }


def test_thumbnails_are_made_once_per_upload(django_assert_num_queries):
    person = person_with_photo(jpeg_bytes())
    before = {
        name: default_storage.get_modified_time(e["name"])
        for name, e in person.photo_thumbnails.items()
    }
    person.bio = "Edited."
    # The UPDATE of the person and its history row; no thumbnail work or extra UPDATE.
    with django_assert_num_queries(2):
        save(person)
    after = {
        name: default_storage.get_modified_time(e["name"])
        for name, e in person.photo_thumbnails.items()
    }
    assert after == before


def test_a_new_photo_replaces_the_old_thumbnails():
    person = person_with_photo(jpeg_bytes())
    old_names = [entry["name"] for entry in person.photo_thumbnails.values()]

    person.photo = SimpleUploadedFile("new.jpg", jpeg_bytes(color=(0, 0, 255)))
    save(person)

    new_names = [entry["name"] for entry in person.photo_thumbnails.values()]
    assert set(old_names).isdisjoint(new_names)
    assert not any(default_storage.exists(name) for name in old_names)
    assert all(default_storage.exists(name) for name in new_names)


def test_removing_the_photo_removes_the_thumbnails():
    person = person_with_photo(jpeg_bytes())
    names = [entry["name"] for entry in person.photo_thumbnails.values()]

    person.photo = ""
    save(person)

    person.refresh_from_db()
    assert person.photo_thumbnails == {}
    assert not any(default_storage.exists(name) for name in names)


def test_thumbnails_carry_no_exif_and_are_turned_upright():
    # 400×200 stored sideways with orientation 6: upright it is 200 wide and 400 tall,
    # so the left half of the stored image (red) ends up on top.
    image = Image.new("RGB", (400, 200), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 200, 200))
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif_with_gps_and_rotation())
    person = person_with_photo(out.getvalue())

    with default_storage.open(person.photo_thumbnails["384"]["name"]) as f, Image.open(f) as thumb:
        assert not thumb.getexif()
        assert "exif" not in thumb.info
        assert thumb.size == (200, 200)
        # The centred square of the upright image straddles red (top) and blue (bottom).
        top, bottom = thumb.getpixel((100, 5)), thumb.getpixel((100, 194))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def test_the_source_photo_passes_validation_with_its_exif_so_the_test_above_is_meaningful():
    data = jpeg_bytes(exif=exif_with_gps_and_rotation())
    with Image.open(io.BytesIO(data)) as image:
        assert image.getexif().get_ifd(GPS_IFD)
    validate_photo(SimpleUploadedFile("face.jpg", data))


def test_a_transparent_png_gets_a_white_background():
    out = io.BytesIO()
    Image.new("RGBA", (100, 100), (0, 0, 0, 0)).save(out, "PNG")
    person = person_with_photo(out.getvalue(), name="face.png")
    with default_storage.open(person.photo_thumbnails["48"]["name"]) as f, Image.open(f) as thumb:
        assert thumb.getpixel((24, 24)) >= (250, 250, 250)


def test_an_unreadable_stored_photo_does_not_block_saving(caplog):
    person = make_person()
    person.photo.save("broken.jpg", ContentFile(b"not an image"), save=False)
    save(person)
    assert person.photo_thumbnails == {}
    assert "Cannot read the photo" in caplog.text


def test_thumbnail_gives_url_and_size_or_none():
    person = person_with_photo(jpeg_bytes())
    assert thumbnail(person, 96) == {
        "url": f"/media/{person.photo_thumbnails['96']['name']}",
        "width": 96,
        "height": 96,
    }
    assert thumbnail(person, 97) is None
    assert thumbnail(make_person(), 96) is None


def render(template: str, **context) -> str:
    return Template("{% load photos %}" + template).render(Context(context))


def test_the_tag_renders_a_lazy_image_with_size_and_a_2x_source():
    person = person_with_photo(jpeg_bytes())
    html = render("{% person_photo person 96 %}", person=person)
    one, two = thumbnail(person, 96)["url"], thumbnail(person, 192)["url"]
    assert html == (
        f'<img class="avatar avatar-96" src="{one}" srcset="{one} 1x, {two} 2x" '
        'alt="Ada Lovelace" width="96" height="96" loading="lazy" decoding="async">'
    )


def test_the_tag_takes_an_empty_alt_where_the_name_is_printed_beside_it():
    person = person_with_photo(jpeg_bytes())
    assert 'alt=""' in render('{% person_photo person 48 alt="" %}', person=person)


def test_the_tag_shows_initials_without_a_photo_and_escapes_them():
    assert render("{% person_photo person 96 %}", person=make_person("Grace Hopper")) == (
        '<span class="avatar avatar-96" aria-hidden="true">GH</span>'
    )
    assert "&lt;" in render("{% person_photo person 96 %}", person=make_person("<b> x"))


def test_the_tag_escapes_the_name_in_alt():
    person = person_with_photo(jpeg_bytes())
    person.full_name = '"><script>'
    assert 'alt="&quot;&gt;&lt;script&gt;"' in render("{% person_photo person 96 %}", person=person)


def test_validation_refuses_a_file_that_is_not_an_image():
    with pytest.raises(ValidationError) as error:
        validate_photo(SimpleUploadedFile("face.jpg", b"%PDF-1.4 not a photo"))
    assert error.value.code == "photo_invalid"


def test_validation_refuses_a_decompression_bomb(settings):
    # A tiny PNG that claims 20,000 × 20,000 pixels: refused from the header, never decoded.
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    assert len(out.getvalue()) < 100_000
    settings.PHOTO_MAX_PIXELS = 10**12  # so the pixel check does not get there first
    with pytest.raises(ValidationError) as error:
        validate_photo(SimpleUploadedFile("bomb.png", out.getvalue()))
    assert error.value.code == "photo_bomb"


def test_validation_refuses_too_many_pixels(settings):
    settings.PHOTO_MAX_PIXELS = 1000
    with pytest.raises(ValidationError) as error:
        validate_photo(SimpleUploadedFile("face.jpg", jpeg_bytes(100, 100)))
    assert error.value.code == "photo_too_many_pixels"


def test_validation_refuses_an_oversize_file(settings):
    settings.PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        validate_photo(SimpleUploadedFile("face.jpg", jpeg_bytes()))
    assert error.value.code == "photo_too_large"


def test_validation_accepts_a_normal_photo():
    validate_photo(SimpleUploadedFile("face.jpg", jpeg_bytes()))
