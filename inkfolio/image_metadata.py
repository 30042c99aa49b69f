"""Images published without where (and on what) they were taken.

A phone's photo carries its GPS position, the camera's serial number and more in EXIF
and XMP. JPEG, PNG and WebP keep those in segments or chunks of their own, apart from
the pixels: they are dropped here without decoding or re-encoding anything, so the
picture is the one the author chose, byte for byte. Only the orientation survives, as
an EXIF block of that one tag, so a photo taken sideways still shows upright.

Written here rather than with piexif (unmaintained since 2019; JPEG and WebP only, and
XMP, where phones repeat the position, left in place) or Pillow (which re-encodes on save).
"""

import io
import struct
import zlib

from PIL import Image

ORIENTATION = 0x0112
# What JPEG needs to show the picture as it is: its colour profile (ICC) and Adobe's
# colour transform; every other APPn segment and comments describe, not draw.
_JPEG_KEPT_APPS = {0xE0, 0xEE}
_PNG_DROPPED = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
_WEBP_DROPPED = {b"EXIF", b"XMP "}
_ISOBMFF = (".heic", ".heif", ".avif")
SUFFIXES = (".jpg", ".jpeg", ".jfif", ".png", ".webp", ".tif", ".tiff", *_ISOBMFF)


def handles(path):
    return path.lower().endswith(SUFFIXES)


def strip(data, name=""):
    """``data`` without identifying metadata; None when that cannot be done losslessly."""
    if data.startswith(b"\xff\xd8"):
        return _strip_jpeg(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _strip_png(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _strip_webp(data)
    if name.lower().endswith(_ISOBMFF):
        return None if _isobmff_has_metadata(data) else data
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return None if _tiff_has_location(data) else data
    return data


def orientation(data):
    try:
        with Image.open(io.BytesIO(data)) as image:
            value = image.getexif().get(ORIENTATION, 1)
    except Exception:  # an image Pillow cannot read keeps no orientation
        return 1
    return value if value in range(2, 9) else 1


def _orientation_only(value):
    """``Exif\\0\\0`` + a TIFF block holding the one tag (Pillow writes it)."""
    exif = Image.Exif()
    exif[ORIENTATION] = value
    return exif.tobytes()


def _strip_jpeg(data):
    keep = [b"\xff\xd8"]
    turn = orientation(data)
    if turn != 1:
        exif = _orientation_only(turn)
        keep.append(b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif)
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None  # not a JPEG we can walk: do not guess
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        segment = data[position : position + 2 + length]
        if marker == 0xDA:  # start of scan: the pixels, up to the end-of-image marker
            end = _end_of_image(data, position + 2 + length)
            keep.append(data[position:end])
            return b"".join(keep) + b"\xff\xd9"
        is_icc = marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\x00"
        is_metadata = 0xE1 <= marker <= 0xEF or marker == 0xFE
        if not is_metadata or marker in _JPEG_KEPT_APPS or is_icc:
            keep.append(segment)
        position += 2 + length
    return None


def _end_of_image(data, start):
    """Where the compressed pixels end. What follows the end marker (a phone's second
    pictures, each with its own EXIF) is not part of this picture and is dropped."""
    position = start
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return len(data)
        follower = data[position + 1]
        if follower == 0xD9:
            return position
        position += 2 if follower == 0x00 or 0xD0 <= follower <= 0xD7 else 1


def _png_chunk(kind, body):
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def _strip_png(data):
    keep = [data[:8]]
    turn = orientation(data)
    position = 8
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if kind == b"IDAT" and turn != 1:
            keep.append(_png_chunk(b"eXIf", _orientation_only(turn)[6:]))
            turn = 1
        if kind not in _PNG_DROPPED:
            keep.append(data[position:end])
        position = end
        if kind == b"IEND":
            return b"".join(keep)
    return None


def _strip_webp(data):
    chunks = []
    turn = orientation(data)
    position = 12
    while position + 8 <= len(data):
        kind = data[position : position + 4]
        (size,) = struct.unpack("<I", data[position + 4 : position + 8])
        end = position + 8 + size + (size & 1)
        chunk = data[position:end]
        if kind == b"VP8X":
            flags = chunk[8] & ~0x0C  # no EXIF (0x08), no XMP (0x04)
            if turn != 1:
                flags |= 0x08
            chunk = chunk[:8] + bytes([flags]) + chunk[9:]
        if kind not in _WEBP_DROPPED:
            chunks.append(chunk)
        position = end
    if turn != 1 and any(c[:4] == b"VP8X" for c in chunks):
        exif = _orientation_only(turn)[6:]
        chunks.append(b"EXIF" + struct.pack("<I", len(exif)) + exif + b"\0" * (len(exif) & 1))
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _isobmff_has_metadata(data):
    """HEIC and AVIF keep EXIF and XMP as items of the 'meta' box: rewriting the box
    tree is beyond a lossless strip, so an image that has them is refused."""
    position = 0
    while position + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        if size == 1:
            (size,) = struct.unpack(">Q", data[position + 8 : position + 16])
        elif size == 0:
            size = len(data) - position
        if kind == b"meta":
            box = data[position : position + size]
            return b"Exif" in box or b"application/rdf+xml" in box
        if size < 8:
            return True
        position += size
    return False


def _tiff_has_location(data):
    try:
        with Image.open(io.BytesIO(data)) as image:
            return bool(image.getexif().get_ifd(0x8825))
    except Exception:
        return True
