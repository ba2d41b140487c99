"""Uploads are checked by their structure, not only by their first bytes."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from atbalsts.lib import documents
from tests.files import JPEG, PDF, PNG


def read(data: bytes, name: str = "f"):
    return documents.read_upload(SimpleUploadedFile(name, data), field="document")


def refusal(data: bytes) -> str:
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            read(data)
        return " ".join(str(m) for m in caught.value.message_dict["document"])


def test_the_refusal_is_in_latvian_first():
    with translation.override("lv"), pytest.raises(ValidationError) as caught:
        read(b"%PDF-1.4\n<html></html>")
    assert "nav nolasāms PDF" in str(caught.value.message_dict["document"][0])


@pytest.mark.parametrize(("data", "content_type"), [(PDF, "application/pdf"), (PNG, "image/png"),
                                                    (JPEG, "image/jpeg")])
def test_well_formed_pdf_png_and_jpeg_files_are_accepted(data, content_type):
    assert read(data) == (data, content_type)


def test_a_file_that_begins_like_a_pdf_and_continues_as_html_is_refused():
    assert "not a readable PDF" in refusal(b"%PDF-1.4\n<html><script>alert(1)</script></html>\n")


def test_a_pdf_header_with_an_end_marker_but_no_pages_is_refused():
    assert "not a readable PDF" in refusal(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")


def test_a_png_signature_followed_by_padding_is_refused():
    assert "not a readable PNG" in refusal(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)


def test_a_jpeg_signature_followed_by_html_is_refused():
    assert "not a readable JPEG" in refusal(b"\xff\xd8\xff\xe0<html><body>hi</body></html>")


def test_a_truncated_image_is_refused():
    assert "not a readable PNG" in refusal(PNG[: len(PNG) // 2])


def test_a_png_that_is_really_a_jpeg_inside_is_refused():
    # The signature says PNG; Pillow must agree on the format it decodes.
    assert "not a readable" in refusal(b"\x89PNG\r\n\x1a\n" + JPEG)


def test_a_pdf_that_runs_javascript_when_opened_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")})
    out = io.BytesIO()
    writer.write(out)
    assert "scripts or actions" in refusal(out.getvalue())


def test_an_image_with_more_pixels_than_the_bound_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_IMAGE_PIXELS", 63)
    assert "not a readable PNG" in refusal(PNG)  # 8 × 8 = 64 pixels
