"""The audit trail's one writer: who did what, to which row, which fields changed (before → after) and from
which request (or Celery task).

- `snapshot(instance, fields)` reads the values a change may touch, as people read them: the str of a related
  row, dates in ISO form, choice labels; secrets (passwords, tokens, keys) never.
- `write_event(...)` writes one AuditEvent; given `before=` (a snapshot taken before the change) it stores
  `changes` = {field: [before, after]} of the fields whose value moved.
- `request_context` carries the request id and client address of the current request (set by
  `RequestIdMiddleware`); inside a Celery task the task id stands in for the request id.

Kept outside services.py so the shared state machine (workflow.py, below services) can write its moves too."""

from __future__ import annotations

import contextvars
import datetime
import decimal
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from apps.core import rls
from apps.core.models import AuditEvent

REQUEST_ID_HEADER = "X-Request-ID"
#: An incoming X-Request-ID is kept only when it is a short token of these characters (a proxy's id);
#: anything else (spaces, quotes, control characters, long strings) is replaced by our own.
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
#: Field names whose values are never copied into the log, whatever model they are on.
SECRET_WORDS = ("password", "secret", "token", "otp", "totp", "key", "hash", "salt", "verification")
#: Written by the framework on every save: they say nothing the event's own time does not.
SKIPPED_FIELDS = {"id", "created_at", "updated_at"}


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None


request_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "audit_request_context", default=None
)


def _task_id() -> str:
    """The id of the Celery task running now ("" outside one)."""
    from celery import current_task  # local: Celery is not needed to import this module

    task_id = getattr(getattr(current_task, "request", None), "id", None) if current_task else None
    return f"task:{task_id}"[:64] if task_id else ""


def current_context() -> RequestContext:
    ctx = request_context.get()
    if ctx is not None and ctx.request_id:
        return ctx
    return RequestContext(request_id=_task_id())


