"""Notices of workflow events, sent once.

Core decides *when* a notice goes out (once per event: `notified_at` is set under a row lock, so a
retried task is a no-op); the app that keeps the in-app inbox (enrollments' Notification, the bell and
its e-mail) registers how a notice is delivered, in its AppConfig.ready(), as derived-role providers
do. A workflow names its notice task in its StateMachine; the task calls `deliver_event_notice`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone


@dataclass(frozen=True)
class Notice:
    recipient_ids: Iterable[int | None]
    title: str
    url: str


Deliver = Callable[..., Any]
_DELIVERY: list[Deliver] = []


def register_delivery(deliver: Deliver) -> None:
    """`deliver(recipient_id=, title=, url=, dedupe_key=, instansi_id=)` stores and sends one notice."""
    if deliver not in _DELIVERY:
        _DELIVERY.append(deliver)


def send(notice: Notice, *, key: str, instansi_id: int | None) -> int:
    """Deliver to each distinct recipient once (per `key`); returns how many were addressed."""
    sent = 0
    for uid in dict.fromkeys(u for u in notice.recipient_ids if u):
        for deliver in _DELIVERY:
            deliver(
                recipient_id=uid, title=notice.title, url=notice.url, dedupe_key=f"{key}:{uid}", instansi_id=instansi_id
            )
        sent += 1
    return sent


def deliver_event_notice(
    event_model: type[models.Model],
    event_id: int,
    compose: Callable[[Any], Notice | None],
    *,
    key: str,
    related: tuple[str, ...] = (),
) -> int:
    """Send the notice `compose(event)` describes (None: this move tells nobody), once per event.
    `related` are the joins the composer reads (select_related)."""
    with transaction.atomic():
        event = event_model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=event_id)
        if event.notified_at is not None:
            return 0
        notice = compose(event)
        sent = send(notice, key=f"{key}:{event.pk}", instansi_id=event.instansi_id) if notice else 0
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
    return sent
