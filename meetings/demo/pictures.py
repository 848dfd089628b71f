"""Photographs for the demo's cards, drawn with Pillow: what a group in a meeting room
snaps with a phone and puts on its card — a flipchart sheet with a marker heading, lines
and coloured post-it notes, a mind map, or post-its stuck in columns on a wall (or, with
"screen", a screenshot of the same on a digital whiteboard).

Drawn, not random: every sheet, note and arrow is placed from the drawing's description,
the handwriting is a handwriting font (fonts/README.md), and only the small tilts, the
light and the camera's grain vary, from a seed, so the same card gets the same picture.
Returns JPEG bytes, as a phone would; the wall turns them into WebP like any upload.
"""

import io
import math
import random
import re
from functools import cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONTS = Path(__file__).resolve().parent / "fonts"
HAND = FONTS / "Caveat-Bold.woff"
MARKER = FONTS / "PermanentMarker-Regular.woff"

NOTE_COLOURS = {
    "yellow": (255, 236, 110),
    "pink": (250, 170, 196),
    "green": (178, 236, 160),
    "blue": (150, 205, 245),
    "orange": (255, 196, 120),
}
INKS = {
    "blue": (28, 52, 140),
    "black": (32, 32, 36),
    "red": (196, 36, 40),
    "green": (24, 120, 60),
}
PORTRAIT = (900, 1200)
LANDSCAPE = (1200, 900)


@cache
def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def draw(drawing: dict, *, seed: str) -> bytes:
    """The photograph a card's `drawing` describes, as JPEG bytes."""
    rng = random.Random(seed)
    kind = drawing["kind"]
    if kind == "flipchart":
        photo = _flipchart_photo(drawing, rng)
    elif kind == "mindmap":
        photo = _flipchart_photo(drawing, rng, mindmap=True)
    elif kind == "postit_wall":
        photo = _postit_wall_photo(drawing, rng)
    else:
        raise ValueError(f"unknown drawing {kind!r}")
    if not drawing.get("screen"):
        photo = _camera(photo, rng)
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=86)
    return out.getvalue()


# --- Scenes ------------------------------------------------------------------------------


def _flipchart_photo(drawing: dict, rng: random.Random, *, mindmap: bool = False) -> Image.Image:
    width, height = PORTRAIT
    photo = _wall(PORTRAIT, (214, 205, 190), (176, 166, 150), rng)
    sheet = _sheet(drawing, rng, mindmap=mindmap)
    # The sheet fills most of the picture, seen a little from one side and below.
    margin_x, top = 70 + rng.randrange(20), 60 + rng.randrange(30)
    lean = rng.choice((-1, 1)) * rng.randrange(18, 40)
    corners = [
        (margin_x + max(0, lean), top),
        (width - margin_x + min(0, lean), top + rng.randrange(-10, 10)),
        (width - margin_x + 10 - min(0, lean), height - 40),
        (margin_x - 10 - max(0, lean), height - 40 + rng.randrange(-8, 8)),
    ]
    _paste_in_perspective(photo, sheet, corners, shadow=16)
    # The easel's clamp across the top of the pad.
    pen = ImageDraw.Draw(photo)
    left, right = corners[0][0] - 24, corners[1][0] + 24
    pen.rounded_rectangle(
        [left, corners[0][1] - 34, right, corners[0][1] + 16], radius=8, fill=(58, 60, 66)
    )
    pen.line(
        [(left + 10, corners[0][1] - 28), (right - 10, corners[1][1] - 28)],
        fill=(104, 108, 116),
        width=3,
    )
    return photo


def _postit_wall_photo(drawing: dict, rng: random.Random) -> Image.Image:
    width, height = LANDSCAPE
    if drawing.get("screen"):
        photo = _board(LANDSCAPE)
    else:
        photo = _wall(LANDSCAPE, (232, 228, 220), (190, 186, 178), rng)
    columns = drawing["columns"]
    column_width = (width - 120) // len(columns)
    for number, column in enumerate(columns):
        x = 60 + number * column_width + column_width // 2
        heading = _note(column["title"], "orange", 220, rng, points=60, ink=INKS["black"])
        _paste_note(photo, heading, (x, 140), rng)
        for row, note in enumerate(column["notes"]):
            colour = note.get("colour", ("yellow", "pink", "green", "blue")[number % 4])
            square = _note(note["text"], colour, 200, rng)
            jitter = rng.randrange(-18, 18)
            _paste_note(photo, square, (x + jitter, 385 + row * 232), rng)
    if drawing.get("screen"):
        return photo
    # Taken standing a little to one side: the far end of the wall is a little smaller.
    near, far = rng.randrange(8, 20), rng.randrange(30, 50)
    if rng.random() < 0.5:
        near, far = far, near
    source = [(near, near), (width - far, far), (width - far, height - far), (near, height - near)]
    coefficients = _perspective_coefficients(
        source, [(0, 0), (width, 0), (width, height), (0, height)]
    )
    return photo.transform(
        photo.size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BILINEAR
    )


