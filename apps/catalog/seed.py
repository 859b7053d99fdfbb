"""Demo catalog: national providers (LAN, BPSDM Provinsi Sulawesi Tenggara/Tengah, Universitas Halu
Oleo, Universitas Tadulako, a ministry centre, a professional body, a private firm), narasumber, 34
programmes across every jalur and most bentuk (shared nationally, plus a few private to each demo
instansi), and classroom/online/blended angkatan with sessions through 2026–2027 for each instansi.
Idempotent: every row is looked up by its code or name first."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone

from apps.catalog import services
from apps.catalog.models import (
    Angkatan,
    AngkatanStatus,
    Narasumber,
    Path,
    Penyelenggara,
    Program,
)
from apps.catalog.seed_data import PRIVATE_PROGRAMS, PROGRAMS, PROVIDERS, SPEAKERS
from apps.competencies.models import Kompetensi
from apps.organizations.models import Instansi, UnitKerja

SYSTEM = SimpleNamespace(pk=None)


def _providers(say: Callable[[str], None]) -> dict[str, Penyelenggara]:
    found = {}
    for key, (name, kind, accredited, address) in PROVIDERS.items():
        obj = Penyelenggara.objects.filter(instansi__isnull=True, name=name).first()
        if obj is None:
            obj = services.penyelenggara_save(
                actor=SYSTEM,
                instansi_id=None,
                name=name,
                kind=kind,
                is_lan_accredited=accredited,
                address=address,
                contact_name="Bagian Kerja Sama",
                mou_number=f"MOU/{key.upper()}/2025" if kind != "lan" else "",
                mou_start=datetime.date(2025, 1, 1) if kind != "lan" else None,
                mou_end=datetime.date(2027, 12, 31) if kind != "lan" else None,
            )
        found[key] = obj
    say(f"catalog: {len(found)} penyelenggara nasional")
    return found


def _speakers() -> list[Narasumber]:
    people = []
    for name, expertise, institution, widyaiswara in SPEAKERS:
        obj = Narasumber.objects.filter(instansi__isnull=True, name=name).first()
        if obj is None:
            obj = services.narasumber_save(
                actor=SYSTEM,
                instansi_id=None,
                name=name,
                expertise=expertise,
                institution=institution,
                is_widyaiswara=widyaiswara,
            )
        people.append(obj)
    return people


def _kompetensi(codes: list[str]) -> list:
    found = {k.code: k for k in Kompetensi.objects.filter(instansi__isnull=True, code__in=codes)}
    return [found[c] for c in codes if c in found]


def _program(spec: tuple, providers: dict, speakers: list, instansi_id: int | None, rng: random.Random) -> Program:
    code, title, form, modality, provider_key, modules, quantity, competencies, jenis = spec
    existing = Program.objects.filter(instansi_id=instansi_id, code=code).order_by("-version").first()
    if existing is not None:
        return existing
    comps = [services.CompetencySpec(kompetensi=k, target_level=3) for k in _kompetensi(competencies)]
    program = services.program_save(
        actor=SYSTEM,
        instansi_id=instansi_id,
        code=code,
        title=title,
        form=form,
        modality=modality,
        visibility="shared" if instansi_id is None else "private",
        penyelenggara=providers.get(provider_key) if provider_key else None,
        description=f"{title}. Program pengembangan kompetensi untuk ASN pemerintah daerah.",
        objectives="Peserta mampu menerapkan materi dalam tugas sehari-hari dan menyusun rencana tindak lanjut.",
        jp_quantity=quantity,
        learning_hours=None,
        modules=[services.ModuleSpec(title=t, learning_hours=jp) for t, jp in modules],
        competencies=comps,
        narasumber=rng.sample(speakers, 2),
        eligible_jenis_jabatan=[j for j in jenis.split(",") if j],
    )
    return services.program_set_status(actor=SYSTEM, program=program, action="publish", system=True)


def _status_for(start: datetime.date, end: datetime.date, today: datetime.date) -> str:
    if end < today:
        return AngkatanStatus.FINISHED
    if start <= today:
        return AngkatanStatus.RUNNING
    return AngkatanStatus.OPEN


def _batches(instansi: Instansi, programs: list[Program], speakers: list, rng: random.Random) -> int:
    today = timezone.localdate()
    regions = sorted(
        set(UnitKerja.objects.filter(instansi=instansi).exclude(region="").values_list("region", flat=True))
    ) or ["Kota"]
    created = 0
    for index, program in enumerate(programs):
        if program.path == Path.PENDIDIKAN and index % 2:
            continue
        for round_no in (1, 2):
            code = f"{program.code}-{instansi.code.upper()}-{round_no}"
            if Angkatan.objects.filter(instansi=instansi, code=code).exists():
                continue
            # Spread from January 2026 to December 2027.
            offset = (index * 37 + round_no * 211 + rng.randint(0, 40)) % 700
            start = datetime.date(2026, 1, 12) + datetime.timedelta(days=offset)
            while start.weekday() >= 5:
                start += datetime.timedelta(days=1)
            days = 1 if program.learning_hours <= 8 else min(5, max(2, program.learning_hours // 12))
            end = start + datetime.timedelta(days=days - 1)
            modality = program.modality
            if modality == "blended" and round_no == 2:
                modality = "daring_sinkron"
            classroom = modality in ("tatap_muka", "blended")
            region = rng.choice(regions) if classroom else ""
            opens = start - datetime.timedelta(days=60)
            closes = start - datetime.timedelta(days=7)
            link = "" if modality == "tatap_muka" else f"https://zoom.us/j/{rng.randint(10**9, 10**10 - 1)}"
            sessions = []
            for day in range(days):
                date = start + datetime.timedelta(days=day)
                sessions.append(
                    services.SessionSpec(
                        date=date,
                        start_time=datetime.time(8, 0),
                        end_time=datetime.time(12, 0),
                        topic=f"Hari {day + 1}: sesi pagi",
                        narasumber=speakers[(index + day) % len(speakers)],
                        online_link=link,
                    )
                )
                sessions.append(
                    services.SessionSpec(
                        date=date,
                        start_time=datetime.time(13, 0),
                        end_time=datetime.time(16, 0),
                        topic=f"Hari {day + 1}: praktik dan diskusi",
                        narasumber=speakers[(index + day + 1) % len(speakers)],
                        online_link=link,
                    )
                )
            angkatan = services.angkatan_save(
                actor=SYSTEM,
                instansi_id=instansi.pk,
                program=program,
                code=code,
                name=f"{program.title} — Angkatan {'I' * round_no} {start.year}",
                start_date=start,
                end_date=end,
                registration_opens=opens,
                registration_closes=closes,
                modality=modality,
                venue=f"Aula Kecamatan {region}"
                if classroom and region != "Kota"
                else ("Aula BKPSDM" if classroom else ""),
                venue_address=f"Kecamatan {region}, {instansi.name.replace('Pemerintah ', '')}" if classroom else "",
                region=region,
                online_link=link,
                seats_total=rng.choice([20, 25, 30, 40, 60]) if classroom else rng.choice([100, 200, 500]),
                waitlist_size=rng.choice([0, 5, 10]),
                cost_idr=rng.choice([0, 750_000, 1_500_000, 2_500_000]) if classroom else 0,
                funding_source="apbd" if classroom else "tanpa_biaya",
                requires_atasan_approval=program.path != Path.NONKLASIKAL or classroom,
                sessions=sessions,
            )
            Angkatan.objects.filter(pk=angkatan.pk).update(status=_status_for(start, end, today))
            created += 1
    return created


def seed_catalog(say: Callable[[str], None]) -> None:
    rng = random.Random(5)  # noqa: S311 - demo data
    with transaction.atomic():
        providers = _providers(say)
        speakers = _speakers()
        national = [_program(spec, providers, speakers, None, rng) for spec in PROGRAMS]
        say(f"catalog: {len(national)} program nasional ({len({p.form for p in national})} bentuk)")
        for instansi in Instansi.objects.filter(code__in=list(PRIVATE_PROGRAMS)).order_by("code"):
            local_provider = Penyelenggara.objects.filter(instansi=instansi, name__startswith="BKPSDM").first()
            if local_provider is None:
                local_provider = services.penyelenggara_save(
                    actor=SYSTEM,
                    instansi_id=instansi.pk,
                    name=f"BKPSDM {instansi.name.replace('Pemerintah ', '')}",
                    kind="internal",
                    is_lan_accredited=False,
                )
            own = []
            for code, title, form, modality, modules, comps in PRIVATE_PROGRAMS[instansi.code]:
                spec = (code, title, form, modality, "local", modules, None, comps, "")
                own.append(_program(spec, {**providers, "local": local_provider}, speakers, instansi.pk, rng))
            count = _batches(instansi, national + own, speakers, rng)
            say(f"catalog: {instansi.code}: {len(own)} program sendiri, {count} angkatan baru")
