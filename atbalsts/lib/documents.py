"""Documents: PDF/A rendering of the letters and protocols, the content whitelist for uploads,
and the download response. Knows nothing of the process; the apps pass templates and context."""

from __future__ import annotations

import hashlib
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
    return data, content_type


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
