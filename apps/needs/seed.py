"""Demo data for needs (seed_demo step 40): assessments (self, atasan, some assessment centre) so gaps exist,
survey answers, needs items generated from the gaps, a draft RPK with budgeted items, and an IDP of
pegawai.<kota> agreed by atasan.<kota>. Idempotent: each part runs only when its rows are missing."""

from __future__ import annotations

import contextlib
import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from apps.accounts.models import User
from apps.catalog.models import Penyelenggara
from apps.competencies.models import Kompetensi
from apps.competencies.selectors import kompetensi_for_instansi, skj_of, skj_required_map
from apps.core.exceptions import DomainError
from apps.employees.models import Pegawai
from apps.needs import services
from apps.needs.models import (
    Assessment,
    DevelopmentPlan,
    IndividualDevelopmentPlan,
    NeedsItem,
    NeedsSurvey,
    SurveyResponse,
)
from apps.needs.selectors import biggest_gaps_of_pegawai, idp_plan_items_for, policy_for
from apps.organizations.models import Instansi

FORMS = [("klasikal", "teknis"), ("klasikal", "manajerial"), ("nonklasikal", "coaching"), ("nonklasikal", "e_learning")]


def _assessments(instansi: Instansi, rng: random.Random, today: datetime.date, focus: list[Pegawai]) -> int:
    pegawai = list(Pegawai.objects.filter(instansi=instansi, is_active=True, jabatan__isnull=False).order_by("id"))
    required_map = skj_required_map(instansi.pk, sorted({p.jabatan_id for p in pegawai}))
    chosen = [p for p in rng.sample(pegawai, min(180, len(pegawai))) if required_map.get(p.jabatan_id)]
    chosen += [p for p in focus if p not in chosen and required_map.get(p.jabatan_id)]
    groups = []
    for index, p in enumerate(chosen):
        required = required_map[p.jabatan_id]
        if p in focus:  # the demo logins always show a gap
            base = dict(required.items())
            for k in sorted(required)[:2]:
                base[k] = max(1, required[k] - 1)
            groups.append(
                {"pegawai": p, "required": required, "levels": base, "method": "atasan", "date": today, "provider": ""}
            )
            continue
        base = {
            k: max(1, min(5, r - rng.choice([0, 0, 0, 1, 1, 2]) + rng.choice([0, 0, 0, 0, 1])))
            for k, r in required.items()
        }
        methods = ["self", "atasan"] + (["assessment_center"] if index % 4 == 0 else [])
        for offset, method in enumerate(methods):
            levels = dict(base)
            if method == "self":
                levels = {k: min(5, v + rng.choice([0, 0, 1])) for k, v in base.items()}
            groups.append(
                {
                    "pegawai": p,
                    "required": required,
                    "levels": levels,
                    "method": method,
                    "date": today - datetime.timedelta(days=60 - offset * 10),
                    "provider": "UPT Penilaian Kompetensi BKN" if method == "assessment_center" else "",
                }
            )
    return services.assessment_import(instansi_id=instansi.pk, actor_id=None, groups=groups)


def _survey(instansi: Instansi, rng: random.Random, today: datetime.date, year: int) -> None:

    survey, _created = NeedsSurvey.objects.get_or_create(
        instansi=instansi,
        year=year,
        title=f"Survei kebutuhan pengembangan kompetensi {year}",
        defaults={"opens_on": today - datetime.timedelta(days=10), "closes_on": today + datetime.timedelta(days=20)},
    )
    if survey.responses.exists():
        return
    kompetensi = list(kompetensi_for_instansi(instansi.pk).order_by("code")[:14])
    respondents = list(Pegawai.objects.filter(instansi=instansi, is_active=True).order_by("id")[:400])
    for p in rng.sample(respondents, min(45, len(respondents))):
        response = SurveyResponse.objects.create(
            instansi=instansi,
            survey=survey,
            respondent=p,
            modality=rng.choice(["tatap_muka", "daring", "blended"]),
            constraints=rng.sample(["distance", "workload", "connectivity", "budget"], rng.randint(0, 2)),
            topics=rng.choice(["", "Pelayanan publik berbasis SPBE", "Penyusunan SKP", "Excel untuk laporan"]),
        )
        response.kompetensi.set(rng.sample(kompetensi, 3))
    top = (
        SurveyResponse.kompetensi.through.objects.filter(surveyresponse__survey=survey)
        .values("kompetensi")
        .annotate(n=Count("id"))
        .order_by("-n")[:2]
    )
    for row in top:
        with contextlib.suppress(DomainError):  # already converted on an earlier run
            services.needs_from_survey(
                actor=None, survey=survey, kompetensi=kompetensi_for_instansi(instansi.pk).get(pk=row["kompetensi"])
            )


