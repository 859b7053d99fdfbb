"""The annual development plan (RPK; rules 12, 13).

A plan is edited only while draft (row locked while its items change); every item answers ≥ 1 open or
planned needs item of the same instansi and year and fills the seven art. 207 elements; the sum of item
budgets never passes the ceiling when an item is saved or the plan is submitted; an approved plan is
frozen: a change is a new version that supersedes it when approved."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.models import FORM_PATH
from apps.core.services import audit_log, snapshot, stored_snapshot
from apps.needs.errors import PlanError
from apps.needs.models import DevelopmentPlan, NeedsItem, NeedsStatus, PlanItem, PlanStatus
from apps.needs.services.surveys import _check_kompetensi
from apps.needs.workflow import _transition


def _locked_draft(plan: Any) -> Any:
    locked = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
    if not locked.is_editable:
        raise PlanError(_("Rencana hanya dapat diubah selama berstatus draf."), code="needs.plan_frozen")
    return locked


def _items_total(plan: Any, exclude_id: int | None = None) -> int:
    qs = PlanItem.objects.filter(instansi_id=plan.instansi_id, plan=plan)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    return qs.aggregate(total=Sum("budget_idr"))["total"] or 0


def _rupiah(value: int) -> str:
    return f"Rp {value:,}".replace(",", ".")


def plan_create(*, actor: Any, instansi_id: int, year: int, title: str, ceiling_idr: int, note: str = "") -> Any:
    if ceiling_idr is None or int(ceiling_idr) < 0:
        raise PlanError(_("Pagu anggaran harus bilangan bulat Rupiah ≥ 0."))
    if DevelopmentPlan.objects.filter(instansi_id=instansi_id, year=year).exists():
        raise PlanError(
            _("Rencana tahun %(year)s sudah ada; ubah drafnya atau buat versi baru dari rencana yang disetujui.")
            % {"year": year},
            code="needs.plan_exists",
        )
    with transaction.atomic():
        plan = DevelopmentPlan.objects.create(
            instansi_id=instansi_id, year=year, title=title, ceiling_idr=ceiling_idr, note=note
        )
        audit_log(actor=actor, action="plan.create", instance=plan, before={})
    return plan


def plan_update(*, actor: Any, plan: Any, title: str, ceiling_idr: int, note: str = "") -> Any:
    if ceiling_idr is None or int(ceiling_idr) < 0:
        raise PlanError(_("Pagu anggaran harus bilangan bulat Rupiah ≥ 0."))
    with transaction.atomic():
        plan = _locked_draft(plan)
        before = snapshot(plan, ["title", "ceiling_idr", "note"])
        plan.title, plan.ceiling_idr, plan.note = title, ceiling_idr, note
        plan.save(update_fields=["title", "ceiling_idr", "note", "updated_at"])
        audit_log(actor=actor, action="plan.update", instance=plan, before=before)
    return plan


def _check_item(plan: Any, needs_items: list, fields: dict[str, Any]) -> None:
    if not needs_items:
        raise PlanError(_("Pilih minimal satu kebutuhan yang dijawab butir rencana ini."), code="needs.plan_no_need")
    for need in needs_items:
        if need.instansi_id != plan.instansi_id or need.year != plan.year or need.status == NeedsStatus.CLOSED:
            raise PlanError(_("Kebutuhan yang dipilih harus kebutuhan terbuka tahun %(year)s.") % {"year": plan.year})
    kompetensi = fields.get("kompetensi")
    if kompetensi is None:
        raise PlanError(_("Pilih jenis kompetensi."))
    _check_kompetensi(plan.instansi_id, [kompetensi])
    budget = fields.get("budget_idr")
    if budget is None or int(budget) < 0:
        raise PlanError(_("Anggaran harus bilangan bulat Rupiah ≥ 0."), code="needs.plan_budget")
    if not fields.get("target_count") or int(fields["target_count"]) < 1:
        raise PlanError(_("Jumlah ASN sasaran minimal 1."))
    if FORM_PATH.get(fields.get("form")) != fields.get("path"):
        raise PlanError(_("Jenis pengembangan tidak termasuk jalur yang dipilih."), code="needs.plan_path")
    if not fields.get("penyelenggara") and not (fields.get("penyelenggara_text") or "").strip():
        raise PlanError(_("Isi penyelenggara (pilih dari daftar atau tulis namanya)."))
    if not fields.get("schedule_month") and not fields.get("schedule_quarter"):
        raise PlanError(_("Isi jadwal: bulan atau triwulan pelaksanaan."))
    unit = fields.get("unit_kerja")
    if unit is not None and unit.instansi_id != plan.instansi_id:
        raise PlanError(_("Unit kerja tidak dikenal."))
    penyelenggara = fields.get("penyelenggara")
    if penyelenggara is not None and penyelenggara.instansi_id not in (None, plan.instansi_id):
        raise PlanError(_("Penyelenggara tidak dikenal."))


def plan_item_save(*, actor: Any, plan: Any, item: Any = None, needs_items: list, **fields: Any) -> Any:
    needs_items = list(needs_items or [])
    _check_item(plan, needs_items, fields)
    creating = item is None
    with transaction.atomic():
        plan = _locked_draft(plan)
        total = _items_total(plan, exclude_id=None if creating else item.pk) + int(fields["budget_idr"])
        if total > plan.ceiling_idr:
            raise PlanError(
                _("Anggaran melebihi pagu: total menjadi %(total)s, pagu %(ceiling)s.")
                % {"total": _rupiah(total), "ceiling": _rupiah(plan.ceiling_idr)},
                code="needs.plan_over_ceiling",
            )
        before = stored_snapshot(item)
        item = item or PlanItem(instansi_id=plan.instansi_id, plan=plan)
        for key, value in fields.items():
            setattr(item, key, value)
        item.save()
        item.needs_items.set(needs_items)
        NeedsItem.objects.filter(pk__in=[n.pk for n in needs_items], status=NeedsStatus.OPEN).update(
            status=NeedsStatus.PLANNED, updated_at=timezone.now()
        )
        audit_log(
            actor=actor, action="plan_item.create" if creating else "plan_item.update", instance=item, before=before
        )
    return item


def plan_item_delete(*, actor: Any, item: Any) -> None:
    with transaction.atomic():
        _locked_draft(item.plan)
        linked = list(item.needs_items.values_list("pk", flat=True))
        gone = {name: [value, None] for name, value in snapshot(item).items() if value not in (None, "")}
        audit_log(actor=actor, action="plan_item.delete", instance=item, changes=gone)
        item.delete()
        NeedsItem.objects.filter(pk__in=linked, status=NeedsStatus.PLANNED, plan_items__isnull=True).update(
            status=NeedsStatus.OPEN, updated_at=timezone.now()
        )


def plan_submit(*, actor: Any, plan: Any, note: str = "") -> Any:
    with transaction.atomic():
        plan = _locked_draft(plan)
        if not plan.items.exists():
            raise PlanError(_("Rencana belum memiliki butir."), code="needs.plan_empty")
        total = _items_total(plan)
        if total > plan.ceiling_idr:
            raise PlanError(
                _("Rencana tidak dapat diajukan: total anggaran %(total)s melebihi pagu %(ceiling)s.")
                % {"total": _rupiah(total), "ceiling": _rupiah(plan.ceiling_idr)},
                code="needs.plan_over_ceiling",
            )
        plan = _transition(plan_id=plan.pk, action="submit", actor=actor, note=note)  # audited by the machine
    return plan


def plan_return(*, actor: Any, plan: Any, note: str = "") -> Any:
    with transaction.atomic():
        plan = _transition(plan_id=plan.pk, action="return", actor=actor, note=note)  # audited by the machine
    return plan


def plan_approve(*, actor: Any, plan: Any, signatory_name: str, signatory_title: str, note: str = "") -> Any:
    """Recorded by an admin BKPSDM acting for the head of BKPSDM (signatory kept for the document). Approving a
    new version supersedes the version it replaces."""
    if not signatory_name.strip():
        raise PlanError(_("Isi nama kepala BKPSDM yang menetapkan rencana."))
    with transaction.atomic():
        plan = _transition(
            plan_id=plan.pk,
            action="approve",
            actor=actor,
            note=note,
            fields={
                "approved_by": actor,
                "approved_at": timezone.now(),
                "signatory_name": signatory_name.strip(),
                "signatory_title": signatory_title.strip(),
            },
        )
        if plan.supersedes_id:
            _transition(plan_id=plan.supersedes_id, action="supersede", actor=actor, note=f"v{plan.version}")
    return plan


def plan_new_version(*, actor: Any, plan: Any) -> Any:
    """Copy an approved plan into a new draft version (rule 13); the approved one stays in force until the new
    one is approved."""
    with transaction.atomic():
        plan = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != PlanStatus.APPROVED:
            raise PlanError(_("Versi baru hanya dibuat dari rencana yang sudah disetujui."))
        if DevelopmentPlan.objects.filter(
            instansi_id=plan.instansi_id, year=plan.year, status__in=[PlanStatus.DRAFT, PlanStatus.SUBMITTED]
        ).exists():
            raise PlanError(_("Sudah ada versi draf atau diajukan untuk tahun ini."))
        version = (
            DevelopmentPlan.objects.filter(instansi_id=plan.instansi_id, year=plan.year)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        new = DevelopmentPlan.objects.create(
            instansi_id=plan.instansi_id,
            year=plan.year,
            version=version + 1,
            title=plan.title,
            ceiling_idr=plan.ceiling_idr,
            note=plan.note,
            supersedes=plan,
        )
        for item in PlanItem.objects.filter(plan=plan).prefetch_related("needs_items"):
            needs = list(item.needs_items.all())
            item.pk = None
            item.id = None
            item._state.adding = True
            item._prefetched_objects_cache = {}
            item.plan = new
            item.save()
            item.needs_items.set(needs)
        audit_log(actor=actor, action="plan.new_version", instance=new, data={"from": plan.pk}, before={})
    return new
