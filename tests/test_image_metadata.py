"""Photos are published without their location: GPS, camera, XMP and comments are cut
out of JPEG, PNG and WebP files without touching a pixel; the orientation stays."""

import io

import pytest
from PIL import ExifTags, Image, ImageCms

from inkfolio import image_metadata

XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF exif:GPSLatitude="51,30N"/></x:xmpmeta>'


def exif(orientation=6):
    data = Image.Exif()
    data[ExifTags.Base.Orientation] = orientation
    data[ExifTags.Base.Make] = "PhoneMaker"
    data[ExifTags.Base.GPSInfo] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    return data


def picture():
    image = Image.new("RGB", (40, 30))
    image.putdata([(x * 6, y * 8, (x * y) % 256) for y in range(30) for x in range(40)])
    return image


def encode(kind, **options):
    buffer = io.BytesIO()
    picture().save(buffer, kind, exif=exif(), **options)
    return buffer.getvalue()


def read_back(data):
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.getexif(), image.tobytes(), image.info


@pytest.mark.parametrize(
    "kind, options",
    [
        ("JPEG", {"quality": 85, "xmp": XMP, "comment": b"at home"}),
        ("JPEG", {"quality": 85, "progressive": True}),
        ("PNG", {"pnginfo": None}),
        ("WEBP", {"lossless": True, "xmp": XMP}),
    ],
)
def test_the_location_goes_and_the_pixels_and_orientation_stay(kind, options):
    original = encode(kind, **{k: v for k, v in options.items() if v is not None})
    assert read_back(original)[0].get_ifd(ExifTags.IFD.GPSInfo)  # the fixture has a location
    stripped = image_metadata.strip(original, f"photo.{kind.lower()}")
    metadata, pixels, info = read_back(stripped)
    assert not metadata.get_ifd(ExifTags.IFD.GPSInfo)
    assert dict(metadata) == {ExifTags.Base.Orientation: 6}
    assert pixels == read_back(original)[1]  # not re-encoded: the same pixels
    assert b"xmpmeta" not in stripped and b"PhoneMaker" not in stripped
    assert b"at home" not in stripped and "comment" not in info


def test_the_colour_profile_stays_and_a_phones_second_picture_goes():
    buffer = io.BytesIO()
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture().save(buffer, "JPEG", exif=exif(orientation=1), icc_profile=profile)
    # Phones append more pictures (depth, gain maps) after the first, each with its EXIF.
    original = buffer.getvalue() + encode("JPEG")
    stripped = image_metadata.strip(original, "photo.jpg")
    metadata, _, info = read_back(stripped)
    assert info["icc_profile"] == profile
    assert dict(metadata) == {}  # upright already: no EXIF at all
    assert stripped.count(b"\xff\xd8") == 1 and b"PhoneMaker" not in stripped


def test_an_image_whose_metadata_cannot_be_cut_losslessly_is_refused():
    heic = (
        b"\0\0\0\x18ftypheic" + b"\0" * 12 + b"\0\0\0\x20meta" + b"\0" * 8 + b"iinfExif" + b"\0" * 8
    )
    assert image_metadata.strip(heic, "IMG_0001.HEIC") is None
    plain_avif = b"\0\0\0\x18ftypavif" + b"\0" * 12 + b"\0\0\0\x10mdat" + b"\0" * 8
    assert image_metadata.strip(plain_avif, "figure.avif") == plain_avif
