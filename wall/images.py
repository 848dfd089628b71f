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
import multiprocessing
import threading
import warnings
from concurrent.futures import ProcessPoolExecutor, TimeoutError
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from common.errors import DomainError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
"""The largest upload, in bytes."""

MAX_PIXELS = 24_000_000
"""The most pixels (width × height) a picture may have, read from its header.

24 megapixels: a phone's photo is 12 MP (4032 × 3024) as phones save it, also those with
48 or 50 MP sensors; a system camera's 6000 × 4000 is 24 MP. The card shows at most
WEB_MAX_SIDE pixels a side, so nothing a card needs is lost, and decoding a picture at the
limit takes some 100 MB (4 bytes a pixel) rather than the 330 MB of 40 MP PNG."""

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
    return ImageError(
        _("The picture has too many pixels: at most %(megapixels)d megapixels."),
        "too_many_pixels",
        megapixels=MAX_PIXELS // 1_000_000,
    )


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


# --- Decoding apart from the web process ----------------------------------------------------
#
# Decoding a large picture takes seconds of a core and a hundred megabytes or more. In the
# web process's view threads (samtale/handlers.py, VIEW_THREADS of them) a few uploads at
# once would hold every thread and the interpreter lock, and everyone's saves would wait
# behind them. So a picture is decoded in a process of its own: at most PICTURE_DECODERS
# at once in each web process, with PICTURE_DECODE_WAITING more waiting their turn for up
# to PICTURE_DECODE_WAIT_SECONDS; any further upload is refused at once (DecodersBusy),
# so pictures never hold more than decoders + waiting of the view threads. The decoder
# processes run at a lower priority than the web process, so that its requests and sockets
# get the cores first, and each has a ceiling on its memory.

DECODER_NICENESS = 10
DECODER_MEMORY_BYTES = 2 * 1024**3
"""The address space a decoder process may take: a picture that would need more fails as
not readable, and the machine keeps its memory."""


class DecodersBusy(DomainError):
    """Every decoder and every waiting place is taken: the person tries again shortly."""

    def __init__(self, retry_after: int):
        super().__init__(
            _("Many pictures are being added just now. Try again in a few seconds."), "busy"
        )
        self.retry_after = retry_after


@dataclass(frozen=True)
class _Refused:
    """An ImageError, as it crosses back from a decoder process (plain data)."""

    code: str
    params: dict


_REFUSALS = {"not_image": _not_image, "too_many_pixels": _too_many_pixels}


def _decoder_started() -> None:
    """In each decoder process, once: below the web process, and within its memory."""
    import os
    import resource

    with suppress(OSError):  # a system that does not let a process lower itself
        os.nice(DECODER_NICENESS)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = DECODER_MEMORY_BYTES
    if hard != resource.RLIM_INFINITY:
        limit = min(hard, limit)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _decode_apart(data: bytes) -> "ProcessedImage | _Refused":
    """process_image, in a decoder process: refusals come back as data."""
    try:
        return process_image(data)
    except ImageError as error:
        return _Refused(error.code, dict(error.params))


class Decoders:
    """This process's decoder processes and the places to wait for one.

    Built at the first picture from the settings of that moment; `reset()` stops the
    processes (a new pool starts at the next picture).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._admitted: threading.BoundedSemaphore | None = None
        self._running: threading.BoundedSemaphore | None = None

    def _ready(self) -> tuple[ProcessPoolExecutor, threading.Semaphore, threading.Semaphore]:
        with self._lock:
            if self._pool is None:
                count = max(1, settings.PICTURE_DECODERS)
                self._admitted = threading.BoundedSemaphore(
                    count + max(0, settings.PICTURE_DECODE_WAITING)
                )
                self._running = threading.BoundedSemaphore(count)
                # "spawn": a fresh interpreter, not a fork of a process with threads and
                # an event loop; it imports this module and Pillow, nothing of Django's.
                self._pool = ProcessPoolExecutor(
                    max_workers=count,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_decoder_started,
                )
            return self._pool, self._admitted, self._running

    @contextmanager
    def turn(self):
        """Hold one decoder for the block, after waiting briefly for it; DecodersBusy when
        every place is taken, or no decoder came free in time."""
        pool, admitted, running = self._ready()
        wait = settings.PICTURE_DECODE_WAIT_SECONDS
        if not admitted.acquire(blocking=False):
            raise DecodersBusy(retry_after=max(1, round(wait)))
        try:
            if not running.acquire(timeout=wait):
                raise DecodersBusy(retry_after=max(1, round(wait)))
            try:
                yield pool
            finally:
                running.release()
        finally:
            admitted.release()

    def reset(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()  # one that hangs is not waited for
            pool.shutdown(wait=False, cancel_futures=True)


decoders = Decoders()


def process_image_apart(data: bytes) -> ProcessedImage:
    """process_image in one of this process's decoder processes (above), never in the
    calling thread. Raises ImageError as process_image does, and DecodersBusy."""
    if len(data) > MAX_UPLOAD_BYTES or not data:
        return process_image(data)  # refused before anything is decoded
    with decoders.turn() as pool:
        try:
            result = pool.submit(_decode_apart, data).result(
                timeout=settings.PICTURE_DECODE_SECONDS
            )
        except (BrokenProcessPool, TimeoutError) as error:
            # The decoder died (past its memory ceiling) or hung: a new one for the next.
            decoders.reset()
            raise _not_image() from error
    if isinstance(result, _Refused):
        raise _REFUSALS.get(result.code, _not_image)()
    return result
