"""Demo data (seed step 70): per demo instansi, the latest finished batch gets L1, L2 pre/post and L3
(alumni and atasan) answers, and one service unit gets SKM answers for last year and this year, so
every result page and report has something to show. Repeat-safe: a batch or unit that already has
evaluation questionnaires is left alone. The demo pegawai keeps one survey pending on the home page."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.catalog.selectors import angkatan_for_instansi
from apps.evaluations import selectors, services, sources
from apps.evaluations.models import EvaluationPolicy, Invitation, Questionnaire, QuestionnaireTemplate
from apps.organizations.models import Instansi
from apps.organizations.selectors import units_for_instansi

# Lean per SKM element: U3 (waktu) and U8 (pengaduan) answer lower, as in the §9 example.
SKM_LEAN = {"U1": 3.5, "U2": 3.3, "U3": 2.8, "U4": 3.9, "U5": 3.2, "U6": 3.4, "U7": 3.7, "U8": 2.6, "U9": 3.2}
COMMENTS = [
    "Materi sangat relevan dengan pekerjaan di puskesmas.",
    "Waktu praktik terlalu singkat, mohon ditambah.",
    "Narasumber menguasai materi dan memberi contoh nyata.",
    "Ruang pelatihan agak panas siang hari.",
    "Perlu modul yang bisa diunduh untuk dibaca ulang.",
]


def _likert(rng: random.Random, centre: float, scale: int) -> int:
    return max(1, min(scale, round(rng.gauss(centre, 0.6))))


def _values(items, rng: random.Random, *, good: float = 3.3, correct_share: float = 0.8, single: str | None = None):
    values = {}
    for item in items:
        q = item.question
        if q.scale:
            centre = SKM_LEAN.get(q.code, good) if q.scale == 4 else (2.4 if q.code == "L3.BEFORE" else 3.4)
            values[item.field] = _likert(rng, centre, q.scale)
        elif q.kind == "single":
            if single is not None and q.code == "L3.APPLIED":
                values[item.field] = single
            elif q.correct is not None and rng.random() < correct_share:
                values[item.field] = q.correct
            else:
                values[item.field] = rng.choice(q.choices)[0]
        elif q.kind == "multiple":
            values[item.field] = q.correct if (q.correct and rng.random() < correct_share) else [q.choices[0][0]]
        else:
            values[item.field] = rng.choice(COMMENTS) if rng.random() < 0.6 else ""
    return values


DEMO_OPTIONS = [["a", "Pernyataan yang benar"], ["b", "Pengecoh 1"], ["c", "Pengecoh 2"], ["d", "Pengecoh 3"]]


def _complete_test(q: Questionnaire, admin) -> None:
    """The items drafted from the programme have no options yet; the demo writes placeholder ones, as an
    admin must before opening the test."""
    for question in selectors.incomplete_test_questions(q):
        services.question_update(
            actor=admin,
            question=question,
            text=question.text,
            kind=question.kind,
            section=question.section,
            choices=DEMO_OPTIONS,
            correct="a",
        )


def _template(code: str) -> QuestionnaireTemplate:
    return QuestionnaireTemplate.objects.get(code=code, instansi__isnull=True)


def _answer_all(q: Questionnaire, rng: random.Random, *, skip_user_id: int | None, **kwargs) -> int:
    items = selectors.items_of(q)
    n = 0
    for inv in Invitation.objects.filter(questionnaire=q).select_related("pegawai", "questionnaire").order_by("id"):
        if skip_user_id and inv.pegawai.user_id == skip_user_id:
            continue
        services.response_submit(questionnaire=q, invitation=inv, values=_values(items, rng, **kwargs))
        n += 1
    return n


def _seed_batch(instansi, admin, me_user_id, rng, say) -> None:

    today = timezone.localdate()
    for angkatan in (
        angkatan_for_instansi(instansi.pk).filter(status="finished", end_date__lt=today).order_by("-end_date")[:3]
    ):
        if Questionnaire.objects.filter(instansi=instansi, angkatan=angkatan).exists():
            say(f"evaluations: {instansi.code}: {angkatan} sudah punya kuesioner")
            return
        if len(sources.alumni_of(angkatan)) < 5:
            continue
        with transaction.atomic():
            l1 = services.questionnaire_open(
                actor=admin,
                questionnaire=services.questionnaire_create(
                    actor=admin, instansi_id=instansi.pk, template=_template("l1-reaksi"), angkatan=angkatan
                ),
            )
            n1 = _answer_all(l1, rng, skip_user_id=None)
            scores = {}
            for phase, share in (("pre", 0.45), ("post", 0.85)):
                q = services.questionnaire_create(
                    actor=admin, instansi_id=instansi.pk, template=_template("l2-tes"), angkatan=angkatan, phase=phase
                )
                _complete_test(q, admin)
                q = services.questionnaire_open(actor=admin, questionnaire=q)
                scores[phase] = _answer_all(q, rng, skip_user_id=None, correct_share=share)
            for code in ("l3-alumni", "l3-atasan"):
                q = services.questionnaire_create(
                    actor=admin, instansi_id=instansi.pk, template=_template(code), angkatan=angkatan
                )
                q = services.questionnaire_open(actor=admin, questionnaire=q)
                # The demo pegawai keeps the L3 follow-up pending, to see it on the home page.
                applied = iter(rng.choices(["ya", "sebagian", "tidak"], weights=[6, 3, 1], k=200))
                for inv in Invitation.objects.filter(questionnaire=q).select_related("pegawai").order_by("id"):
                    if inv.pegawai.user_id == me_user_id:
                        continue
                    services.response_submit(
                        questionnaire=q,
                        invitation=inv,
                        values=_values(selectors.items_of(q), rng, single=next(applied)),
                    )
            Questionnaire.objects.filter(pk=l1.pk).update(status="closed")
        say(
            f"evaluations: {instansi.code}: {angkatan}: L1 {n1} jawaban, L2 {scores['pre']}/{scores['post']}, L3 dibuka"
        )
        return
    say(f"evaluations: {instansi.code}: tidak ada angkatan selesai dengan ≥ 5 alumni")


def _seed_skm(instansi, admin, rng, say) -> None:

    units = units_for_instansi(instansi.pk).filter(is_active=True)
    unit = units.filter(kind="puskesmas").order_by("id").first() or units.filter(kind="opd").order_by("id").first()
    if unit is None:
        return
    if Questionnaire.objects.filter(instansi=instansi, level="skm", unit_kerja=unit).exists():
        say(f"evaluations: {instansi.code}: SKM {unit.name} sudah ada")
        return
    year = timezone.localdate().year
    with transaction.atomic():
        for y, n in ((year - 1, 30), (year, 42)):
            q = services.questionnaire_create(
                actor=admin,
                instansi_id=instansi.pk,
                template=_template("skm"),
                unit_kerja=unit,
                period_start=datetime.date(y, 1, 1),
                period_end=datetime.date(y, 12, 31),
            )
            q = services.questionnaire_open(actor=admin, questionnaire=q)
            items = selectors.items_of(q)
            for _i in range(n):
                lift = 0.25 if y == year else 0.0
                values = {
                    it.field: _likert(rng, SKM_LEAN[it.question.code] + lift, 4)
                    for it in items
                    if it.question.code in SKM_LEAN
                }
                profile = {"sex": rng.choice(["L", "P"]), "age_band": rng.choice(["25-34", "35-44", "45-54"])}
                services.response_submit(questionnaire=q, values=values, profile=profile)
            if y < year:
                Questionnaire.objects.filter(pk=q.pk).update(status="closed")
    say(f"evaluations: {instansi.code}: SKM {unit.name} {year - 1} dan {year}")


def seed_evaluations(say: Callable[[str], None]) -> None:

    for instansi in Instansi.objects.filter(code__in=["kendari", "palu"]).order_by("code"):
        admin = User.objects.filter(username=f"admin.{instansi.code}").first()
        if admin is None:
            continue
        me = User.objects.filter(username=f"pegawai.{instansi.code}").first()
        rng = random.Random(f"evaluations-{instansi.code}")
        EvaluationPolicy.objects.get_or_create(
            instansi=instansi, defaults={"monthly_report_email": admin.email or f"bkpsdm@{instansi.code}.go.id"}
        )
        _seed_batch(instansi, admin, me.pk if me else None, rng, say)
        _seed_skm(instansi, admin, rng, say)
