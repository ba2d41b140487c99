"""Charts: drawn from published values only, and safe under the pages' Content-Security-Policy."""

from atbalsts.statistics import charts
from atbalsts.statistics.layout import SUPPRESSED, ProtectedTable, Table


def published(cells):
    table = Table(code="t", title="t", rows=["Piespiedu darbs", "Ubagošana", "Cits"], columns=["n"],
                  cells=[[c if isinstance(c, int) else 0] for c in cells])
    out = ProtectedTable.unprotected(table)
    out.cells = [[c] for c in cells]
    return out


def test_a_bar_chart_leaves_out_suppressed_and_unknown_cells():
    svg = charts.bars(published([12, SUPPRESSED, None]))
    assert "Piespiedu darbs" in svg
    assert "Ubagošana" not in svg and "Cits" not in svg


def test_charts_carry_no_inline_style_and_scale_with_the_page():
    svg = charts.trend(ProtectedTable(
        code="trend", title="t", rows=["2021", "2022"], columns=["a", "b"], cells=[[12, 3], [SUPPRESSED, 1]],
        row_totals=[15, 1], column_totals=[12, 4], grand_total=16, suppressed=[(1, 0)], threshold=5),
        {2021: 61, 2022: None}, system_label="sistēmā", published_label="publicētie dati (UNODC)")
    assert svg.startswith("<svg") and "viewBox" in svg
    assert "style" not in svg
    assert "publicētie dati (UNODC)" in svg
    assert 'width="' not in svg.split(">", 1)[0]
