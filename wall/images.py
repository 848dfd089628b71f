"""Pictures on a card: checked by their content, shrunk, and stripped of everything but pixels.

An upload is accepted only when Pillow recognises it, by its bytes, as JPEG, PNG, WebP or
GIF (never by its file name or the browser's content type). Its size in pixels is read
from the header and checked before anything is decoded, so a small file that claims to be
huge is refused without using memory. What is kept is a fresh image built from the pixel
data alone, turned the right way up, in sRGB and re-encoded as WebP: no EXIF, no GPS
position, no XMP, no colour profile and no comments leave this module. An animated
picture keeps its first frame. Plain functions, no models: the domain stores the result.
"""

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from common.errors import DomainError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
"""The largest upload, in bytes."""

MAX_PIXELS = 40_000_000
"""The most pixels (width × height) a picture may have, read from its header."""

WEB_MAX_SIDE = 1600
"""The web version fits in a square of this many pixels (smaller pictures are not enlarged)."""

THUMB_MAX_SIDE = 480
"""The thumbnail fits in a square of this many pixels."""

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
WEBP_QUALITY = 82
CONTENT_TYPE = "image/webp"
EXTENSION = "webp"

# Pillow's own guard against decompression bombs, at our limit: a header above it warns
# (turned into an error below), one above twice it fails as Image.open reads it.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_ALPHA_MODES = {"RGBA", "RGBa", "LA", "La", "PA"}
_HIGH_BIT_DEPTH_MODES = {"I", "I;16", "I;16B", "I;16L", "I;16N", "F"}


class ImageError(DomainError, ValueError):
    """A picture that cannot go on a card; ``str(error)`` is the message for the person.

    `message` is a lazy translatable string (English source) with %-placeholders filled
    from `params`; `code` is ``"not_image"``, ``"too_large"`` or ``"too_many_pixels"``.
    """


@dataclass(frozen=True)
class ProcessedImage:
    """A picture ready to store: the web version, its thumbnail, and what to call them.

    `width` and `height` are those of the web version (after turning and shrinking).
    """

    web: bytes
    thumbnail: bytes
    width: int
    height: int
    content_type: str
    extension: str


def _not_image() -> ImageError:
    return ImageError(
        _("This file is not a picture we can use. Use JPEG, PNG, WebP or GIF."), "not_image"
    )


def _too_many_pixels() -> ImageError:
    return ImageError(_("The picture has too many pixels."), "too_many_pixels")


def _open(data: bytes) -> Image.Image:
    """Open lazily (only the header is read) and check the format and the size in pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except Exception as error:  # Pillow raises many kinds for bad headers.
        raise _not_image() from error
    if image.format not in ACCEPTED_FORMATS:
        image.close()
        raise _not_image()
    width, height = image.size
    if width < 1 or height < 1:
        image.close()
        raise _not_image()
    if width * height > MAX_PIXELS:
        image.close()
        raise _too_many_pixels()
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in _ALPHA_MODES or "transparency" in image.info


def _to_srgb(image: Image.Image, alpha: bool) -> Image.Image:
    """RGB or RGBA pixels, converted to sRGB when the picture came with a colour profile."""
    target = "RGBA" if alpha else "RGB"
    profile = image.info.get("icc_profile")
    if image.mode in _HIGH_BIT_DEPTH_MODES:
        # 16-bit greyscale: scale down to 8 bits rather than letting conversion clip it.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode not in ("RGB", "RGBA", "CMYK", "L") or (alpha and image.mode != "RGBA"):
        image = image.convert(target)
    if profile:
        try:
            from PIL import ImageCms

            converted = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"),
                outputMode=target if image.mode == "RGBA" else "RGB",
            )
            if converted is not None:
                image = converted
        except Exception:  # A broken or unusual profile: keep the pixels as they are.
            pass
    if image.mode != target:
        image = image.convert(target)
    if alpha:
        low, _high = image.getchannel("A").getextrema()
        if low == 255:  # Fully opaque after all: no need to carry an alpha channel.
            image = image.convert("RGB")
    return image


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def process_image(data: bytes) -> ProcessedImage:
    """Check an uploaded picture and make its web version and thumbnail, as WebP.

    Raises ImageError when the upload is larger than MAX_UPLOAD_BYTES, is not a whole
    JPEG, PNG, WebP or GIF picture (judged by its content), or has more than MAX_PIXELS
    pixels according to its header (checked before decoding). The picture is turned
    by its EXIF orientation, converted to sRGB, shrunk to fit WEB_MAX_SIDE (and
    THUMB_MAX_SIDE for the thumbnail) and rebuilt from its pixels, so no metadata is
    kept. Transparency is kept; an animated picture gives its first frame.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageError(
            _("The picture is too large: at most %(mb)d MB."),
            "too_large",
            mb=MAX_UPLOAD_BYTES // (1024 * 1024),
        )
    if not data:
        raise _not_image()

    # First open: check the header, then the structure of the whole file.
    image = _open(data)
    try:
        image.verify()
    except Exception as error:
        raise _not_image() from error
    finally:
        image.close()

    # Second open (verify leaves the image unusable): decode, turn, convert, shrink.
    image = _open(data)
    try:
        if image.format == "JPEG":
            # Let the JPEG decoder scale down by 2, 4 or 8 while it decodes.
            image.draft(None, (WEB_MAX_SIDE, WEB_MAX_SIDE))
        image.load()  # The first frame of an animation.
        alpha = _has_alpha(image)
        turned = ImageOps.exif_transpose(image)
        pixels = _to_srgb(turned, alpha)
        pixels.thumbnail((WEB_MAX_SIDE, WEB_MAX_SIDE), Image.Resampling.LANCZOS)
        # A fresh image from the pixel data alone: nothing of the file's metadata comes along.
        web = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except Exception as error:  # Truncated or corrupt data fails here, in many ways.
        raise _not_image() from error
    finally:
        image.close()

    thumbnail = web.copy()
    thumbnail.thumbnail((THUMB_MAX_SIDE, THUMB_MAX_SIDE), Image.Resampling.LANCZOS)
    return ProcessedImage(
        web=_encode(web),
        thumbnail=_encode(thumbnail),
        width=web.width,
        height=web.height,
        content_type=CONTENT_TYPE,
        extension=EXTENSION,
    )
