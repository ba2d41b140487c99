"""Documents: PDF/A rendering of the letters and protocols, the content whitelist for uploads,
and the download response. Knows nothing of the process; the apps pass templates and context."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from urllib.parse import quote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"

# The file's first bytes decide its type; the name never does.
_SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg"}


def sniff(head: bytes) -> str | None:
    """The content type of a whitelisted file from its first bytes, or None."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def upload_max_bytes() -> int:
    return int(getattr(settings, "ATBALSTS_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


NOT_ALLOWED = _("Only PDF, PNG or JPEG files can be uploaded; this file is neither.")
DAMAGED = _("The file starts like a %(kind)s but is not a readable %(kind)s. Save or scan it again and upload it.")
ACTIVE_PDF = _("The PDF contains scripts or actions that run when it is opened; upload a plain PDF.")
# Sane upper bounds: a scanned decision or receipt never comes near them.
MAX_PDF_PAGES = 500
MAX_IMAGE_PIXELS = 60_000_000
_KIND = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG"}
_PIL_FORMAT = {PNG: "PNG", JPEG: "JPEG"}
TOO_LARGE = _("The file is larger than %(limit)s MB.")
EMPTY = _("The file is empty.")


def read_upload(upload, field: str = "document") -> tuple[bytes, str]:
    """The bytes and detected content type of an uploaded file, or a ValidationError naming ``field``.

    ``upload`` is a Django UploadedFile (or anything with ``read`` and ``size``)."""
    limit = upload_max_bytes()
    too_large = ValidationError({field: TOO_LARGE % {"limit": f"{limit / (1024 * 1024):.3g}"}})
    if (getattr(upload, "size", 0) or 0) > limit:
        raise too_large
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_large
    if not data:
        raise ValidationError({field: EMPTY})
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError({field: NOT_ALLOWED})
    problem = structure_problem(data, content_type)
    if problem is not None:
        raise ValidationError({field: problem})
    return data, content_type


def structure_problem(data: bytes, content_type: str):
    """Why ``data`` is not a well-formed file of ``content_type``, or None if it is.

    The first bytes only say what a file claims to be: ``%PDF-1.4`` followed by HTML passes a
    signature check. So the file is parsed the way a reader would open it: pypdf must find its
    pages, Pillow must decode the whole image.
    """
    if content_type == PDF:
        return _pdf_problem(data)
    return _image_problem(data, content_type)


def _pdf_problem(data: bytes):
    from pypdf import PdfReader

    damaged = DAMAGED % {"kind": "PDF"}
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return damaged
        pages = len(reader.pages)
        if not 1 <= pages <= MAX_PDF_PAGES:
            return damaged
        for page in reader.pages:
            page.mediabox  # noqa: B018 — every page must resolve to a real page object
        root = reader.trailer["/Root"].get_object()
        names = root.get("/Names")
        names = names.get_object() if names is not None else {}
        if "/OpenAction" in root or "/AA" in root or "/JavaScript" in names:
            return ACTIVE_PDF
    except Exception:
        return damaged
    return None


def _image_problem(data: bytes, content_type: str):
    from PIL import Image

    damaged = DAMAGED % {"kind": _KIND[content_type]}
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != _PIL_FORMAT[content_type]:
                return damaged
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return damaged
            image.load()
    except Exception:
        return damaged
    return None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stylesheet(path: str):
    import weasyprint

    found = finders.find(path)
    if not found:
        raise FileNotFoundError(f"Static stylesheet {path!r} not found.")
    return weasyprint.CSS(filename=found)


def render_pdf(template_name: str, context: dict, stylesheets: Iterable[str] = (), language: str = "lv") -> bytes:
    """Render a template to PDF/A-2b, in ``language``, with static ``stylesheets`` (paths under static/)."""
    import weasyprint

    with translation.override(language):
        html = render_to_string(template_name, context)
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(pdf_variant="pdf/a-2b", stylesheets=[_stylesheet(s) for s in stylesheets])


def download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    """A download that no cache keeps and no browser renders in place."""
    response = HttpResponse(data, content_type=content_type)
    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace('"', "").replace("?", "_")
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class FileRenderer:
    """A DRF renderer for endpoints that return a file (their errors still render as JSON).

    Plain class (lib imports no DRF app code at module level); the apps mix it with BaseRenderer."""

    media_type = "application/octet-stream"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        import json

        if isinstance(data, bytes | bytearray):
            return bytes(data)
        return json.dumps(data, default=str).encode("utf-8")