class RequestIdMiddleware:
    """Gives every request an id (a safe incoming X-Request-ID, else a new uuid4 hex), keeps it and the
    client address in `request_context` for the audit trail, and echoes it in the response header so a
    user's report ("the page failed at 10:02") can be matched with the log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_context.set(RequestContext(request_id, request.META.get("REMOTE_ADDR") or None))
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


# --------------------------------------------------------------------------- values as people read them


def is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in SECRET_WORDS)


def readable(value: Any) -> Any:
    """A JSON-safe value a person can read: ISO dates, strings for decimals and rows, plain bools/numbers."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)[:200]
    if isinstance(value, list | tuple):
        return [readable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): readable(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    return str(value)[:200]


def _field_value(instance: models.Model, field: models.Field) -> tuple[Any, Any]:
    """(raw value to compare, value to show)."""
    raw = getattr(instance, field.attname)
    if raw is None or raw == "":
        return raw, None if raw is None else ""
    if field.is_relation:
        return raw, readable(getattr(instance, field.name))
    if field.choices:
        with translation.override(settings.LANGUAGE_CODE):
            label = dict(field.flatchoices).get(raw, raw)
            return raw, str(label)
    return raw, readable(raw)


class Snapshot(dict):
    """{field: shown value}, plus the raw values (`raw`) a change is decided on: two rows with the same
    name are still two different atasan."""

    raw: dict[str, Any]


def _fields(instance: models.Model, names: Iterable[str] | None) -> list[models.Field]:
    concrete = [f for f in instance._meta.concrete_fields if not f.primary_key]
    if names is None:
        return [
            f
            for f in concrete
            if f.name not in SKIPPED_FIELDS and not is_secret(f.name) and not getattr(f, "auto_now", False)
        ]
    wanted = set(names)
    return [f for f in concrete if f.name in wanted and not is_secret(f.name)]


def snapshot(instance: models.Model | None, fields: Iterable[str] | None = None) -> Snapshot:
    """The values of `fields` (default: every concrete field but the key, timestamps and secrets) before a
    change. An unsaved row (being created) snapshots as all-None, so its audit row lists every value set."""
    snap = Snapshot()
    snap.raw = {}
    if instance is None:
        return snap
    adding = instance._state.adding or instance.pk is None
    for field in _fields(instance, fields):
        raw, shown = (None, None) if adding else _field_value(instance, field)
        snap[field.name] = shown
        snap.raw[field.name] = raw
    return snap


def stored_snapshot(instance: models.Model | None, fields: Iterable[str] | None = None) -> Snapshot:
    """`snapshot` of the row as stored, read again with its related rows in one query: for services whose
    caller may already have changed the instance in memory (a ModelForm's is_valid() does). A row not yet
    stored snapshots as all-None."""
    if instance is None or instance.pk is None or instance._state.adding:
        return snapshot(None)
    related = [f.name for f in _fields(instance, fields) if f.is_relation]
    stored = type(instance)._base_manager.select_related(*related).filter(pk=instance.pk).first()
    return snapshot(stored, fields)


def changes_since(instance: models.Model, before: Snapshot | dict) -> dict[str, list[Any]]:
    """{field: [before, after]} of the snapshotted fields whose value changed; `before={}` (a new row):
    every value set."""
    raw = getattr(before, "raw", before)
    after = snapshot(instance, list(before) or None)
    changes = {}
    for name, shown in after.items():
        old = before.get(name)
        if old in (None, "") and shown in (None, ""):
            continue
        if name not in before or raw.get(name) != after.raw.get(name):
            changes[name] = [old, shown]
    return changes


# --------------------------------------------------------------------------- the writer


def write_event(
    *,
    actor: Any,
    action: str,
    instance: models.Model | None = None,
    instansi_id: int | None = None,
    data: dict[str, Any] | None = None,
    before: Snapshot | dict | None = None,
    changes: dict[str, list[Any]] | None = None,
) -> AuditEvent:
    """One audit row. `before` (a `snapshot` taken before the change) adds the fields that changed;
    `changes` adds computed ones (e.g. the levels of an assessment) in the same {field: [before, after]} form."""
    if instansi_id is None and instance is not None:
        instansi_id = getattr(instance, "instansi_id", None)
    if instansi_id is None:  # written during one instansi's request or task: it belongs there (and RLS says so)
        instansi_id = rls.current_instansi()
    found: dict[str, list[Any]] = {}
    if before is not None and instance is not None:
        found = changes_since(instance, before)
    if changes:
        found.update({k: [readable(b), readable(a)] for k, (b, a) in changes.items()})
    ctx = current_context()
    return AuditEvent.objects.create(
        instansi_id=instansi_id,
        actor_id=getattr(actor, "pk", None),
        action=action[:60],
        object_type=instance._meta.label_lower if instance is not None else "",
        object_id=str(instance.pk) if instance is not None else "",
        object_repr=str(instance)[:200] if instance is not None else "",
        data=readable(data or {}),
        changes=found,
        request_id=ctx.request_id[:64],
        ip_address=ctx.ip_address,
    )


class CountedRows:
    """Wraps the rows an export writes, so the log can say how many left without a second query."""

    def __init__(self, rows: Iterable[Any]):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _field_label(object_type: str, name: str) -> str:
    """The verbose name of a model field ("unit_kerja" → "unit kerja"); other keys (a level, an
    attendance mark) are already written for people."""
    app_label, _dot, model_name = object_type.partition(".")
    try:
        model = django_apps.get_model(app_label, model_name) if model_name else None
        return str(model._meta.get_field(name).verbose_name) if model else name
    except (LookupError, ValueError, FieldDoesNotExist):
        return name


def shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return str(translation.gettext("Ya"))
    if value is False:
        return str(translation.gettext("Tidak"))
    return str(value)


def change_rows(event: AuditEvent) -> list[tuple[str, str, str]]:
    """(field label, before, after) of an event's changes, for the page and the export."""
    return [
        (_field_label(event.object_type, name), shown(values[0]), shown(values[1]))
        for name, values in (event.changes or {}).items()
        if isinstance(values, list | tuple) and len(values) == 2
    ]
