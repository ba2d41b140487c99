"""Latvia's published national figures (UNODC GLOTIP), shown beside the system's own.

Read from ``data/unodc_glotip_latvia.csv`` (provenance in ``data/README.md``). A value published
as ``<5`` stays suppressed (None); it is never guessed.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "unodc_glotip_latvia.csv"
VICTIMS = "Detected trafficking victims"
SOURCE = "UNODC, Global Report on Trafficking in Persons data (GLOTIP), 2025"


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
