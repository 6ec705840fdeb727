"""Images are decoded with an allowlist, bomb-checked, rebuilt from pixels and resized."""

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from app.core.errors import Invalid, Unsupported
from app.media.decode_budget import MemoryBudget

ALLOWED_FORMATS = ["JPEG", "PNG", "GIF", "WEBP", "AVIF"]
RENDITION_WIDTHS = (320, 640, 1280, 1920)
WEBP_QUALITY = 80
JPEG_QUALITY = 82
# What Pillow keeps per pixel of a mode; every mode not named takes 4 (RGB included).
BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}


@dataclass(frozen=True)
class Rendition:
    path: Path
    width: int
    height: int
    format: str  # "webp" or "jpg"


@dataclass(frozen=True)
class ProcessedImage:
    width: int
    height: int
    renditions: list[Rendition]


def _too_many_pixels(pixels: int, max_pixels: int) -> Invalid:
    return Invalid(
        "Gambar terlalu besar: {pixels} juta piksel (semua bingkai animasi dihitung), "
        "batasnya {limit} juta.",
        pixels=round(pixels / 1e6),
        limit=round(max_pixels / 1e6),
    )


def _damaged() -> Invalid:
    return Invalid("Gambar rusak atau terpotong; unggah ulang berkas aslinya.")


def _open_checked(path: Path, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path, formats=ALLOWED_FORMATS)
            frames = getattr(image, "n_frames", 1)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels((Image.MAX_IMAGE_PIXELS or 0) * 2, max_pixels) from None
    except UnidentifiedImageError:
        raise Unsupported("Berkas ini bukan gambar yang dapat dibaca.") from None
    except (OSError, SyntaxError, ValueError):
        raise _damaged() from None
    if image.width * image.height * frames > max_pixels:
        image.close()
        raise _too_many_pixels(image.width * image.height * frames, max_pixels)
    return image


def _decode(image: Image.Image) -> Image.Image:
    """The pixels of `image` (which this closes), upright and without metadata."""
    try:
        image.load()
        upright = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _damaged() from None
    finally:
        image.close()  # frees the decoded pixels before the RGB(A) copy below
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    pixels = upright.convert("RGBA" if has_alpha else "RGB")
    pixels.info = {}  # no EXIF, XMP, ICC or comments travel into the renditions
    return pixels


def decode_cost(image: Image.Image) -> int:
    """Bytes of pixels the pipeline may hold at once for an opened (drafted) image.

    The decoded frame, its upright or RGB(A) copy, and the largest rendition twice
    (the JPEG is written from a flattened copy). Only the first frame of an animation
    is decoded (renditions are stills), so frames do not add up here; they count
    towards the pixel cap instead.
    """
    pixels = image.width * image.height
    decoded = pixels * BYTES_PER_PIXEL.get(image.mode, 4)
    width = min(image.width, RENDITION_WIDTHS[-1])
    rendition = width * max(1, round(image.height * width / image.width)) * 4
    return decoded + pixels * 4 + 2 * rendition


def _widths(width: int) -> list[int]:
    """The standard widths below the image's, then the largest it allows; each once."""
    largest = min(width, RENDITION_WIDTHS[-1])
    return [w for w in RENDITION_WIDTHS if w < largest] + [largest]


def _resized(source: Image.Image, width: int, original: Image.Image) -> Image.Image:
    """`source` scaled to `width`, keeping the proportions of `original`."""
    if width == source.width:
        return source
    height = max(1, round(original.height * width / original.width))
    return source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=2.0)


def _encode(resized: Image.Image, out_dir: Path) -> list[Rendition]:
    width, height = resized.size
    webp = out_dir / f"{width}.webp"
    resized.save(webp, "WEBP", quality=WEBP_QUALITY)
    if resized.mode == "RGBA":
        flat = Image.new("RGB", resized.size, (255, 255, 255))
        flat.paste(resized, mask=resized.getchannel("A"))
        resized = flat
    jpeg = out_dir / f"{width}.jpg"
    resized.save(jpeg, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return [Rendition(webp, width, height, "webp"), Rendition(jpeg, width, height, "jpg")]


def process_image(
    path: Path, out_dir: Path, *, max_pixels: int, budget: MemoryBudget
) -> ProcessedImage:
    """Write WebP and JPEG renditions of `path` into `out_dir`, within the memory budget."""
    with _open_checked(path, max_pixels) as image:
        try:
            largest = RENDITION_WIDTHS[-1]
            image.draft("RGB", (largest, largest))  # JPEG decodes at a reduced scale
        except (OSError, SyntaxError, ValueError):
            raise _damaged() from None
        with budget.reserve(decode_cost(image)):
            pixels = _decode(image)
            renditions: list[Rendition] = []
            resized = pixels
            # Largest first, each from the one before: Lanczos reads far fewer pixels
            # and the result looks the same. One thread: Pillow's WebP encoder holds
            # the GIL, so a second one gained about 3% on a 24-megapixel photo
            # (tests/perf/bench_images.py).
            for width in sorted(_widths(pixels.width), reverse=True):
                resized = _resized(resized, width, pixels)
                renditions += _encode(resized, out_dir)
    return ProcessedImage(pixels.width, pixels.height, renditions)
