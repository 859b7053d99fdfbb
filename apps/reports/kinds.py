"""The reports a user can request. A builder reads through selectors (evaluations.results, enrollments,
catalog) and returns plain sections that the PDF and XLSX renderers both draw."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.catalog.models import Program
from apps.catalog.selectors import angkatan_for_instansi, programs_published_for_instansi
from apps.enrollments.selectors import jp_share_by_unit
from apps.evaluations import results
from apps.evaluations.models import Level
from apps.evaluations.selectors import questionnaires_for_instansi
from apps.evaluations.sources import enrollment_counts
from apps.reports import svg
from apps.reports.errors import ReportInputError
from apps.reports.overview import plan_realisation, year_overview


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]]
    formats: dict[int, str] = field(default_factory=dict)  # column index → "0.00" | "0" | "pct"


@dataclass
class Chart:
    """One chart, drawn twice from the same numbers: as SVG in the PDF (svg.py) and as a native Excel chart in
    the XLSX (renderers.py), so both formats always show the same series."""

    orientation: str  # "hbar" (one bar per label, horizontal) | "vbar" (grouped columns with a legend)
    labels: list[str]
    series: list[tuple[str, list[Decimal | float | int | None]]]
    maximum: float

    def to_svg(self) -> str:
        if self.orientation == "hbar":
            return svg.hbar(self.labels, self.series[0][1], maximum=self.maximum)
        return svg.vbar(self.labels, self.series, maximum=self.maximum)


@dataclass
class Section:
    heading: str
    text: str = ""
    chart: Chart | None = None
    table: Table | None = None

    @property
    def svg(self) -> str:
        return self.chart.to_svg() if self.chart else ""


@dataclass
class ReportData:
    title: str
    subtitle: str
    sections: list[Section]


Progress = Callable[[int], None]


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any
    params: tuple[str, ...]
    build: Callable[[Any, Progress], ReportData]


def _year(job: Any) -> int:
    try:
        return int(job.parameters.get("year"))
    except (TypeError, ValueError) as exc:
        raise ReportInputError(_("Tahun laporan tidak valid.")) from exc


def _pct(v: Decimal | None) -> Decimal | None:
    return None if v is None else v / 100


# --------------------------------------------------------------------------- batch evaluation


def build_batch_evaluation(job: Any, progress: Progress) -> ReportData:
    angkatan = angkatan_for_instansi(job.instansi_id).filter(pk=job.parameters.get("angkatan")).first()
    if angkatan is None:
        raise ReportInputError(_("Angkatan tidak ditemukan."))
    qs = questionnaires_for_instansi(job.instansi_id).filter(angkatan=angkatan)
    participants = enrollment_counts(job.instansi_id, [angkatan.pk]).get(angkatan.pk, 0)
    sections = [
        Section(
            _("Ringkasan"),
            _("Program %(p)s, %(start)s s.d. %(end)s, %(n)s peserta.")
            % {
                "p": angkatan.program.title,
                "start": angkatan.start_date.strftime("%d/%m/%Y"),
                "end": angkatan.end_date.strftime("%d/%m/%Y"),
                "n": participants,
            },
        )
    ]
    progress(20)
    for q in qs.filter(level=Level.L1):
        r = results.questionnaire_result(q)
        if r.suppressed:
            sections.append(
                Section(
                    _("L1 Reaksi"),
                    _("%(n)s responden; hasil disembunyikan sampai ada %(m)s responden.")
                    % {"n": r.respondents, "m": q.min_group_size},
                )
            )
            continue
        rated = [qr for qr in r.questions if qr.mean is not None]
        scale = max((len(qr.distribution) for qr in rated), default=4)
        overall = [qr for qr in rated if not qr.target_label]
        sections.append(
            Section(
                _("L1 Reaksi"),
                _("%(n)s responden dari %(i)s diundang (tingkat respons %(rate)s%%).")
                % {"n": r.respondents, "i": r.invited, "rate": svg.fmt(r.response_rate)},
                chart=Chart(
                    "hbar",
                    [f"{qr.question.code} {qr.question.text}" for qr in overall],
                    [(_("Rata-rata (1–4)"), [qr.mean for qr in overall])],
                    4,
                ),
                table=Table(
                    _("L1 per pertanyaan"),
                    [_("Kode"), _("Pertanyaan"), _("Sasaran"), _("Jumlah jawaban"), _("Rata-rata")]
                    + [str(v) for v in range(1, scale + 1)],
                    [
                        [qr.question.code, qr.question.text, qr.target_label, qr.count, qr.mean]
                        + (qr.distribution + [None] * scale)[:scale]
                        for qr in rated
                    ],
                    {4: "0.00"},
                ),
            )
        )
        if r.comments:
            sections.append(
                Section(_("Komentar peserta"), table=Table(_("Komentar"), [_("Komentar")], [[c] for c in r.comments]))
            )
    progress(45)
    ns = results.narasumber_ratings(qs.filter(level=Level.L1))
    if ns:
        sections.append(
            Section(
                _("Narasumber"),
                chart=Chart("hbar", [n["name"] for n in ns], [(_("Rata-rata (1–4)"), [n["mean"] for n in ns])], 4),
                table=Table(
                    _("Narasumber"),
                    [_("Narasumber"), _("Responden"), _("Rata-rata (1–4)")],
                    [[n["name"], n["respondents"], n["mean"]] for n in ns],
                    {2: "0.00"},
                ),
            )
        )
    progress(60)
    gain = results.l2_result(angkatan.pk, job.instansi_id)
    if gain and gain.participants:
        sections.append(
            Section(
                _("L2 Pre-test dan post-test"),
                _("Rata-rata pre %(pre)s, post %(post)s, kenaikan %(g)s, gain ternormalisasi %(n)s; lulus %(p)s%%.")
                % {
                    "pre": svg.fmt(gain.pre_mean),
                    "post": svg.fmt(gain.post_mean),
                    "g": svg.fmt(gain.gain),
                    "n": svg.fmt(gain.normalised, 4) if gain.normalised is not None else _("tidak terdefinisi"),
                    "p": svg.fmt(gain.passing_share),
                },
                chart=Chart(
                    "vbar",
                    [_("Pre-test"), _("Post-test")],
                    [(_("Rata-rata nilai"), [gain.pre_mean, gain.post_mean])],
                    100,
                ),
                table=Table(
                    _("L2 per peserta"),
                    [_("Peserta"), _("Pre"), _("Post"), _("Kenaikan"), _("Gain ternormalisasi"), _("Lulus")],
                    [
                        [
                            r["name"],
                            r["pre"],
                            r["post"],
                            r["gain"],
                            r["normalised"],
                            _("Ya") if r["passed"] else _("Tidak"),
                        ]
                        for r in gain.rows
                    ],
                    {1: "0.00", 2: "0.00", 3: "0.00", 4: "0.0000"},
                ),
            )
        )
    progress(75)
    l3 = results.l3_result(qs)
    if l3.answered:
        sections.append(
            Section(
                _("L3 Penerapan di tempat kerja"),
                _(
                    "%(n)s jawaban; tingkat penerapan %(r)s%% (%(a)s penuh, %(p)s sebagian); "
                    "perubahan perilaku %(b)s; level %(x)s → %(y)s."
                )
                % {
                    "n": l3.answered,
                    "r": svg.fmt(l3.application_rate),
                    "a": l3.applied,
                    "p": l3.partly,
                    "b": svg.fmt(l3.behaviour_mean),
                    "x": svg.fmt(l3.level_before),
                    "y": svg.fmt(l3.level_after),
                },
            )
        )
    return ReportData(_("Laporan evaluasi angkatan"), angkatan.name, sections)


# --------------------------------------------------------------------------- programme year review


def build_program_year(job: Any, progress: Progress) -> ReportData:
    year = _year(job)
    program = (
        programs_published_for_instansi(job.instansi_id).filter(pk=job.parameters.get("program")).first()
        or Program.objects.filter(instansi_id=job.instansi_id, pk=job.parameters.get("program")).first()
    )
    if program is None:
        raise ReportInputError(_("Program tidak ditemukan."))
    rows = [r for r in results.program_over_time(job.instansi_id, program.pk) if r["angkatan"].start_date.year == year]
    progress(60)
    table = Table(
        _("Angkatan"),
        [
            _("Angkatan"),
            _("Mulai"),
            _("Peserta"),
            _("L1 rata-rata"),
            _("L2 kenaikan"),
            _("L2 lulus"),
            _("L3 penerapan"),
        ],
        [
            [
                r["angkatan"].name,
                r["angkatan"].start_date,
                r["participants"],
                r["l1_mean"],
                r["l2_gain"],
                _pct(r["l2_passing"]),
                _pct(r["l3_rate"]),
            ]
            for r in rows
        ],
        {3: "0.00", 4: "0.00", 5: "pct", 6: "pct"},
    )
    chart = Chart(
        "vbar", [r["angkatan"].name for r in rows], [(_("Rata-rata L1 (1–4)"), [r["l1_mean"] for r in rows])], 4
    )
    return ReportData(
        _("Tinjauan tahunan program"),
        f"{program.title} · {year}",
        [Section(_("Angkatan tahun %(y)s") % {"y": year}, _("%(n)s angkatan.") % {"n": len(rows)}, chart, table)],
    )


# --------------------------------------------------------------------------- IKM per unit


def build_ikm_unit(job: Any, progress: Progress) -> ReportData:
    year = _year(job)
    qs = questionnaires_for_instansi(job.instansi_id).filter(level="skm")
    periods = [p for p in results.ikm_by_unit_period(qs) if p.start and p.start.year == year]
    progress(60)
    shown = [p for p in periods if not p.result.suppressed and p.result.ikm is not None]
    summary = Table(
        _("IKM per unit"),
        [_("Unit layanan"), _("Periode"), _("Responden"), "NI", "IKM", _("Mutu"), _("Kinerja unit"), _("Tabel mutu")],
        [
            [p.unit_name, p.period, p.result.respondents]
            + (
                [
                    p.result.ni_rounded,
                    p.result.ikm,
                    p.result.band.mutu if p.result.band else "",
                    p.result.band.label if p.result.band else "",
                ]
                if p in shown
                else [None, None, _("disembunyikan (< 5 responden)"), ""]
            )
            + [p.band_version]
            for p in periods
        ],
        {3: "0.0000", 4: "0.00"},
    )
    elements = Table(
        _("Nilai per unsur"),
        [_("Unit layanan"), _("Periode"), *[f"U{i}" for i in range(1, 10)]],
        [[p.unit_name, p.period, *[e.score for e in p.result.elements]] for p in shown],
        dict.fromkeys(range(2, 11), "0.00"),
    )
    chart = Chart("hbar", [f"{p.unit_name} ({p.period})" for p in shown], [("IKM", [p.result.ikm for p in shown])], 100)
    return ReportData(
        _("Indeks Kepuasan Masyarakat per unit"),
        str(year),
        [
            Section(
                _("IKM per unit dan periode"),
                _("Rumus PermenPAN-RB 14/2017: NI = Σ NRR × 1/9; IKM = NI × 25."),
                chart,
                summary,
            ),
            Section(_("Nilai per unsur (NRR × 25)"), table=elements),
        ],
    )


# --------------------------------------------------------------------------- JP compliance


def build_jp_compliance(job: Any, progress: Progress) -> ReportData:
    year = _year(job)
    rows = jp_share_by_unit(job.instansi_id, year)
    progress(60)
    total = sum(r["total"] for r in rows)
    met = sum(r["met"] for r in rows)
    table = Table(
        _("Pemenuhan 20 JP per unit"),
        [_("Unit kerja"), _("Jumlah PNS"), _("Memenuhi 20 JP"), _("Di bawah target"), _("Persentase")],
        [
            [r["unit"], r["total"], r["met"], r["below"], Decimal(r["met"]) / r["total"] if r["total"] else None]
            for r in rows
        ],
        {4: "pct"},
    )
    chart = Chart(
        "hbar",
        [r["unit"] for r in rows],
        [(_("PNS ≥ 20 JP (%)"), [Decimal(r["met"] * 100) / r["total"] if r["total"] else None for r in rows])],
        100,
    )
    share = svg.fmt(Decimal(met * 100) / total if total else None)
    return ReportData(
        _("Pemenuhan JP pengembangan kompetensi"),
        str(year),
        [
            Section(
                _("PNS dengan sedikitnya 20 JP"),
                _("%(m)s dari %(t)s PNS (%(s)s%%).") % {"m": met, "t": total, "s": share},
                chart,
                table,
            )
        ],
    )


# --------------------------------------------------------------------------- plan realisation


def build_plan_realisation(job: Any, progress: Progress) -> ReportData:
    year = _year(job)
    data = plan_realisation(job.instansi_id, year, user=job.requested_by)
    if data is None:
        raise ReportInputError(_("Belum ada rencana pengembangan kompetensi (RPK) untuk tahun %(y)s.") % {"y": year})
    progress(60)
    rows = data["rows"]
    table = Table(
        _("Realisasi rencana"),
        [
            _("Kompetensi / program"),
            _("Unit"),
            _("Target peserta"),
            _("Realisasi peserta"),
            _("Lulus"),
            _("Anggaran (Rp)"),
            _("Terpakai (Rp)"),
        ],
        [
            [
                r["title"],
                r["unit"],
                r["planned_people"],
                r["actual_people"],
                r["completed"],
                r["budget_idr"],
                r["used_idr"],
            ]
            for r in rows
        ],
        {5: "0", 6: "0"},
    )
    plan = data["plan"]
    text = _(
        "%(title)s (versi %(v)s, %(status)s). Realisasi peserta %(share)s%%; "
        "anggaran terpakai Rp %(used)s dari Rp %(budget)s."
    ) % {
        "title": plan.title,
        "v": plan.version,
        "status": plan.get_status_display(),
        "share": svg.fmt(data["share"]),
        "used": svg.fmt(data["used"], 0),
        "budget": svg.fmt(data["budget"], 0),
    }
    chart = Chart(
        "vbar",
        [_("Anggaran"), _("Terpakai")],
        [(_("Rupiah (juta)"), [data["budget"] / 1_000_000, data["used"] / 1_000_000])],
        max(1.0, data["budget"] / 1_000_000),
    )
    return ReportData(
        _("Realisasi AKPK/RPK dan anggaran"), str(year), [Section(_("Rencana dan realisasi"), text, chart, table)]
    )


# --------------------------------------------------------------------------- year at a glance


def build_year_overview(job: Any, progress: Progress) -> ReportData:
    year = _year(job)
    data = year_overview(job.instansi_id, year, user=job.requested_by)
    progress(70)
    rows = [[label, value, unit] for label, value, unit in data.rows()]
    sections = [
        Section(
            _("Angka utama"), table=Table(_("Ringkasan"), [_("Ukuran"), _("Nilai"), _("Satuan")], rows, {1: "0.00"})
        )
    ]
    if data.ikm_trend:
        sections.append(
            Section(
                _("Tren IKM"),
                chart=Chart("vbar", [t[0] for t in data.ikm_trend], [("IKM", [t[1] for t in data.ikm_trend])], 100),
                table=Table(_("Tren IKM"), [_("Periode"), "IKM"], [list(t) for t in data.ikm_trend], {1: "0.00"}),
            )
        )
    return ReportData(_("Tahun ini sekilas"), str(year), sections)


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind(
            "batch_evaluation",
            gettext_lazy("Evaluasi angkatan (L1–L3)"),
            ("angkatan",),
            build_batch_evaluation,
        ),
        Kind(
            "program_year",
            gettext_lazy("Tinjauan tahunan program"),
            ("program", "year"),
            build_program_year,
        ),
        Kind("ikm_unit", gettext_lazy("IKM per unit layanan"), ("year",), build_ikm_unit),
        Kind("jp_compliance", gettext_lazy("Pemenuhan 20 JP"), ("year",), build_jp_compliance),
        Kind(
            "plan_realisation",
            gettext_lazy("Realisasi AKPK/RPK dan anggaran"),
            ("year",),
            build_plan_realisation,
        ),
        Kind("year_overview", gettext_lazy("Tahun ini sekilas"), ("year",), build_year_overview),
    )
}


# How each parameter key is named on the list, progress and detail pages and in the monthly e-mail
# (selectors.report_parameters_shown turns the ids into names).
PARAMETER_LABELS: dict[str, Any] = {
    "angkatan": gettext_lazy("Angkatan"),
    "program": gettext_lazy("Program"),
    "year": gettext_lazy("Tahun"),
    "monthly": gettext_lazy("Kiriman bulanan"),
}


def get_kind(key: str) -> Kind | None:
    return KINDS.get(key)


def available_kinds() -> list[Kind]:
    return list(KINDS.values())


def default_year() -> int:
    return timezone.localdate().year
