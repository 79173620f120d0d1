"""The show's cover: the image given in the settings, or one drawn from the title."""

from __future__ import annotations

import hashlib
import textwrap
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

from .config import Show
from .errors import ConfigError
from .files import replacing, write_bytes
from .naming import ascii_folded
from .publish import load_state, save_state

COVER_SIZE = 3000
COVER_DESIGN = "1"
"""Changed when draw_cover draws differently, so covers drawn before are drawn again."""
COVER_BACKGROUND = "#0b1d3a"
COVER_FOREGROUND = "#ffffff"
COVER_ACCENT = "#ffd166"
COVER_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/Library/Fonts/Arial Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)
"""Fonts with accented letters, tried in order; Pillow's own font has none."""


@dataclass(frozen=True)
class Cover:
    """The show's cover in the output folder: its file name, and what it is made from (for
    fingerprints). Small and plain: it is handed to the processes that build episodes."""

    name: str
    identity: str
    output: Path

    def path(self) -> Path:
        return self.output / self.name


def publish_cover(show: Show, output: Path) -> Cover:
    """Put the show's cover in ``output``; draw one from the title when none is configured.

    Drawing takes about 0.2 s and happens only when the title (or the design) changed: it is
    done here, before anything needs the cover, rather than in a thread every later step would
    have to wait for.
    """
    if show.image:
        source = Path(show.image)
        suffix = source.suffix.lower()
        if suffix not in {".png", ".jpg", ".jpeg"} or not source.is_file():
            raise ConfigError(f"cover image {source} must be an existing .png or .jpg file.")
        name = f"cover{'.jpg' if suffix == '.jpeg' else suffix}"
        destination = output / name
        if source.stat().st_size > MAX_COVER_BYTES:
            raise ConfigError(f"cover image {source} is larger than {MAX_COVER_BYTES // 1_000_000} MB; podcast apps want 512 kB or so.")
        picture = source.read_bytes()
        _check_cover(source, picture, "PNG" if suffix == ".png" else "JPEG")
        if not destination.is_file() or destination.read_bytes() != picture:
            write_bytes(destination, picture)
        return Cover(name, "file:" + hashlib.sha256(picture).hexdigest(), output)
    name = "cover.png"
    signature = f"{COVER_DESIGN}:{show.title}"
    if load_state(output).get("cover") != signature or not (output / name).is_file():
        with replacing(output / name) as temporary:
            draw_cover(show.title).save(temporary, format="PNG", compress_level=6)  # twice as fast as optimize, 5% larger
        save_state(output, {**load_state(output), "cover": signature})
    return Cover(name, "drawn:" + signature, output)


MAX_COVER_BYTES = 10_000_000
COVER_SIDES = (1400, 3000)
"""The sides a cover may have, in pixels, as Apple Podcasts asks (and the others follow)."""


def _check_cover(source: Path, picture: bytes, expected: str) -> None:
    """ConfigError unless ``picture`` is a square image of the format its name says, 1400 to
    3000 pixels a side: a text file named .png went into every MP3 and EPUB (which EPUBCheck
    then refused), and a PNG claiming 100,000 pixels a side into every app."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(BytesIO(picture)) as image:
            found, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ConfigError(f"cover image {source} is not an image Pillow can read ({error}); give a PNG or JPEG file.") from None
    if found != expected:
        raise ConfigError(f"cover image {source} is a {found or 'unknown'} file, not the {expected} its name says; convert or rename it.")
    low, high = COVER_SIDES
    if width != height or not low <= width <= high:
        raise ConfigError(f"cover image {source} is {width} x {height} pixels; podcast apps want a square of {low} to {high} pixels.")


def draw_cover(title: str) -> Image.Image:
    """A square, high-contrast cover with the show's title in large letters."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (COVER_SIZE, COVER_SIZE), COVER_BACKGROUND)
    draw = ImageDraw.Draw(image)
    font_path = next((path for path in COVER_FONTS if Path(path).is_file()), None)
    size = 260
    text = title
    if font_path is None:
        # Pillow's built-in font has no accented letters: write them without accents.
        text = ascii_folded(title)
    font = ImageFont.truetype(font_path, size) if font_path else ImageFont.load_default(size=size)
    lines = textwrap.wrap(text, width=16) or [text]
    line_height = int(size * 1.25)
    top = (COVER_SIZE - line_height * len(lines)) // 2
    for number, line in enumerate(lines):
        width = draw.textlength(line, font=font)
        draw.text(((COVER_SIZE - width) / 2, top + number * line_height), line, font=font, fill=COVER_FOREGROUND)
    bar_top = top + line_height * len(lines) + 120
    draw.rectangle([(COVER_SIZE // 2 - 400, bar_top), (COVER_SIZE // 2 + 400, bar_top + 60)], fill=COVER_ACCENT)
    return image
