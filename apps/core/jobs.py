"""Durable task dispatch: the one way a change asks for background work (design.md: no job is lost).

`enqueue(task, **kwargs)` writes an OutboxMessage in the caller's transaction and hands it to the broker once
that transaction commits. When the broker is unreachable the hand-over fails quietly (logged, the row stays
pending with its error) and the request goes on: nothing answers 500 and nothing is lost. `relay_pending()`,
run by celery beat every 30 s and when a worker starts, hands over every row still pending. A row is handed
over under a row lock (SKIP LOCKED), so the relay and the commit hook never send it twice at once; the tasks
are idempotent anyway, because a broker may deliver twice.

Without a broker (`make run` on a bare machine) Celery runs eagerly and the task runs in-process right after
the commit, as before."""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from celery import current_app, current_task
from celery.exceptions import NotRegistered
from celery.utils.imports import symbol_by_name
from django.db import OperationalError, connections, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.models import OutboxMessage

logger = logging.getLogger(__name__)

# A fresh row is left to the commit hook for this long before the relay may take it.
RELAY_GRACE = datetime.timedelta(seconds=20)
# After a failed hand-over: 10 s, 20 s, 40 s … at most 5 minutes.
MAX_BACKOFF = datetime.timedelta(minutes=5)
# Handed-over rows are kept this long for diagnosis, then removed by the relay.
KEEP_SENT = datetime.timedelta(days=7)


def enqueue(task: Any, **kwargs: Any) -> OutboxMessage:
    """Ask for `task(**kwargs)` to run once the current transaction commits (at once outside one).

    `task` is a task or its registered name (its dotted path): services and workflows name the task,
    so they never import the tasks module that imports them."""
    task_name = task if isinstance(task, str) else task.name
    message = OutboxMessage.objects.create(
        task_name=task_name, kwargs=kwargs, available_at=timezone.now() + RELAY_GRACE
    )
    transaction.on_commit(lambda: publish(message_id=message.pk))
    return message


def _task(name: str) -> Any:
    """The task registered under `name`, importing its module when nothing imported it yet (a relay or a
    sweep may be the first code in a process to need it; task names are their dotted paths)."""
    try:
        return current_app.tasks[name]
    except NotRegistered:
        return symbol_by_name(name)


