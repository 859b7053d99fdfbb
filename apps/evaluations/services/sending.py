"""Sending invitations and reminders, scheduling L3 follow-ups, closing expired questionnaires."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.catalog.selectors import angkatan_for_instansi
from apps.core import notices
from apps.core.links import absolute_url
from apps.evaluations import sources
from apps.evaluations.models import Invitation, Level, Questionnaire, QuestionnaireStatus, QuestionnaireTemplate
from apps.evaluations.services.markers import answered_invitation_ids
from apps.evaluations.services.policy import months_before, policy_for
from apps.evaluations.services.questionnaires import invitations_sync, questionnaire_create, questionnaire_open


def _due(invitation: Invitation) -> str:
    return date_format(invitation.due_on, "j F Y") if invitation.due_on else "-"


def _invitation_url(invitation: Invitation) -> str:
    return absolute_url(reverse("evaluations:answer", args=[invitation.pk]))


def _atasan_followup_notice(invitation: Invitation) -> notices.Notice:
    names = {
        "name": invitation.subject.name if invitation.subject_id else "",
        "title": invitation.questionnaire.title,
        "due": _due(invitation),
    }
    return notices.Notice(
        recipient_ids=[invitation.pegawai.user_id],
        title=_("Evaluasi pasca pelatihan %(name)s menunggu Anda (%(title)s), batas %(due)s") % names,
        url=reverse("evaluations:answer", args=[invitation.pk]),
    )


def invitations_send(*, questionnaire_id: int) -> int:
    """Mail every unsent invitation of a questionnaire; `sent_at` makes a repeat a no-op. The atasan's L3
    follow-up goes through the notices (the bell and its e-mail), since it asks for their own work."""
    sent = 0
    pending = Invitation.objects.select_related("questionnaire", "pegawai__user", "subject").filter(
        questionnaire_id=questionnaire_id, sent_at__isnull=True
    )
    for invitation in pending:
        with transaction.atomic():
            locked = Invitation.objects.select_for_update(skip_locked=True).filter(pk=invitation.pk, sent_at=None)
            if not locked.exists():
                continue
            email = getattr(invitation.pegawai.user, "email", "") if invitation.pegawai.user_id else ""
            if invitation.questionnaire.level == Level.L3_ATASAN:
                notices.send(
                    _atasan_followup_notice(invitation),
                    key=f"l3-atasan:{invitation.pk}",
                    instansi_id=invitation.instansi_id,
                )
            elif email:
                send_mail(
                    _("Undangan mengisi: %(title)s") % {"title": invitation.questionnaire.title},
                    _("Mohon isi kuesioner berikut sebelum %(due)s:\n%(url)s")
                    % {"due": _due(invitation), "url": _invitation_url(invitation)},
                    None,
                    [email],
                )
            locked.update(sent_at=timezone.now())
            sent += 1
    return sent


def reminders_send(*, instansi_id: int, today: datetime.date | None = None) -> int:
    """Remind unanswered invitations every N days, at most M times, while the survey is open."""
    today = today or timezone.localdate()
    policy = policy_for(instansi_id)
    cutoff = timezone.now() - datetime.timedelta(days=policy.reminder_every_days)
    candidates = list(
        Invitation.objects.select_related("questionnaire", "pegawai__user")
        .filter(
            instansi_id=instansi_id,
            questionnaire__status=QuestionnaireStatus.OPEN,
            sent_at__lte=cutoff,
            reminder_count__lt=policy.max_reminders,
            answered=False,
        )
        .exclude(reminded_at__gt=cutoff)
        .exclude(questionnaire__closes_on__lt=today)
    )
    done = answered_invitation_ids(candidates)
    count = 0
    for invitation in candidates:
        if invitation.pk in done:
            continue
        email = getattr(invitation.pegawai.user, "email", "") if invitation.pegawai.user_id else ""
        if email:
            send_mail(
                _("Pengingat: %(title)s") % {"title": invitation.questionnaire.title},
                _("Kuesioner ini belum Anda isi. Batas pengisian %(due)s:\n%(url)s")
                % {"due": _due(invitation), "url": _invitation_url(invitation)},
                None,
                [email],
            )
        Invitation.objects.filter(pk=invitation.pk).update(
            reminded_at=timezone.now(), reminder_count=invitation.reminder_count + 1
        )
        count += 1
    return count


def _l3_due(angkatan: Any, first_completion: datetime.date, today: datetime.date, default_months: int) -> bool:
    """Due once the batch ended (its first completion day) the programme's months ago, else the instansi's."""
    months = angkatan.program.l3_after_months or default_months
    return first_completion <= months_before(today, months)


def schedule_followups(*, instansi_id: int, today: datetime.date | None = None) -> list[Questionnaire]:
    """Rule 25: N months after a batch ends (its completion day; N = the programme's `l3_after_months`, else
    the instansi's `l3_months`, 3 by default), open its L3 follow-up for the alumni and their atasan (one
    questionnaire each per batch; repeat-safe). Opening invites each atasan once per alumnus; the invitation
    reaches them as a notice (in-app and e-mail). Late completers are invited on later runs."""
    today = today or timezone.localdate()
    policy = policy_for(instansi_id)
    created: list[Questionnaire] = []

    firsts = sources.first_completion_by_batch(instansi_id, completed_on_or_before=months_before(today, 1))
    batches = angkatan_for_instansi(instansi_id).filter(pk__in=list(firsts)).select_related("program")
    for angkatan in batches:
        if not _l3_due(angkatan, firsts[angkatan.pk], today, policy.l3_months):
            continue
        for level, code in ((Level.L3_ALUMNI, "l3-alumni"), (Level.L3_ATASAN, "l3-atasan")):
            q = Questionnaire.objects.filter(instansi_id=instansi_id, angkatan=angkatan, level=level).first()
            if q is None:
                template = (
                    QuestionnaireTemplate.objects.filter(level=level, is_active=True, instansi_id=instansi_id).first()
                    or QuestionnaireTemplate.objects.filter(code=code, instansi__isnull=True).first()
                )
                if template is None:
                    continue
                q = questionnaire_create(
                    actor=None,
                    instansi_id=instansi_id,
                    template=template,
                    angkatan=angkatan,
                    opens_on=today,
                    closes_on=today + datetime.timedelta(days=policy.answer_window_days),
                )
                q = questionnaire_open(actor=None, questionnaire=q)
                created.append(q)
            elif q.status == QuestionnaireStatus.OPEN:
                invitations_sync(questionnaire=q)
    return created


def close_expired(*, instansi_id: int, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    return Questionnaire.objects.filter(
        instansi_id=instansi_id, status=QuestionnaireStatus.OPEN, closes_on__lt=today
    ).update(status=QuestionnaireStatus.CLOSED)
