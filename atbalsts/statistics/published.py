"""Latvia's published national figures (UNODC GLOTIP), shown beside the system's own.

Read from ``data/unodc_glotip_latvia.csv`` (provenance in ``data/README.md``). A value published
as ``<5`` stays suppressed (None); it is never guessed.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).parent / "data" / "unodc_glotip_latvia.csv"
VICTIMS = "Detected trafficking victims"
SOURCE = "UNODC, Global Report on Trafficking in Persons data (GLOTIP), 2025"
# The date the GLOTIP data file was stamped with (data/README.md): the figures as published then.
FILE_DATE = datetime.date(2025, 4, 14)
# The indicators in the file, in the order the table shows them, with their labels.
INDICATORS = (
    (VICTIMS, _("Detected trafficking victims")),
    ("Persons prosecuted", _("Persons prosecuted")),
    ("Persons convicted", _("Persons convicted")),
)
# How UNODC prints a count it suppressed: shown as published, never guessed.
BELOW_FIVE = "<5"


@lru_cache(maxsize=1)
def series() -> dict[str, dict[int, int | None]]:
    out: dict[str, dict[int, int | None]] = {}
    with DATA.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            value = row["value"].replace(",", "").strip()
            out.setdefault(row["indicator"], {})[int(row["year"])] = int(value) if value.isdigit() else None
    return out


def victims() -> dict[int, int | None]:
    """Detected trafficking victims in Latvia by year, as published."""
    return dict(series().get(VICTIMS, {}))


@dataclass(frozen=True)
class PublishedTable:
    """The published series as a table for the page (the chart's accessible counterpart): one row
    per year, one column per indicator, each cell as UNODC published it ("" when not published)."""

    columns: list[str]
    lines: list[tuple[str, list[str]]]
    source: str = SOURCE


def table() -> PublishedTable:
    data = series()
    years = sorted({year for values in data.values() for year in values})

    def shown(indicator: str, year: int) -> str:
        values = data.get(indicator, {})
        if year not in values:
            return ""
        value = values[year]
        return BELOW_FIVE if value is None else number_format(value, 0, force_grouping=True)

    return PublishedTable(columns=[str(label) for _code, label in INDICATORS],
                          lines=[(str(year), [shown(code, year) for code, _l in INDICATORS]) for year in years])
