"""Writes about staff: a staff member's own contact details and photo.

The photo and the short introduction go into the letter that introduces a new caseworker to a
child (stemme.continuity). Photos are re-encoded on upload: the stored file is a fresh JPEG
without the original's metadata (a phone photo's EXIF can hold the place it was taken), and
it is served only to logged-in staff (accounts.views.photo).

These writes are about the staff member, not about a child or a case, so they do not go to the
case event log (``audit.Event`` is the history of children's cases).
"""

import io
import re
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from stemme.accounts.models import User

MAX_PHOTO_BYTES = 2 * 1024 * 1024
MAX_PHOTO_SIDE = 800  # pixels; enough for a letter, small enough to send
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
INTRODUCTION_MAX = 600
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,18}$")


def photo_prepare(upload) -> ContentFile:
    """Check an uploaded photo (a JPEG, PNG or WebP picture of at most 2 MB) and return it
    re-encoded as a JPEG of at most 800 × 800 pixels without metadata."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            {"photo": _("The photo is too large. Choose a picture of at most 2 MB.")}
        )
    not_a_picture = ValidationError(
        {"photo": _("The file is not a picture. Choose a photo in JPEG, PNG or WebP format.")}
    )
    with warnings.catch_warnings():
        # A picture with an absurd number of pixels is refused, not decoded.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            upload.seek(0)
            with Image.open(upload) as probe:
                image_format = probe.format
                probe.verify()
            if image_format not in PHOTO_FORMATS:
                raise not_a_picture
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
                picture = ImageOps.exif_transpose(image).convert("RGB")
        except (
            UnidentifiedImageError,
            OSError,
            ValueError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ) as exc:
            raise not_a_picture from exc
    picture.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=85)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def profile_update(
    *,
    actor,
    user: User,
    phone: str,
    introduction: str,
    photo=None,
    remove_photo: bool = False,
) -> User:
    """Change a staff member's own phone number, introduction for children and photo."""
    if actor is None or actor.pk != user.pk:
        raise ValidationError(_("You can only change your own profile."))
    phone = phone.strip()
    introduction = introduction.strip()
    errors = {}
    if phone and not _PHONE.match(phone):
        errors["phone"] = _("Write the phone number with digits, e.g. 33 12 34 56.")
    if len(introduction) > INTRODUCTION_MAX:
        errors["introduction"] = _("Keep it short: at most %(count)d characters.") % {
            "count": INTRODUCTION_MAX
        }
    if photo is not None and remove_photo:
        errors["remove_photo"] = _("Either upload a new photo or remove the photo, not both.")
    if errors:
        raise ValidationError(errors)
    prepared = photo_prepare(photo) if photo is not None else None
    old_name = user.photo.name if user.photo else ""
    with transaction.atomic():
        user.phone = phone
        user.introduction = introduction
        if prepared is not None:
            user.photo.save(prepared.name, prepared, save=False)
        elif remove_photo:
            user.photo = ""
        user.save(update_fields=["phone", "introduction", "photo"])
        if old_name and (prepared is not None or remove_photo):
            storage = user.photo.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return user
