"""Numbers the Latvian way: a decimal comma typed into any form, money shown as "57,60 €" in
Latvian and "€57.60" in English (Django's localisation; the separators are in atbalsts/formats)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.utils import formats, translation

CENT = Decimal("0.01")


def _as_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        # Through str: a float sum from SQLite (57.60000000001) becomes its shortest spelling.
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def money(value, language: str | None = None) -> str:
    """An amount in euro with two decimals: "1 234,50 €" (lv), "€1,234.50" (en)."""
    amount = _as_decimal(value)
    if amount is None:
        return ""
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    language = language or translation.get_language() or "lv"
    sign = "-" if amount < 0 else ""
    if language.startswith("en"):
        # English pages keep the decimal comma for other numbers (atbalsts/formats/en), but an
        # English reader expects money written the English way.
        return f"{sign}€{abs(amount):,.2f}"
    with translation.override(language):
        digits = formats.number_format(abs(amount), 2, use_l10n=True, force_grouping=True)
    # Latvian (and the portal's other languages) put the sign after, with a space that never breaks.
    return f"{sign}{digits}\xa0€"


def decimal(value, places: int = 2, language: str | None = None) -> str:
    """A quantity such as hours with the page language's decimal separator: "1,50" (lv)."""
    amount = _as_decimal(value)
    if amount is None:
        return ""
    with translation.override(language or translation.get_language() or "lv"):
        return formats.number_format(amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP),
                                     places, use_l10n=True)


class LocalDecimalField(forms.DecimalField):
    """A decimal typed the Latvian way ("1,5", "12,40") or with a point ("1.5"), in any page
    language; shown back in the page's language. A text box with a decimal keypad on phones, since
    a browser's number box refuses the comma."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)  # a text box has no step
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip().replace("\xa0", "").replace(" ", "")
            # One comma and no point is a decimal comma whatever the page's language.
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")
            value = text
        return super().to_python(value)