def _backoff(attempts: int) -> datetime.timedelta:
    return min(datetime.timedelta(seconds=10 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def publish(*, message_id: int) -> bool:
    """Hand one pending row to the broker; True when it was handed over (or run, in eager mode)."""
    app = current_app
    now = timezone.now()
    if app.conf.task_always_eager:
        # In-process: mark it first, then run the task outside any transaction of ours, so the task's
        # own failure handling (a job row marked failed) is committed whatever the task raises.
        claimed = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).update(
            sent_at=now, attempts=F("attempts") + 1
        )
        if claimed:
            message = OutboxMessage.objects.get(pk=message_id)
            _task(message.task_name).apply_async(kwargs=message.kwargs)
        return bool(claimed)
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if message is None:  # already handed over, or being handed over by someone else right now
            return False
        attempts = message.attempts + 1
        try:
            _task(message.task_name).apply_async(kwargs=message.kwargs, retry=False)
        except Exception as exc:  # noqa: BLE001 — any broker failure: keep the row, try again later
            logger.warning("broker unavailable, %s #%s stays queued: %s", message.task_name, message.pk, exc)
            OutboxMessage.objects.filter(pk=message.pk).update(
                attempts=attempts, available_at=now + _backoff(attempts), last_error=str(exc)[:500]
            )
            return False
        OutboxMessage.objects.filter(pk=message.pk).update(attempts=attempts, sent_at=now, last_error="")
    return True


def relay_pending(*, limit: int = 500) -> int:
    """Hand over every row whose time has come (oldest first); remove rows handed over long ago."""
    now = timezone.now()
    due = list(
        OutboxMessage.objects.filter(sent_at__isnull=True, available_at__lte=now)
        .order_by("available_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for message_id in due:
        if publish(message_id=message_id):
            sent += 1
        elif OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True, attempts__gt=0).exists():
            break  # the broker is still away: the rest waits for the next round
    OutboxMessage.objects.filter(sent_at__lt=now - KEEP_SENT).delete()
    return sent


def waiting_for_broker(*, task: Any, **kwargs: Any) -> bool:
    """True while a hand-over of task(**kwargs) failed and waits for the broker (the job page says so).
    `task` is a task or its name, as for `enqueue`."""
    return OutboxMessage.objects.filter(
        task_name=task if isinstance(task, str) else task.name, kwargs=kwargs, sent_at__isnull=True, attempts__gt=0
    ).exists()


# --- Jobs a worker can die on ------------------------------------------------------------------------------
# A job row (report, import) carries a heartbeat while a worker runs it. A worker killed mid-job (SIGKILL,
# out of memory, a lost machine) stops beating; the sweep, every 30 s, finds it within STALE_AFTER + 30 s and
# queues it again (the tasks are idempotent) or, after max_attempts, marks it failed with the reason.

HEARTBEAT_EVERY = 15  # seconds
STALE_AFTER = datetime.timedelta(seconds=60)
# A job still "pending" after this long (its message lost with a broker that was wiped) may be retried by hand.
PENDING_TOO_LONG = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class JobKind:
    """A job model the sweep watches: rows with `status`, `attempts`, `heartbeat_at`, `created_at`, run by
    `task_name(job_id=…)`; `mark_failed(job_id=…, error=…)` records the final failure."""

    model: type[models.Model]
    task_name: str
    mark_failed: Callable[..., None]
    max_attempts: int = 3


_KINDS: dict[str, JobKind] = {}


def register_job_kind(kind: JobKind) -> None:
    """Called from an app's ready(): core knows no app above it."""
    _KINDS[kind.model._meta.label] = kind


@contextmanager
def heartbeat(model: type[models.Model], pk: int) -> Iterator[None]:
    """Keep `heartbeat_at` of one job row fresh while the block runs (a thread with its own connection)."""
    model.objects.filter(pk=pk).update(heartbeat_at=timezone.now())
    if not current_task or current_task.request.is_eager:  # in-process (a request, a command): no worker to lose
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(HEARTBEAT_EVERY):
                model.objects.filter(pk=pk).update(heartbeat_at=timezone.now())
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=beat, name=f"heartbeat-{model._meta.label}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=HEARTBEAT_EVERY)


def is_stale(job: Any, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return job.status == "running" and (job.heartbeat_at is None or job.heartbeat_at < now - STALE_AFTER)


def can_retry(job: Any, *, now: datetime.datetime | None = None) -> bool:
    """An operator may retry a failed job, one pending too long, or one whose worker died."""
    now = now or timezone.now()
    if job.status == "failed":
        return True
    if job.status == "pending":
        return job.created_at < now - PENDING_TOO_LONG
    return is_stale(job, now=now)


def stale_jobs_sweep() -> dict[str, int]:
    """Queue again (or fail) every running job whose heartbeat stopped. Returns counts for the log."""
    now = timezone.now()
    counts = {"requeued": 0, "failed": 0}
    for kind in _KINDS.values():
        # A job marked running before its first heartbeat was written with the status (older code) has none.
        stale = kind.model.objects.filter(
            Q(heartbeat_at__lt=now - STALE_AFTER) | Q(heartbeat_at__isnull=True, started_at__lt=now - STALE_AFTER),
            status="running",
        )
        for pk in list(stale.values_list("pk", flat=True)[:200]):
            with transaction.atomic():
                job = kind.model.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
                if job is None or not is_stale(job, now=now):
                    continue
                if job.attempts < kind.max_attempts:
                    kind.model.objects.filter(pk=pk).update(status="pending", heartbeat_at=None)
                    enqueue(_task(kind.task_name), job_id=pk)
                    counts["requeued"] += 1
                    logger.warning(
                        "%s #%s: worker stopped (attempt %s), queued again", kind.task_name, pk, job.attempts
                    )
                else:
                    kind.mark_failed(job_id=pk, error=_stale_message(job.attempts))
                    counts["failed"] += 1
                    logger.error("%s #%s: worker stopped %s times, marked failed", kind.task_name, pk, job.attempts)
    return counts


def _stale_message(attempts: int) -> str:
    return _(
        "Pemrosesan berhenti di tengah jalan sebanyak %(n)s kali (pekerja latar berhenti). Tidak ada data yang "
        "setengah tersimpan. Silakan coba lagi; bila tetap gagal, hubungi admin."
    ) % {"n": attempts}


#: Options of a task that is safe to run twice: acknowledged after it ran, retried with backoff when the
#: database or a connection is briefly away.
RETRY = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
}
