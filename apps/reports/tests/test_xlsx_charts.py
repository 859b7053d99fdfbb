"""Every chart a report draws in its PDF is also a native Excel chart in its XLSX, fed from cells that hold the
same labels and numbers."""

import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils.cell import range_to_tuple

from apps.reports import kinds, services
from apps.reports.tests.factories import evaluated_batch
from apps.reports.tests.test_reports import _plan

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-06-10T09:00:00+08:00")]


def _run(world, kind, **params):
    job = services.report_request(
        actor=world.users["bkpsdm_admin"], instansi_id=world.a.pk, kind=kind, parameters=params
    )
    return job


def _cells(wb, ref):
    sheet, (min_col, min_row, max_col, max_row) = range_to_tuple(ref)
    ws = wb[sheet]
    return [ws.cell(row=r, column=c).value for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)]


def _title(chart):
    return "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))


def _num(v):
    return None if v is None else round(float(v), 6)


def _assert_charts_match(job, expected_charts):
    """`expected_charts`: the sections of the PDF that carry a chart, in order."""
    wb = load_workbook(io.BytesIO(job.file_xlsx.open("rb").read()))
    found = [(ws, chart) for ws in wb for chart in ws._charts]
    assert len(found) == len(expected_charts) > 0
    for (ws, chart), section in zip(found, expected_charts, strict=True):
        spec = section.chart
        assert ws.title.startswith("Grafik")
        assert _title(chart) == section.heading
        assert chart.type == ("bar" if spec.orientation == "hbar" else "col")
        assert chart.y_axis.scaling.min == 0 and chart.y_axis.scaling.max == float(spec.maximum)
        assert len(chart.series) == len(spec.series)
        for series, (name, values) in zip(chart.series, spec.series, strict=True):
            assert _cells(wb, series.tx.strRef.f) == [name]
            assert [_num(v) for v in _cells(wb, series.val.numRef.f)] == [_num(v) for v in values]
            assert _cells(wb, series.cat.strRef.f) == spec.labels
    return wb


def _report(job):
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    spec = kinds.get_kind(job.kind)
    data = spec.build(job, lambda _p: None)
    charts = [s for s in data.sections if s.chart is not None and s.chart.labels]
    assert all(s.svg.startswith("<svg") for s in charts)  # the PDF draws these very specs
    return data, charts


def test_batch_evaluation_has_its_three_pdf_charts_in_excel(world, django_capture_on_commit_callbacks):
    batch = evaluated_batch(world)
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(world, "batch_evaluation", angkatan=batch.angkatan.pk)
    _data, charts = _report(job)
    assert [s.heading for s in charts] == ["L1 Reaksi", "Narasumber", "L2 Pre-test dan post-test"]
    wb = _assert_charts_match(job, charts)
    l2 = next(c for ws in wb for c in ws._charts if _title(c) == "L2 Pre-test dan post-test")
    assert _cells(wb, l2.series[0].tx.strRef.f) == ["Rata-rata nilai"]
    assert _cells(wb, l2.series[0].cat.strRef.f) == ["Pre-test", "Post-test"]
    assert _num(_cells(wb, l2.series[0].val.numRef.f)[0]) == 66.67  # the pre-test mean the PDF prints as 66,67


@pytest.mark.parametrize("kind", ["program_year", "ikm_unit", "jp_compliance", "plan_realisation", "year_overview"])
def test_every_chart_kind_gets_a_native_excel_chart(world, kind, django_capture_on_commit_callbacks):
    batch = evaluated_batch(world)
    year = batch.angkatan.start_date.year
    if kind == "plan_realisation":
        _plan(world, batch)
    params = {"year": year, "program": batch.program.pk}
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(world, kind, **{p: params[p] for p in kinds.get_kind(kind).params})
    _data, charts = _report(job)
    _assert_charts_match(job, charts)


def test_report_without_chart_data_has_no_chart_sheet(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _run(world, "ikm_unit", year=2026)  # no SKM answers: nothing to draw
    job.refresh_from_db()
    wb = load_workbook(io.BytesIO(job.file_xlsx.open("rb").read()))
    assert not any(ws._charts for ws in wb) and not any(n.startswith("Grafik") for n in wb.sheetnames)
