"""Pictures on a card: judged by content, bombs refused unread, nothing but pixels kept."""

import io
import random
import struct
import zlib

import pytest
from django.utils import translation
from django.utils.functional import Promise
from PIL import Image, ImageCms, ImageFile
from PIL.ExifTags import GPS, IFD, Base

from wall.images import (
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    THUMB_MAX_SIDE,
    WEB_MAX_SIDE,
    ImageError,
    ProcessedImage,
    process_image,
)

METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "dpi", "gps"}


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def two_colours(size=(200, 100), left=(220, 20, 20), right=(20, 20, 220), mode="RGB"):
    """Left half one colour, right half another, so turning and cropping show."""
    image = Image.new(mode, size, right)
    image.paste(left, (0, 0, size[0] // 2, size[1]))
    return image


def noisy(size=(400, 300)) -> Image.Image:
    rng = random.Random(7)
    return Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def png_claiming(width: int, height: int) -> bytes:
    """A real 1x1 PNG whose header says it is width x height (with a valid CRC)."""
    data = bytearray(encode(Image.new("RGB", (1, 1)), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def close_to(pixel, expected, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=False))


# Accepted formats --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt, mode",
    [("JPEG", "RGB"), ("PNG", "RGB"), ("PNG", "RGBA"), ("WEBP", "RGB"), ("GIF", "RGB")],
)
def test_accepted_formats_become_webp_of_the_right_size(fmt, mode):
    source = two_colours((2400, 1200), mode=mode)
    result = process_image(encode(source, fmt))

    assert isinstance(result, ProcessedImage)
    assert (result.content_type, result.extension) == ("image/webp", "webp")
    assert (result.width, result.height) == (WEB_MAX_SIDE, WEB_MAX_SIDE // 2)
    web, thumbnail = opened(result.web), opened(result.thumbnail)
    assert web.format == thumbnail.format == "WEBP"
    assert web.size == (WEB_MAX_SIDE, WEB_MAX_SIDE // 2)
    assert thumbnail.size == (THUMB_MAX_SIDE, THUMB_MAX_SIDE // 2)
    assert close_to(web.convert("RGB").getpixel((10, 10)), (220, 20, 20))
    assert close_to(thumbnail.convert("RGB").getpixel((470, 230)), (20, 20, 220))


def test_portrait_fits_by_its_height():
    result = process_image(encode(two_colours((1000, 3000)), "JPEG"))
    assert (result.width, result.height) == (533, 1600)
    assert opened(result.thumbnail).size == (160, 480)


def test_small_pictures_are_not_enlarged():
    result = process_image(encode(two_colours((300, 200)), "PNG"))
    assert (result.width, result.height) == (300, 200)
    assert opened(result.web).size == (300, 200)
    assert opened(result.thumbnail).size == (300, 200)


def test_greyscale_palette_and_cmyk_pictures_are_accepted():
    for image, fmt in [
        (Image.new("L", (50, 40), 128), "JPEG"),
        (Image.new("L", (50, 40), 128), "PNG"),
        (Image.new("P", (50, 40), 3), "PNG"),
        (Image.new("1", (50, 40), 1), "PNG"),
        (Image.new("CMYK", (50, 40), (0, 0, 0, 0)), "JPEG"),
        (Image.new("I;16", (50, 40), 65535), "PNG"),
    ]:
        result = process_image(encode(image, fmt))
        assert opened(result.web).size == (50, 40)


def test_sixteen_bit_greyscale_is_scaled_not_clipped():
    result = process_image(encode(Image.new("I;16", (20, 20), 128 * 256), "PNG"))
    assert close_to(opened(result.web).convert("RGB").getpixel((10, 10)), (128, 128, 128), 8)


def test_animated_gif_becomes_its_first_frame():
    frames = [Image.new("RGB", (60, 40), colour) for colour in ((250, 0, 0), (0, 250, 0))]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    assert Image.open(io.BytesIO(data)).n_frames == 2
    web = opened(process_image(data).web)
    assert getattr(web, "n_frames", 1) == 1
    assert close_to(web.convert("RGB").getpixel((30, 20)), (250, 0, 0))


def test_animated_webp_becomes_its_first_frame():
    frames = [Image.new("RGB", (60, 40), colour) for colour in ((0, 0, 250), (0, 250, 0))]
    data = encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)
    web = opened(process_image(data).web)
    assert getattr(web, "n_frames", 1) == 1
    assert close_to(web.convert("RGB").getpixel((30, 20)), (0, 0, 250))


# Transparency --------------------------------------------------------------------------------


def test_png_transparency_is_kept():
    source = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    source.paste((30, 160, 30, 255), (100, 0, 200, 100))
    result = process_image(encode(source, "PNG"))
    for data in (result.web, result.thumbnail):
        image = opened(data)
        assert image.mode == "RGBA"
        assert image.getpixel((5, 5))[3] == 0
        assert image.getpixel((image.width - 5, 5))[3] == 255


def test_half_transparent_pixels_keep_their_alpha():
    source = Image.new("RGBA", (50, 50), (200, 40, 40, 128))
    web = opened(process_image(encode(source, "PNG")).web)
    assert web.mode == "RGBA"
    assert abs(web.getpixel((25, 25))[3] - 128) <= 2


def test_gif_and_palette_png_transparency_is_kept():
    source = Image.new("P", (40, 40), 0)
    source.putpalette([255, 255, 255, 200, 0, 0] + [0] * 762)
    source.paste(1, (20, 0, 40, 40))
    for fmt in ("GIF", "PNG"):
        web = opened(process_image(encode(source, fmt, transparency=0)).web)
        assert web.mode == "RGBA"
        assert web.getpixel((5, 5))[3] == 0
        assert web.getpixel((35, 5))[3] == 255


def test_opaque_alpha_channel_is_dropped():
    web = opened(process_image(encode(Image.new("RGBA", (30, 30), (1, 2, 3, 255)), "PNG")).web)
    assert web.mode == "RGB"


# Metadata and orientation --------------------------------------------------------------------


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[Base.Make] = "Kamerafabrikken"
    exif[Base.Model] = "Hemmelig modell"
    exif[Base.Artist] = "Kari Nordmann"
    exif[Base.Orientation] = orientation
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef] = "N"
    gps[GPS.GPSLatitude] = (59.0, 12.0, 34.5)
    gps[GPS.GPSLongitudeRef] = "E"
    gps[GPS.GPSLongitude] = (9.0, 36.0, 12.25)
    return exif


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22'
    b'-rdf-syntax-ns#"><rdf:Description photoshop:City="Porsgrunn"/></rdf:RDF></x:xmpmeta>'
)


def test_jpeg_with_gps_exif_comes_out_without_any_metadata():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(
        two_colours((400, 200)),
        "JPEG",
        exif=exif_with_gps(),
        xmp=XMP,
        icc_profile=srgb,
        comment=b"Tatt hjemme hos Kari",
        dpi=(300, 300),
    )
    source = Image.open(io.BytesIO(data))
    assert source.getexif().get_ifd(IFD.GPSInfo)  # the test picture really has GPS tags
    assert "xmp" in source.info and "icc_profile" in source.info

    result = process_image(data)
    for output in (result.web, result.thumbnail):
        image = opened(output)
        assert len(image.getexif()) == 0
        assert not image.getexif().get_ifd(IFD.GPSInfo)
        assert not METADATA_KEYS & set(image.info)
        for marker in (b"EXIF", b"Exif", b"XMP ", b"ICCP", b"Kamerafabrikken", b"Porsgrunn"):
            assert marker not in output
        assert b"Kari" not in output


def test_png_text_and_exif_chunks_are_not_kept():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Kari Nordmann")
    info.add_itxt("Description", "Hjemme i Porsgrunn", zip=True)
    data = encode(two_colours((100, 50)), "PNG", pnginfo=info, exif=exif_with_gps())
    result = process_image(data)
    image = opened(result.web)
    assert len(image.getexif()) == 0
    assert not METADATA_KEYS & set(image.info)
    assert "Author" not in image.info and "Description" not in image.info
    assert b"Kari" not in result.web and b"Porsgrunn" not in result.web


def test_webp_exif_and_xmp_are_not_kept():
    data = encode(two_colours((100, 50)), "WEBP", exif=exif_with_gps(), xmp=XMP)
    assert "exif" in Image.open(io.BytesIO(data)).info
    result = process_image(data)
    image = opened(result.web)
    assert len(image.getexif()) == 0
    assert not METADATA_KEYS & set(image.info)


def test_exif_orientation_is_applied():
    # Orientation 6: the camera was turned; the picture must be turned 90° clockwise.
    source = two_colours((100, 50))
    result = process_image(encode(source, "JPEG", exif=exif_with_gps(orientation=6), quality=95))
    assert (result.width, result.height) == (50, 100)
    web = opened(result.web).convert("RGB")
    assert web.size == (50, 100)
    assert close_to(web.getpixel((25, 10)), (220, 20, 20))  # the left half is now on top
    assert close_to(web.getpixel((25, 90)), (20, 20, 220))
    assert len(opened(result.web).getexif()) == 0


def test_exif_orientation_is_applied_before_resizing():
    source = two_colours((3200, 1600))
    result = process_image(encode(source, "JPEG", exif=exif_with_gps(orientation=8)))
    assert (result.width, result.height) == (800, 1600)
    web = opened(result.web).convert("RGB")
    # Orientation 8: turned 90° counter-clockwise, so the left half ends at the bottom.
    assert close_to(web.getpixel((400, 1500)), (220, 20, 20))


# Refused uploads ------------------------------------------------------------------------------


def test_too_many_bytes_is_refused_before_anything_else():
    with pytest.raises(ImageError) as caught:
        process_image(b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_UPLOAD_BYTES)
    assert caught.value.code == "too_large"
    with translation.override("en"):
        assert str(caught.value) == "The picture is too large: at most 10 MB."


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if any pixel data is decoded."""
    decoded = []
    original = ImageFile.ImageFile.load

    def load(self):
        decoded.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    yield decoded
    assert decoded == [], "pixel data was decoded"


@pytest.mark.parametrize(
    "width, height",
    [(100_000, 100_000), (65_535, 65_535), (9_000, 9_000), (6_001, 4_000), (1, MAX_PIXELS + 1)],
)
def test_header_claiming_too_many_pixels_is_refused_without_decoding(width, height, no_decoding):
    data = png_claiming(width, height)
    assert len(data) < 100
    with pytest.raises(ImageError) as caught:
        process_image(data)
    assert caught.value.code == "too_many_pixels"
    with translation.override("en"):
        assert str(caught.value) == "The picture has too many pixels: at most 24 megapixels."


def test_real_highly_compressed_bomb_is_refused(no_decoding):
    # 9000 x 9000 = 81 million pixels in about 10 kB.
    data = encode(Image.new("1", (9_000, 9_000), 0), "PNG", optimize=True)
    assert len(data) < 200_000
    with pytest.raises(ImageError) as caught:
        process_image(data)
    assert caught.value.code == "too_many_pixels"


def test_picture_at_a_normal_size_under_the_limit_is_not_a_bomb():
    data = encode(Image.new("L", (4_000, 3_000), 0), "PNG")
    result = process_image(data)
    assert (result.width, result.height) == (1600, 1200)


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
    b'onload="alert(1)"><script>alert(1)</script><rect width="10" height="10"/></svg>'
)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(SVG, id="svg"),
        pytest.param(b"<html><body><script>alert(1)</script></body></html>", id="html"),
        pytest.param(b"GIF89a<html><script>alert(1)</script></html>", id="html-as-gif"),
        pytest.param(b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>", id="html-as-png"),
        pytest.param(b"\xff\xd8\xff\xe0<html><script>alert(1)</script>", id="html-as-jpeg"),
        pytest.param(b"RIFF\x10\x00\x00\x00WEBPVP8 <script>", id="html-as-webp"),
        pytest.param(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", id="pdf-text"),
        pytest.param(random.Random(3).randbytes(5000), id="random"),
        pytest.param(b"\0" * 1000, id="zeros"),
    ],
)
def test_things_that_are_not_pictures_are_refused(data):
    with pytest.raises(ImageError) as caught:
        process_image(data)
    assert caught.value.code == "not_image"
    with translation.override("en"):
        assert str(caught.value) == (
            "This file is not a picture we can use. Use JPEG, PNG, WebP or GIF."
        )


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "PDF", "ICO", "PPM", "TGA", "JPEG2000"])
def test_other_picture_formats_are_refused(fmt):
    image = Image.new("RGB", (32, 32), (10, 200, 10))
    try:
        data = encode(image, fmt)
    except (KeyError, OSError):
        pytest.skip(f"this Pillow cannot write {fmt}")
    with pytest.raises(ImageError) as caught:
        process_image(data)
    assert caught.value.code == "not_image"


def test_tiff_with_jpeg_extension_content_is_still_refused():
    # The name and the browser's content type are never asked: only the bytes count.
    data = encode(Image.new("RGB", (32, 32)), "TIFF")
    with pytest.raises(ImageError):
        process_image(data)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
@pytest.mark.parametrize("keep", [0.5, 0.1])
def test_truncated_pictures_are_refused(fmt, keep):
    data = encode(noisy(), fmt)
    with pytest.raises(ImageError) as caught:
        process_image(data[: int(len(data) * keep)])
    assert caught.value.code == "not_image"


def test_png_with_a_damaged_chunk_is_refused():
    data = bytearray(encode(noisy((64, 64)), "PNG"))
    data[len(data) // 2] ^= 0xFF  # inside the IDAT data: its CRC no longer matches
    with pytest.raises(ImageError):
        process_image(bytes(data))


def test_error_messages_are_translatable_value_errors():
    with pytest.raises(ImageError) as caught:
        process_image(b"not a picture")
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value.message, Promise)
