"""External training a pegawai reports, and the BKPSDM decision that credits its JP."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exceptions import InvalidTransition
from apps.core.services import audit_log, snapshot
from apps.employees.selectors import pegawai_of_user
from apps.enrollments import selectors
from apps.enrollments.errors import DuplicateCredit, NotEligible, OwnRequest, ReasonRequired
from apps.enrollments.models import ExternalStatus, ExternalTraining, LedgerSource
from apps.enrollments.services.common import _require_admin_of
from apps.enrollments.services.completion import ledger_credit
from apps.enrollments.services.notifications import notify


def external_report(*, actor: Any, **fields: Any) -> ExternalTraining:
    pegawai = pegawai_of_user(actor)
    if pegawai is None:
        raise NotEligible(_("Akun Anda tidak terhubung ke data pegawai."))
    training = ExternalTraining.objects.create(instansi_id=pegawai.instansi_id, pegawai=pegawai, **fields)
    audit_log(actor=actor, action="external_training.report", instance=training, before={})
    return training


def external_decide(
    *, actor: Any, training: ExternalTraining, approve: bool, jp_approved: int | None = None, note: str = ""
) -> ExternalTraining:
    _require_admin_of(actor, training.instansi_id)
    if training.pegawai.user_id == actor.pk:
        raise OwnRequest(_("Anda tidak dapat memverifikasi laporan Anda sendiri."))
    if not approve and not note.strip():
        raise ReasonRequired(_("Alasan penolakan wajib diisi."))
    with transaction.atomic():
        locked = ExternalTraining.objects.select_for_update().select_related("pegawai").get(pk=training.pk)
        if locked.status != ExternalStatus.PENDING:
            raise InvalidTransition(_("Laporan ini sudah diputus."))
        before = snapshot(locked, ["status", "jp_approved", "decided_by", "decided_at", "decision_note"])
        locked.status = ExternalStatus.APPROVED if approve else ExternalStatus.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()
        if approve:
            if selectors.credit_like(locked.pegawai_id, locked.title, locked.start_date, locked.end_date) is not None:
                raise DuplicateCredit(
                    _("Pelatihan ini (judul dan tanggal sama) sudah tercatat di buku JP pegawai; tolak laporan ini.")
                )
            locked.jp_approved = jp_approved if jp_approved is not None else locked.jp_claimed
            rule = selectors.conversion_rule_for(instansi_id=locked.instansi_id, form=locked.form, on=locked.end_date)
            ledger_credit(
                actor=actor,
                pegawai=locked.pegawai,
                jp_amount=locked.jp_approved,
                credited_on=locked.end_date,
                source_type=LedgerSource.EXTERNAL,
                source_ref=f"external:{locked.pk}",
                title=locked.title,
                provider=locked.provider,
                start_date=locked.start_date,
                end_date=locked.end_date,
                conversion_rule=rule,
            )
        locked.save()
        audit_log(actor=actor, action=f"external_training.{locked.status}", instance=locked, before=before)
        if locked.pegawai.user_id:
            title = (
                _("Laporan pelatihan eksternal Anda disetujui: %(jp)s JP") % {"jp": locked.jp_approved}
                if approve
                else _("Laporan pelatihan eksternal Anda ditolak")
            )
            notify(
                recipient_id=locked.pegawai.user_id,
                instansi_id=locked.instansi_id,
                title=title,
                body=f"{locked.title}\n{locked.decision_note}".strip(),
                url=reverse("enrollments:my_jp"),
                dedupe_key=f"external:{locked.pk}",
            )
    return locked
