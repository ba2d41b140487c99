"""The clients' names, dates of birth and sex, handed to the statistics linkage one organisation at a
time, so that each organisation's clients are encoded inside that organisation's scope and the
names never reach the statistics app's tables (statistics/linkage.py, ADR 0020f)."""

from __future__ import annotations

from collections.abc import Iterator

from atbalsts.statistics.linkage import PersonRow

from .models import Client


def rows(organisation) -> Iterator[PersonRow]:
    clients = Client.objects.filter(organisation=organisation).only(
        "given_names", "surname", "birth_date", "sex", "statistics_refs"
    )
    for client in clients.iterator(chunk_size=1000):
        refs = tuple(str(r) for r in (client.statistics_refs or []))
        if refs:
            yield PersonRow(refs, client.given_names or "", client.surname or "", client.birth_date, client.sex or "")
