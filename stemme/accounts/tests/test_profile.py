import io
import os
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageFile

from stemme.accounts import services
from stemme.accounts.services import organisation
from stemme.audit.models import Event


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def en(client):
    client.cookies["stemme_language"] = "en"
    return client


def picture(fmt="PNG", size=(1200, 900), name="me.png", exif=False) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        kwargs["exif"] = data
    image.save(buffer, format=fmt, **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_profile_page_shows_the_form(en, world):
    en.force_login(world.assigned_caseworker)
    response = en.get(reverse("accounts:profile"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in body
    assert "No photo yet" in body


def test_profile_upload_stores_a_small_jpeg_without_metadata(en, world, settings):
    user = world.assigned_caseworker
    en.force_login(user)
    response = en.post(
        reverse("accounts:profile"),
        {
            "phone": "33 12 34 56",
            "introduction": "Jeg hedder Tove og har en hund.",
            "photo": picture(fmt="JPEG", name="tove.jpeg", exif=True),
            "version": "1",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone == "33 12 34 56"
    assert user.introduction.startswith("Jeg hedder Tove")
    assert user.photo.name.startswith(f"staff-photos/{user.pk}/")
    assert "tove" not in user.photo.name
    with Image.open(user.photo.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == services.MAX_PHOTO_SIDE
        assert not stored.getexif()
    assert str(settings.MEDIA_ROOT) in user.photo.path
    assert not Event.objects.filter(actor=user).exists()  # not a case event


def test_photo_is_served_to_staff_of_the_same_municipality_only(client, world):
    user = world.assigned_caseworker
    services.profile_update(actor=user, user=user, phone="", introduction="", photo=picture())
    url = reverse("accounts:photo", args=[user.pk])

    client.force_login(world.other_team_caseworker)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert "no-store" in response["Cache-Control"]

    client.force_login(world.other_municipality_caseworker)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_staff_member_without_a_photo_has_none(client, world):
    client.force_login(world.leader)
    url = reverse("accounts:photo", args=[world.assigned_caseworker.pk])
    assert client.get(url).status_code == 404


def test_too_large_photo_is_refused(en, world, monkeypatch):
    monkeypatch.setattr(organisation, "MAX_PHOTO_BYTES", 1000)
    user = world.assigned_caseworker
    en.force_login(user)
    response = en.post(reverse("accounts:profile"), {"photo": picture()})
    assert response.status_code == 200
    assert "The photo is too large" in response.content.decode()
    user.refresh_from_db()
    assert not user.photo


def test_two_megabytes_is_the_limit():
    assert services.MAX_PHOTO_BYTES == 2 * 1024 * 1024
    upload = SimpleUploadedFile("big.png", b"0" * (2 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as error:
        services.photo_prepare(upload)
    assert "too large" in error.value.message_dict["photo"][0]


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("notes.png", b"not a picture at all", content_type="image/png"),
        SimpleUploadedFile("script.jpg", b"<script>alert(1)</script>", content_type="image/jpeg"),
    ],
)
def test_a_file_that_is_not_a_picture_is_refused(en, world, upload):
    user = world.assigned_caseworker
    en.force_login(user)
    response = en.post(reverse("accounts:profile"), {"photo": upload})
    assert response.status_code == 200
    assert "The file is not a picture" in response.content.decode()
    user.refresh_from_db()
    assert not user.photo


def test_other_picture_formats_are_refused():
    with pytest.raises(ValidationError) as error:
        services.photo_prepare(picture(fmt="GIF", name="anim.gif"))
    assert "JPEG, PNG or WebP" in error.value.message_dict["photo"][0]


def _png_of(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of width × height pixels, written without Pillow (Pillow
    would need the pixels in memory): a few kilobytes for millions of pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit grey
    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + (width + 7) // 8)
    data = b"".join(compressor.compress(row) for _row in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def test_a_picture_of_too_many_pixels_is_refused_before_decoding(monkeypatch):
    raw = _png_of(9_400, 9_400)  # 88 megapixels in about 90 KB: below Pillow's bomb limit
    assert len(raw) < services.MAX_PHOTO_BYTES
    with Image.open(io.BytesIO(raw)) as image:
        assert image.size == (9_400, 9_400)

    def no_decoding(self):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    upload = SimpleUploadedFile("huge.png", raw, content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.photo_prepare(upload)
    assert "too many pixels (9400 × 9400)" in error.value.message_dict["photo"][0]
    with translation.override("da"), pytest.raises(ValidationError) as error:
        services.photo_prepare(upload)
    assert "for mange pixels" in error.value.message_dict["photo"][0]


def test_a_picture_at_the_pixel_limit_is_accepted(monkeypatch):
    monkeypatch.setattr(organisation, "MAX_PHOTO_PIXELS", 1200 * 900)
    assert services.photo_prepare(picture(size=(1200, 900))).size > 0


def test_a_huge_picture_is_refused_not_decoded(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError):
        services.photo_prepare(picture(size=(50, 30)))  # 1,500 pixels: a "bomb" here


def test_removing_and_replacing_the_photo_deletes_the_old_file(
    world, django_capture_on_commit_callbacks
):
    user = world.assigned_caseworker
    services.profile_update(actor=user, user=user, phone="", introduction="", photo=picture())
    first = user.photo.path
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_update(actor=user, user=user, phone="", introduction="", photo=picture())
    assert not os.path.exists(first)
    second = user.photo.path
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_update(actor=user, user=user, phone="", introduction="", remove_photo=True)
    user.refresh_from_db()
    assert not user.photo
    assert not os.path.exists(second)


def test_profile_update_guards(world):
    user = world.assigned_caseworker
    with pytest.raises(ValidationError, match="only change your own"):
        services.profile_update(actor=world.leader, user=user, phone="", introduction="")
    with pytest.raises(ValidationError) as error:
        services.profile_update(actor=user, user=user, phone="ring mig", introduction="x" * 601)
    assert set(error.value.message_dict) == {"phone", "introduction"}
    with pytest.raises(ValidationError) as error:
        services.profile_update(
            actor=user, user=user, phone="", introduction="", photo=picture(), remove_photo=True
        )
    assert "remove_photo" in error.value.message_dict
    user.refresh_from_db()
    assert user.phone == ""