def _plan(instansi: Instansi, rng: random.Random, year: int) -> DevelopmentPlan:

    plan = DevelopmentPlan.objects.filter(instansi=instansi, year=year).order_by("-version").first()
    if plan is not None:
        return plan
    plan = services.plan_create(
        actor=None,
        instansi_id=instansi.pk,
        year=year,
        title=f"Rencana Pengembangan Kompetensi ASN {instansi.name} {year}",
        ceiling_idr=750_000_000,
    )
    provider = Penyelenggara.objects.filter(instansi=instansi).order_by("id").first()
    top = (
        NeedsItem.objects.filter(instansi=instansi, year=year, status="open")
        .values("kompetensi")
        .annotate(n=Count("id"))
        .order_by("-n")[:6]
    )
    for index, row in enumerate(top):
        needs = list(
            NeedsItem.objects.filter(instansi=instansi, year=year, status="open", kompetensi=row["kompetensi"])
        )
        path, form = FORMS[index % len(FORMS)]
        services.plan_item_save(
            actor=None,
            plan=plan,
            needs_items=needs,
            kompetensi=needs[0].kompetensi,
            target_description=f"ASN dengan kesenjangan {needs[0].kompetensi.code}",
            target_count=min(40, len(needs)),
            path=path,
            form=form,
            penyelenggara=provider,
            penyelenggara_text="" if provider else "BPSDM Provinsi Sulawesi Tenggara",
            schedule_quarter=1 + index % 4,
            curriculum_fit=index % 5 != 4,
            curriculum_note="" if index % 5 != 4 else "Menunggu standar kurikulum instansi pembina",
            budget_idr=rng.choice([35, 48, 60, 75, 90]) * 1_000_000,
            funding_source="apbd" if index % 3 else "apbn",
        )
    return plan


def _idp(instansi: Instansi, today: datetime.date) -> None:

    owner = User.objects.filter(username=f"pegawai.{instansi.code}").first()
    atasan = User.objects.filter(username=f"atasan.{instansi.code}").first()
    pegawai = Pegawai.objects.filter(user=owner).select_related("atasan").first() if owner else None
    if pegawai is None:
        return
    idp = IndividualDevelopmentPlan.objects.filter(pegawai=pegawai, year=today.year).first()
    if idp is not None and idp.goals.exists():
        return
    idp = idp or services.idp_create(actor=owner, pegawai=pegawai, year=today.year)
    gaps = biggest_gaps_of_pegawai(pegawai, policy_for(instansi.pk, today), today, limit=2)
    if not gaps:  # no gap in the current profile: develop the first two SKJ competencies one level further
        gaps = [
            {
                "kompetensi_id": i.kompetensi_id,
                "kompetensi__code": i.kompetensi.code,
                "kompetensi__name": i.kompetensi.name,
                "size": 1,
            }
            for i in list(skj_of(pegawai.jabatan))[:2]
        ]

    plan_items = list(idp_plan_items_for(pegawai, today.year + 1)[:1])
    for gap in gaps:
        goal = services.idp_goal_add(
            actor=owner,
            idp=idp,
            kompetensi=Kompetensi.objects.get(pk=gap["kompetensi_id"]),
            description=f"Menutup kesenjangan {gap['kompetensi__code']} ({gap['size']} level)",
        )
        services.idp_activity_add(
            actor=owner,
            idp=idp,
            goal=goal,
            form="coaching",
            title=f"Coaching oleh atasan tentang {gap['kompetensi__name']}",
            target_date=datetime.date(today.year, 12, 15),
            plan_item=plan_items[0] if plan_items else None,
        )
    if not gaps:
        return
    services.idp_submit(actor=owner, idp=idp)
    if atasan is not None and pegawai.atasan is not None and pegawai.atasan.user_id == atasan.pk:
        services.idp_decide(actor=atasan, idp=idp, action="agree", note="Disepakati dalam dialog kinerja.")


def seed_needs(say: Callable[[str], None]) -> None:
    today = timezone.localdate()
    year = today.year + 1
    for instansi in Instansi.objects.filter(code__in=["kendari", "palu"]).order_by("code"):
        rng = random.Random(f"needs-{instansi.code}")
        focus = list(Pegawai.objects.filter(user__username__in=[f"pegawai.{instansi.code}", f"atasan.{instansi.code}"]))
        with transaction.atomic():
            if not Assessment.objects.filter(instansi=instansi).exists():
                _assessments(instansi, rng, today, focus)
            _survey(instansi, rng, today, year)
            result = services.needs_generate(actor=None, instansi_id=instansi.pk, year=year)
            plan = _plan(instansi, rng, year)
            _idp(instansi, today)
        say(
            f"  {instansi.name}: {Assessment.objects.filter(instansi=instansi).count()} penilaian, "
            f"{NeedsItem.objects.filter(instansi=instansi).count()} kebutuhan (+{result['created']}), "
            f"RPK {plan.year} v{plan.version} ({plan.get_status_display()})"
        )