# --- Parts -------------------------------------------------------------------------------


def _wall(size, light, dark, rng: random.Random) -> Image.Image:
    """A painted wall, lit from one side, its paint not quite even."""
    mask = Image.linear_gradient("L").resize((256, 256))
    if rng.random() < 0.5:
        mask = mask.transpose(Image.Transpose.ROTATE_90)
    else:
        mask = mask.transpose(Image.Transpose.ROTATE_270)
    mask = mask.resize(size, Image.Resampling.BICUBIC)
    wall = Image.composite(Image.new("RGB", size, light), Image.new("RGB", size, dark), mask)
    blotches = Image.effect_noise((size[0] // 16, size[1] // 16), 40).filter(
        ImageFilter.GaussianBlur(2)
    )
    blotches = blotches.resize(size, Image.Resampling.BICUBIC).point(lambda v: 235 + v * 20 // 255)
    return ImageChops.multiply(wall, Image.merge("RGB", (blotches, blotches, blotches)))


def _board(size) -> Image.Image:
    """A digital whiteboard as a screenshot shows it: flat, with a dotted grid."""
    board = Image.new("RGB", size, (246, 247, 249))
    pen = ImageDraw.Draw(board)
    for x in range(20, size[0], 40):
        for y in range(20, size[1], 40):
            pen.point((x, y), fill=(200, 204, 212))
    return board


def _sheet(drawing: dict, rng: random.Random, *, mindmap: bool) -> Image.Image:
    """A flipchart sheet, flat, with everything written and stuck on it."""
    width, height = 680, 960
    sheet = Image.new("RGB", (width, height), (250, 249, 244))
    pen = ImageDraw.Draw(sheet)
    # The faint grid of flipchart paper.
    for x in range(34, width, 34):
        pen.line([(x, 0), (x, height)], fill=(228, 232, 238), width=1)
    for y in range(34, height, 34):
        pen.line([(0, y), (width, y)], fill=(228, 232, 238), width=1)
    ink = INKS[drawing.get("ink", "blue")]
    y = _marker_text(sheet, drawing["title"], (44, 36), width - 88, 58, ink, rng)
    pen.line(_wobble([(44, y + 8), (width - 60, y + 2)], rng), fill=INKS["red"], width=6)
    y += 40
    if mindmap:
        y = _mind_map(sheet, drawing, y, rng)
    for line in drawing.get("lines", []):
        y = _hand_text(sheet, line, (54, y), width - 100, 46, ink, rng) + 10
    notes = drawing.get("notes", [])
    if notes:
        per_row = 3 if len(notes) > 4 else 2
        size = 190 if per_row == 3 else 230
        rows = -(-len(notes) // per_row)
        room = height - 30 - rows * (size + 24)
        _stick_notes(sheet, notes, min(max(y + 30, 0), room), per_row, size, rng)
    return sheet


def _mind_map(sheet: Image.Image, drawing: dict, top: int, rng: random.Random) -> int:
    width = sheet.width
    pen = ImageDraw.Draw(sheet)
    ink = INKS[drawing.get("ink", "blue")]
    branches = drawing["branches"]
    centre = (width // 2, top + 190)
    radius_y = 150
    words = font(MARKER, 44)
    box = pen.textbbox((0, 0), drawing["centre"], font=words)
    half_w, half_h = (box[2] - box[0]) // 2 + 30, (box[3] - box[1]) // 2 + 24
    ellipse = [
        (
            centre[0] + half_w * math.cos(t / 48 * 2 * math.pi) + rng.uniform(-2, 2),
            centre[1] + half_h * math.sin(t / 48 * 2 * math.pi) + rng.uniform(-2, 2),
        )
        for t in range(50)
    ]
    pen.line(ellipse, fill=INKS["red"], width=5, joint="curve")
    pen.text(centre, drawing["centre"], font=words, fill=ink, anchor="mm")
    hand = font(HAND, 42)
    # Half the branches above the centre, half below, none straight out to the sides,
    # where the words would run off the sheet.
    above = (len(branches) + 1) // 2
    for number, branch in enumerate(branches):
        if number < above:
            angle = math.radians(-150 + 120 * (number + 0.5) / above)
        else:
            below = len(branches) - above
            angle = math.radians(30 + 120 * (number - above + 0.5) / below)
        end = (
            centre[0] + (half_w + 40) * math.cos(angle),
            centre[1] + (half_h + radius_y - 40) * math.sin(angle),
        )
        start = (centre[0] + half_w * math.cos(angle), centre[1] + half_h * math.sin(angle))
        tip = (start[0] + (end[0] - start[0]) * 0.6, start[1] + (end[1] - start[1]) * 0.6)
        _arrow(pen, start, tip, ink, rng)
        pen.text(end, branch, font=hand, fill=ink, anchor="mm")
    return centre[1] + radius_y + 60


def _stick_notes(sheet, notes: list[dict], top: int, per_row: int, size: int, rng) -> None:
    gap = (sheet.width - per_row * size) // (per_row + 1)
    for number, note in enumerate(notes):
        row, column = divmod(number, per_row)
        x = gap + column * (size + gap) + size // 2 + rng.randrange(-10, 10)
        y = top + row * (size + 24) + size // 2 + rng.randrange(-8, 8)
        square = _note(note["text"], note.get("colour", "yellow"), size, rng)
        _paste_note(sheet, square, (x, y), rng)


def _note(
    text: str, colour: str, side: int, rng: random.Random, *, points: int | None = None, ink=None
) -> Image.Image:
    """A square post-it note with `text` written on it by hand."""
    base = NOTE_COLOURS[colour]
    note = Image.new("RGBA", (side, side), base + (255,))
    pen = ImageDraw.Draw(note)
    # A little darker at the sticky edge, lighter where it curls.
    for y in range(side):
        shade = int(10 * y / side)
        pen.line([(0, y), (side, y)], fill=tuple(max(0, c - 12 + shade) for c in base) + (255,))
    _hand_text(
        note,
        text,
        (14, 12),
        side - 28,
        points or (48 if side >= 200 else 42),
        ink or INKS[rng.choice(("black", "blue", "blue"))],
        rng,
        centred=True,
        height=side - 24,
    )
    return note


def _paste_note(target: Image.Image, note: Image.Image, centre, rng: random.Random) -> None:
    angle = rng.uniform(-6, 6)
    turned = note.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True)
    shadow = Image.new("RGBA", turned.size, (0, 0, 0, 0))
    shadow.putalpha(turned.getchannel("A").point(lambda a: a * 0.35))
    shadow = shadow.filter(ImageFilter.GaussianBlur(6))
    x = int(centre[0] - turned.width / 2)
    y = int(centre[1] - turned.height / 2)
    target.paste(shadow, (x + 5, y + 7), shadow)
    target.paste(turned, (x, y), turned)


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines that fit `width`, broken between words, or after a hyphen inside one."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            for number, piece in enumerate(re.split(r"(?<=-)(?=.)", word)):
                glue = "" if number or not line else " "
                if line and face.getlength(line + glue + piece) > width:
                    lines.append(line)
                    line = piece
                else:
                    line = line + glue + piece
        lines.append(line)
    return lines


def _hand_text(
    target: Image.Image,
    text: str,
    origin,
    width: int,
    points: int,
    ink,
    rng: random.Random,
    *,
    centred: bool = False,
    height: int | None = None,
) -> int:
    """Write `text` by hand within `width`, each line a little off the straight; the y
    below the last line. Centred text shrinks until it fits `height`."""
    face = font(HAND, points)
    lines = _wrap(text, face, width)
    leading = int(points * 1.02)

    def too_big() -> bool:
        widest = max((face.getlength(line) for line in lines), default=0)
        return widest > width or bool(centred and height and len(lines) * leading > height)

    while too_big() and points > 24:
        points -= 4
        face, leading = font(HAND, points), int(points * 1.02)
        lines = _wrap(text, face, width)
    x0, y = origin
    if centred and height:
        y += max(0, (height - len(lines) * leading) // 2)
    for line in lines:
        layer = Image.new("RGBA", (width + 40, leading + 30), (0, 0, 0, 0))
        pen = ImageDraw.Draw(layer)
        if centred:
            pen.text(((width + 40) / 2, 8), line, font=face, fill=ink, anchor="ma")
        else:
            pen.text((4, 8), line, font=face, fill=ink)
        layer = layer.rotate(rng.uniform(-1.6, 1.6), resample=Image.Resampling.BILINEAR)
        target.paste(layer, (x0 - (20 if centred else 4) + rng.randrange(-3, 4), y - 8), layer)
        y += leading
    return y


def _marker_text(target, text, origin, width, points, ink, rng) -> int:
    face = font(MARKER, points)
    lines = _wrap(text, face, width)
    while len(lines) > 2 and points > 34:
        points -= 4
        face = font(MARKER, points)
        lines = _wrap(text, face, width)
    x, y = origin
    for line in lines:
        layer = Image.new("RGBA", (width + 40, int(points * 1.5)), (0, 0, 0, 0))
        ImageDraw.Draw(layer).text((4, 4), line, font=face, fill=ink)
        layer = layer.rotate(rng.uniform(-1.2, 1.2), resample=Image.Resampling.BILINEAR)
        target.paste(layer, (x, y), layer)
        y += int(points * 1.25)
    return y


def _wobble(points, rng: random.Random, steps: int = 8):
    """A line as a hand draws it: the same ends, a slight wave between."""
    (x0, y0), (x1, y1) = points
    return [
        (
            x0 + (x1 - x0) * t / steps + rng.uniform(-1.5, 1.5),
            y0 + (y1 - y0) * t / steps + math.sin(t / steps * math.pi) * rng.uniform(-3, 3),
        )
        for t in range(steps + 1)
    ]


def _arrow(pen: ImageDraw.ImageDraw, start, end, ink, rng: random.Random) -> None:
    pen.line(_wobble([start, end], rng), fill=ink, width=5, joint="curve")
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    for side in (-1, 1):
        barb = angle + math.pi + side * 0.45
        pen.line(
            [end, (end[0] + 22 * math.cos(barb), end[1] + 22 * math.sin(barb))],
            fill=ink,
            width=5,
        )


# --- The camera --------------------------------------------------------------------------


def _perspective_coefficients(source, target) -> list[float]:
    """Coefficients for Image.transform(PERSPECTIVE) that map `target` corners (in the
    output) to `source` corners (in the sheet): eight equations, solved by elimination."""
    rows, values = [], []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        values.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values.append(v)
    size = len(rows)
    matrix = [row + [value] for row, value in zip(rows, values, strict=True)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(matrix[r][column]))
        matrix[column], matrix[pivot] = matrix[pivot], matrix[column]
        for row in range(size):
            if row != column:
                factor = matrix[row][column] / matrix[column][column]
                matrix[row] = [
                    a - factor * b for a, b in zip(matrix[row], matrix[column], strict=True)
                ]
    return [matrix[row][size] / matrix[row][row] for row in range(size)]


def _paste_in_perspective(photo: Image.Image, sheet: Image.Image, corners, *, shadow: int):
    w, h = sheet.size
    coefficients = _perspective_coefficients([(0, 0), (w, 0), (w, h), (0, h)], corners)
    flat = sheet.convert("RGBA")
    seen = flat.transform(
        photo.size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BILINEAR
    )
    mask = seen.getchannel("A")
    dark = Image.new("RGB", photo.size, (60, 52, 44))
    # A soft shadow needs no detail: blurred at a quarter of the size, then enlarged.
    small = mask.resize((photo.width // 4, photo.height // 4), Image.Resampling.BILINEAR)
    small = small.filter(ImageFilter.GaussianBlur(shadow / 4)).point(lambda a: a * 0.45)
    photo.paste(dark, (10, 14), small.resize(photo.size, Image.Resampling.BILINEAR))
    photo.paste(seen, (0, 0), mask)


def _camera(photo: Image.Image, rng: random.Random) -> Image.Image:
    """Light falling off towards the corners, a warm indoor cast, softness and grain."""
    width, height = photo.size
    vignette = Image.radial_gradient("L").resize((int(width * 1.5), int(height * 1.5)))
    vignette = vignette.crop(
        (int(width * 0.25), int(height * 0.25), int(width * 1.25), int(height * 1.25))
    )
    vignette = vignette.point(lambda v: 255 - int(v * 0.28))
    photo = ImageChops.multiply(photo, Image.merge("RGB", (vignette, vignette, vignette)))
    warm = Image.new("RGB", photo.size, (255, 244, 226))
    photo = ImageChops.multiply(photo, warm)
    photo = photo.filter(ImageFilter.GaussianBlur(0.7))
    grain = Image.effect_noise(photo.size, 7 + rng.randrange(3))
    grain = Image.merge("RGB", (grain, grain, grain))
    return ImageChops.add(photo, grain, scale=1.0, offset=-128)
