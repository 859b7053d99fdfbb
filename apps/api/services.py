"""API tokens. Rules: a token belongs to one instansi and acts only inside it; only the SHA-256 of its secret
is stored and the secret is returned once, by `token_create`; scopes are a subset of ApiScope; a revoked or
expired token never authenticates again; every create and revoke is in the audit log; every API call made
with a known token is one ApiCallLog row; last_used_at is written at most once a minute per token."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.api import selectors
from apps.api.errors import Conflict, FeedRefused, FieldRefused, InvalidToken
from apps.api.models import ApiCallLog, ApiCompletion, ApiScope, ApiToken, CalendarFeed, hash_secret
from apps.catalog.models import Form
from apps.core.services import audit_log
from apps.employees.nip import normalize_nip
from apps.enrollments.errors import DuplicateCredit
from apps.enrollments.models import Enrollment, LedgerSource
from apps.enrollments.selectors import credit_like
from apps.enrollments.services import (
    attendance_record_by_nip,
    enrollment_request_for,
    jp_for_activity,
    ledger_credit,
    local_today,
)
from apps.evaluations.models import Level, Response
from apps.evaluations.services import response_submit

SECRET_PREFIX = "asn_"  # noqa: S105 (a marker that names the kind of string, not a secret)
SECRET_BYTES = 32  # 43 url-safe characters after the prefix
PREFIX_LENGTH = 12  # "asn_" + 8 characters: enough to tell tokens apart, useless to authenticate
TOUCH_EVERY = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def token_create(
    *, actor: Any, instansi_id: int, name: str, scopes: list[str], expires_at: datetime.datetime | None
) -> CreatedToken:
    name = (name or "").strip()
    if not name:
        raise InvalidToken(_("Nama token wajib diisi."))
    unknown = set(scopes) - set(ApiScope.values)
    if not scopes or unknown:
        raise InvalidToken(_("Pilih sedikitnya satu cakupan yang dikenal."))
    if expires_at is not None and expires_at <= timezone.now():
        raise InvalidToken(_("Tanggal berlaku harus setelah hari ini."))
    secret = SECRET_PREFIX + secrets.token_urlsafe(SECRET_BYTES)
    with transaction.atomic():
        token = ApiToken.objects.create(
            instansi_id=instansi_id,
            name=name,
            scopes=[s for s in ApiScope.values if s in scopes],
            prefix=secret[:PREFIX_LENGTH],
            key_hash=hash_secret(secret),
            created_by=actor if getattr(actor, "pk", None) else None,
            expires_at=expires_at,
        )
        audit_log(
            actor=actor,
            action="api_token.create",
            instance=token,
            data={"name": name, "scopes": token.scopes, "prefix": token.prefix},
        )
    return CreatedToken(token=token, secret=secret)


def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Idempotent: revoking a revoked token keeps the first moment."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_log(actor=actor, action="api_token.revoke", instance=token, data={"prefix": token.prefix})
    return token


def token_touch(*, token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Record use at most once a minute: no write at all when the loaded row is recent enough, and a
    conditional update so two servers in the same minute write once."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_EVERY:
        return
    ApiToken.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOUCH_EVERY), pk=token.pk).update(
        last_used_at=now
    )
    token.last_used_at = now


def call_log_write(*, token: ApiToken, method: str, path: str, status: int) -> None:
    ApiCallLog.objects.create(
        instansi_id=token.instansi_id, token_id=token.pk, method=method[:10], path=path[:300], status=status
    )


# --------------------------------------------------------------------------- writes
#
# Every write acts as the token (`client`: apps.api.authentication.ApiClient, no person behind it) through the
# owning app's service, so the rules of the pages apply unchanged; references in the body (NIP, batch, session,
# survey) are looked up inside the token's instansi only, and one that is not there is a refused field.


def _pegawai_or_refuse(instansi_id: int, nip: str, field: str = "nip") -> Any:
    pegawai = selectors.api_pegawai_by_nip(instansi_id, nip)
    if pegawai is None:
        raise FieldRefused(_("NIP ini tidak dikenal sebagai pegawai aktif di instansi ini."), field=field)
    return pegawai


def completion_record(*, client: Any, data: dict[str, Any]) -> tuple[ApiCompletion, bool]:
    """A course completed on an e-learning platform: its JP credited to the pegawai's ledger (source
    e-learning), once per `external_id` in the instansi. Posting the same completion again returns the first
    (created = False); the same id with another pegawai, JP or dates is a Conflict."""
    instansi_id = client.instansi_id
    external_id = data["external_id"].strip()
    if not external_id:
        raise FieldRefused(_("Tidak boleh kosong."), field="external_id")
    existing = selectors.api_completion_by_external_id(instansi_id, external_id)
    if existing is not None:
        return _same_completion(existing, data), False
    pegawai = _pegawai_or_refuse(instansi_id, data["nip"])
    if data["end_date"] > local_today(pegawai.instansi):
        raise FieldRefused(_("Tanggal selesai belum tiba."), field="end_date")
    allowed, rule = jp_for_activity(
        instansi_id=instansi_id,
        form=Form.E_LEARNING,
        start=data["start_date"],
        end=data["end_date"],
        claimed=data["jp"],
    )
    if allowed < data["jp"]:
        raise FieldRefused(
            _("Paling banyak %(jp)s JP untuk e-learning pada tanggal itu (aturan konversi JP).") % {"jp": allowed},
            field="jp",
        )
    if credit_like(pegawai.pk, data["title"], data["start_date"], data["end_date"]) is not None:
        existing = selectors.api_completion_by_external_id(instansi_id, external_id)
        if existing is not None:  # the same completion, saved by a call that ran alongside this one
            return _same_completion(existing, data), False
        raise Conflict(_("Pelatihan ini (judul dan tanggal sama) sudah tercatat di buku JP pegawai."))
    try:
        with transaction.atomic():
            entry = ledger_credit(
                actor=client,
                pegawai=pegawai,
                jp_amount=data["jp"],
                credited_on=data["end_date"],
                source_type=LedgerSource.ELEARNING,
                source_ref="elearning:" + hashlib.sha1(external_id.encode(), usedforsecurity=False).hexdigest(),
                title=data["title"].strip(),
                provider=data["provider"].strip(),
                start_date=data["start_date"],
                end_date=data["end_date"],
                conversion_rule=rule,
                exchange={"nomor": number} if (number := data.get("certificate_number", "").strip()) else None,
            )
            row = ApiCompletion.objects.create(
                instansi_id=instansi_id,
                token_id=client.token.pk,
                external_id=external_id,
                pegawai=pegawai,
                ledger_entry=entry,
                certificate_number=data.get("certificate_number", "").strip(),
            )
            audit_log(
                actor=client,
                action="api.completion",
                instance=row,
                data={"external_id": external_id, "jp": entry.jp, "token": client.token.prefix},
            )
    except (IntegrityError, DuplicateCredit):
        # The same id posted twice at once (the ledger's or this table's unique key): the first call's row stands.
        existing = selectors.api_completion_by_external_id(instansi_id, external_id)
        if existing is None:
            raise
        return _same_completion(existing, data), False
    return selectors.api_completion_by_external_id(instansi_id, external_id), True


def _same_completion(existing: ApiCompletion, data: dict[str, Any]) -> ApiCompletion:
    entry = existing.ledger_entry
    same = (
        existing.pegawai.nip == normalize_nip(data["nip"])
        and entry.jp == data["jp"]
        and entry.start_date == data["start_date"]
        and entry.end_date == data["end_date"]
    )
    if not same:
        raise Conflict(
            _("ID eksternal %(id)s sudah dipakai untuk kelulusan lain (pegawai, JP atau tanggal berbeda).")
            % {"id": existing.external_id}
        )
    return existing


def attendance_record(*, client: Any, session_id: int, marks: list[tuple[str, bool]]) -> int:
    session = selectors.api_session(client.instansi_id, session_id)
    if session is None:
        raise FieldRefused(_("Sesi tidak dikenal di instansi ini."), field="session")
    return attendance_record_by_nip(actor=client, session=session, marks=marks)


def enrolment_request(*, client: Any, batch_id: int, nip: str, motivation: str) -> Enrollment:
    angkatan = selectors.api_batch(client.instansi_id, batch_id)
    if angkatan is None:
        raise FieldRefused(_("Angkatan tidak dikenal di instansi ini."), field="batch")
    pegawai = _pegawai_or_refuse(client.instansi_id, nip)
    return enrollment_request_for(actor=client, angkatan=angkatan, pegawai=pegawai, motivation=motivation)


def survey_answer(*, client: Any, questionnaire: Any, nip: str, answers: dict[str, Any]) -> Response:
    """A participant's answers collected elsewhere (a kiosk, the LMS): for an invitation-only questionnaire
    the NIP names the invited pegawai (their open invitation is used, so it is marked answered); an SKM
    survey is anonymous and takes answers without one (a NIP sent is not used), as its public link does."""
    invitation = None
    if questionnaire.level != Level.SKM:
        pegawai = _pegawai_or_refuse(client.instansi_id, nip)
        invitation = selectors.api_invitation(questionnaire, pegawai)
        if invitation is None:
            raise FieldRefused(_("Pegawai ini tidak diundang mengisi kuesioner ini."), field="nip")
    return response_submit(questionnaire=questionnaire, values=answers, invitation=invitation, actor=client)


# --------------------------------------------------------------------------- private calendar feeds
# Rules: a feed belongs to one pegawai and shows only their own batches and mentoring meetings; only the
# SHA-256 of its secret is stored and the secret is returned once, by `feed_issue`; at most one active feed
# per pegawai (DB constraint), so a reset revokes the old address in the same transaction; a revoked address
# never answers again; every issue and revoke is in the audit log; last_fetched_at is written at most once an
# hour, so a calendar app polling every few minutes does not turn every fetch into a write.

FEED_SECRET_PREFIX = "kal_"  # noqa: S105 (a marker, not a secret)
FEED_TOUCH_EVERY = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class IssuedFeed:
    feed: CalendarFeed
    secret: str  # shown once, never stored


def feed_issue(*, actor: Any, pegawai: Any, replace: bool) -> IssuedFeed:
    """A new address for the pegawai's calendar. `replace=False` (the "make" button) refuses when one is active,
    so a double click cannot silently kill the address just copied; `replace=True` (reset) revokes it first."""
    secret = FEED_SECRET_PREFIX + secrets.token_urlsafe(SECRET_BYTES)
    try:
        with transaction.atomic():
            active = list(
                CalendarFeed.objects.select_for_update().filter(
                    instansi_id=pegawai.instansi_id, pegawai_id=pegawai.pk, revoked_at__isnull=True
                )
            )
            if active and not replace:
                raise FeedRefused(_("Alamat kalender sudah ada. Pakai tombol Atur ulang untuk membuat alamat baru."))
            now = timezone.now()
            for old in active:
                old.revoked_at = now
                old.save(update_fields=["revoked_at"])
                audit_log(actor=actor, action="calendar_feed.revoke", instance=old, data={"prefix": old.prefix})
            feed = CalendarFeed.objects.create(
                instansi_id=pegawai.instansi_id,
                pegawai_id=pegawai.pk,
                prefix=secret[:PREFIX_LENGTH],
                key_hash=hash_secret(secret),
            )
            audit_log(actor=actor, action="calendar_feed.create", instance=feed, data={"prefix": feed.prefix})
    except IntegrityError as exc:  # two clicks at once: the constraint keeps one active feed
        raise FeedRefused(_("Alamat kalender baru saja dibuat. Muat ulang halaman ini.")) from exc
    return IssuedFeed(feed=feed, secret=secret)


def feed_revoke(*, actor: Any, pegawai: Any) -> CalendarFeed:
    """The calendar apps subscribed to the address get 404 from now on."""
    with transaction.atomic():
        feed = (
            CalendarFeed.objects.select_for_update()
            .filter(instansi_id=pegawai.instansi_id, pegawai_id=pegawai.pk, revoked_at__isnull=True)
            .first()
        )
        if feed is None:
            raise FeedRefused(_("Belum ada alamat kalender yang aktif."))
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit_log(actor=actor, action="calendar_feed.revoke", instance=feed, data={"prefix": feed.prefix})
    return feed


def feed_touch(*, feed: CalendarFeed, now: datetime.datetime | None = None) -> None:
    """Record a fetch at most once an hour: no write when the loaded row is recent enough, and a conditional
    update so two servers fetching at once write once."""
    now = now or timezone.now()
    if feed.last_fetched_at is not None and now - feed.last_fetched_at < FEED_TOUCH_EVERY:
        return
    CalendarFeed.objects.filter(
        Q(last_fetched_at__isnull=True) | Q(last_fetched_at__lte=now - FEED_TOUCH_EVERY), pk=feed.pk
    ).update(last_fetched_at=now)
    feed.last_fetched_at = now


# --------------------------------------------------------------------------- call log retention


def call_logs_purge(*, batch_size: int | None = None) -> int:
    """Retention: ApiCallLog rows older than API_CALL_LOG_RETENTION_DAYS are deleted, `batch_size` at a time, each
    batch its own short transaction, so a first run over months of calls never holds one huge lock. Runs across
    instansi (a system beat task). Safe to repeat; a run that deleted anything leaves one audit row saying how many."""
    batch_size = batch_size or settings.AUDIT_PURGE_BATCH_SIZE
    cutoff = timezone.now() - datetime.timedelta(days=settings.API_CALL_LOG_RETENTION_DAYS)
    deleted = 0
    while True:
        ids = list(
            ApiCallLog.objects.filter(created_at__lt=cutoff)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        with transaction.atomic():
            deleted += ApiCallLog.objects.filter(pk__in=ids).delete()[0]
    if deleted:
        audit_log(actor=None, action="api_call_log.purged", data={"deleted": deleted, "cutoff": cutoff.isoformat()})
    return deleted
