"""Small real files for upload tests: uploads are parsed, so a signature and padding no longer pass."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfWriter


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


PDF = _pdf()
PNG = _image("PNG")
JPEG = _image("JPEG")
