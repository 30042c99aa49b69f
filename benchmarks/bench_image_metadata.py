"""What removing a photo's location costs per image (inkfolio.image_metadata.strip),
against re-encoding it with Pillow, the other way to drop EXIF.

A phone-sized photo (4032×3024, EXIF with GPS and orientation, XMP) as JPEG, and the
same picture at 1600×1200 as PNG and WebP. Prints the median of 20 strips and checks
that the result holds no GPS position and keeps its orientation.

Run: ``python benchmarks/bench_image_metadata.py``.
"""

import io
import statistics
import time

import numpy as np
from PIL import ExifTags, Image

from inkfolio import image_metadata

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'exif:GPSLatitude="51,30.2N"/></rdf:RDF></x:xmpmeta>'
)


def photo():
    rng = np.random.default_rng(0)
    noise = rng.random((3024, 4032, 3)) * 60
    pixels = (noise + np.linspace(0, 190, 4032)[None, :, None]).astype("uint8")
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.GPSInfo] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    return Image.fromarray(pixels), exif


def encoded(image, exif, kind):
    buffer = io.BytesIO()
    if kind == "JPEG":
        image.save(buffer, kind, exif=exif, quality=90, xmp=XMP)
    else:
        image.resize((1600, 1200)).save(buffer, kind, exif=exif)
    return buffer.getvalue()


def median_ms(work, repeat=20):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def main():
    image, exif = photo()
    for kind in ("JPEG", "PNG", "WEBP"):
        data = encoded(image, exif, kind)
        ms, stripped = median_ms(lambda data=data, kind=kind: image_metadata.strip(data, kind))
        with Image.open(io.BytesIO(stripped)) as result:
            located = bool(result.getexif().get_ifd(ExifTags.IFD.GPSInfo))
            turn = result.getexif().get(ExifTags.Base.Orientation)
        print(
            f"{kind:5} {len(data) / 1e6:4.1f} MB: strip {ms:5.1f} ms (median of 20); "
            f"GPS left: {located}; XMP left: {b'xmpmeta' in stripped}; orientation: {turn}"
        )
    jpeg = encoded(image, exif, "JPEG")

    def reencode():
        buffer = io.BytesIO()
        Image.open(io.BytesIO(jpeg)).save(buffer, "JPEG", quality=90)
        return buffer

    ms, _ = median_ms(reencode, repeat=5)
    print(f"JPEG  re-encoded by Pillow instead (lossy): {ms:.0f} ms (median of 5)")


if __name__ == "__main__":
    main()
