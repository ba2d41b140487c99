"""What the later stages contribute to the figures, registered by them.

The statistics app sits below identification, decisions and rehabilitation in the layers (they
write its record), so it cannot import their catalogues or tables. Each of those apps registers,
when Django starts (its ``stats`` module, imported from its ``AppConfig.ready``):

- **labels** for its codes (forms of exploitation, refusal reasons, closure reasons, kinds of
  service), so a table shows "Forced labour", never ``forced_labour``;
- **sources**: small functions that count its own bookkeeping rows in the database for a period
  (services by kind, after-care, the SIVA queue over time). They return counts, never rows.

Nothing registered means "not yet recorded" on the page, not an error.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

_LABELS: dict[str, Callable[[], dict[str, str]]] = {}
_SOURCES: dict[str, Callable] = {}


def register_labels(kind: str, labels: Callable[[], dict[str, str]]) -> None:
    """``labels()`` returns {code: label} in the active language."""
    _LABELS[kind] = labels


def register_source(name: str, source: Callable) -> None:
    _SOURCES[name] = source


def labels(kind: str) -> dict[str, str]:
    found = _LABELS.get(kind)
    return dict(found()) if found else {}


def label(kind: str, code: str) -> str:
    return labels(kind).get(code, code)


def source(name: str) -> Callable | None:
    return _SOURCES.get(name)


def optional(module: str, name: str) -> Callable | None:
    """A function of an app that may not exist yet (the referrals and hotline logs are being built).

    Found by name at run time, so this app neither depends on them nor breaks without them."""
    try:
        found = importlib.import_module(module)
    except ImportError:
        return None
    func = getattr(found, name, None)
    return func if callable(func) else None
