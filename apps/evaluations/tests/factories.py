"""Test data for evaluations: a finished batch with narasumber, modules, a target competency and
participants, built directly on the catalog and enrollment tables (setup only; code under test
reads them through those apps' selectors)."""

from __future__ import annotations

import datetime
import itertools
from types import SimpleNamespace

from django.utils import timezone

from apps.catalog.models import Angkatan, AngkatanSession, Narasumber, Program, ProgramCompetency, ProgramModule
from apps.evaluations import selectors, services
from apps.evaluations.models import QuestionnaireTemplate

_seq = itertools.count(1)


def make_batch(instansi, *, participants=(), completed_on=None, status="completed", end_days_ago=1):
    n = next(_seq)
    program = Program.objects.create(
        instansi=instansi,
        code=f"EV-{n}",
        title=f"Pelatihan Pelayanan Prima {n}",
        path="klasikal",
        form="teknis",
        modality="tatap_muka",
        learning_hours=24,
        status="published",
    )
    end = timezone.localdate() - datetime.timedelta(days=end_days_ago)
    start = end - datetime.timedelta(days=2)
    angkatan = Angkatan.objects.create(
        instansi=instansi,
        program=program,
        code=f"EV-ANG-{n}",
        name=f"Angkatan Evaluasi {n}",
        start_date=start,
        end_date=end,
        modality="tatap_muka",
        seats_total=40,
        status="finished",
    )
    ns = [
        Narasumber.objects.create(instansi=instansi, name=f"Narasumber Satu {n}"),
        Narasumber.objects.create(instansi=instansi, name=f"Narasumber Dua {n}"),
    ]
    for i, narasumber in enumerate(ns):
        AngkatanSession.objects.create(
            instansi=instansi,
            angkatan=angkatan,
            date=start,
            start_time=datetime.time(8 + 4 * i, 0),
            end_time=datetime.time(11 + 4 * i, 0),
            topic=f"Sesi {i + 1}",
            narasumber=narasumber,
        )
    modules = [
        ProgramModule.objects.create(instansi=instansi, program=program, order=i, title=f"Modul {i}", learning_hours=8)
        for i in (1, 2)
    ]
    from apps.competencies.models import Kompetensi

    kompetensi = Kompetensi.objects.get(code="M.05")
    ProgramCompetency.objects.create(instansi=instansi, program=program, kompetensi=kompetensi, target_level=3)
    enrollments = [enrol(angkatan, p, status=status, completed_on=completed_on or end) for p in participants]
    return SimpleNamespace(
        program=program,
        angkatan=angkatan,
        narasumber=ns,
        modules=modules,
        kompetensi=kompetensi,
        enrollments=enrollments,
    )


def enrol(angkatan, pegawai, *, status="completed", completed_on=None, final_score=None):
    from apps.enrollments.models import Enrollment

    return Enrollment.objects.create(
        instansi=angkatan.instansi,
        pegawai=pegawai,
        angkatan=angkatan,
        status=status,
        completed_on=completed_on if status == "completed" else None,
        final_score=final_score,
    )


def template(code):
    return QuestionnaireTemplate.objects.get(instansi__isnull=True, code=code)


TEST_OPTIONS = [["a", "Pilihan A"], ["b", "Pilihan B"], ["c", "Pilihan C"], ["d", "Pilihan D"]]


def complete_test(actor, q, *, correct="b"):
    """Write options and a key for the test items drafted from the programme, as the admin must before
    opening (the key is b, like most of the shipped bank)."""
    for question in selectors.incomplete_test_questions(q):
        services.question_update(
            actor=actor,
            question=question,
            text=question.text,
            kind=question.kind,
            section=question.section,
            choices=TEST_OPTIONS,
            correct=correct,
        )


def questionnaire(actor, instansi, code, *, open_=True, **kwargs):
    q = services.questionnaire_create(actor=actor, instansi_id=instansi.pk, template=template(code), **kwargs)
    if open_:
        complete_test(actor, q)
        q = services.questionnaire_open(actor=actor, questionnaire=q)
    return q


def skm(actor, instansi, unit, **kwargs):
    return questionnaire(actor, instansi, "skm", unit_kerja=unit, **kwargs)


def answer_values(items, *, likert=4, single=None, text="", level5=4):
    """A full, valid set of form values for the expanded items."""
    values = {}
    for item in items:
        q = item.question
        if q.kind == "likert4":
            values[item.field] = likert
        elif q.kind == "likert5":
            values[item.field] = level5
        elif q.kind == "single":
            values[item.field] = single if single is not None else (q.correct or q.choices[0][0])
        elif q.kind == "multiple":
            values[item.field] = q.correct or [q.choices[0][0]]
        else:
            values[item.field] = text
    return values


def skm_values(items, row):
    """Form values for one SKM respondent: row = nine answers in U1..U9 order."""
    by_code = dict(zip([f"U{i}" for i in range(1, 10)], row, strict=True))
    return {item.field: by_code.get(item.question.code, "") for item in items}
