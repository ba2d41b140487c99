from django import template
from django.utils.formats import number_format

from atbalsts.statistics.exports import shown, with_totals

register = template.Library()


def _cell(value):
    value = shown(value)
    return number_format(value, 0, force_grouping=True) if isinstance(value, int) else value


@register.inclusion_tag("statistics/_table.html")
def stat_table(table):
    """A published table for the page: ``x`` suppressed, empty unknown, 0 known none."""
    totals = with_totals(table)
    return {"table": {
        "code": table.code, "title": table.title, "note": table.note, "columns": table.columns, "totals": totals,
        "lines": [{"label": label, "cells": [_cell(c) for c in line], "total": _cell(total)}
                  for label, line, total in zip(table.rows, table.cells, table.row_totals, strict=True)],
        "column_totals": [_cell(c) for c in table.column_totals], "grand_total": _cell(table.grand_total),
    }}


@register.simple_tag
def pdf_rows(table):
    from atbalsts.statistics.exports import lines

    return [[_cell(c) if not isinstance(c, str) else c for c in line] for line in lines(table, with_totals(table))]
