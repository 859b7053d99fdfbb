"""Row-level security: the database's own guard behind `scope()` (issue 24, defence in depth).

Every table with an `instansi_id` column gets PostgreSQL policies, with RLS enabled and FORCEd:
- `asn_tenant` (SELECT) and `asn_tenant_insert/update/delete`, for the tenant role (settings.DATABASE_TENANT_ROLE,
  a role that owns nothing): a row is readable only when its `instansi_id` equals the connection's
  `app.instansi_id`, or is NULL (the national rows every instansi shares), or is shared by its owner
  (`share_rows`); a row inserted, changed or deleted must be the instansi's own. With no instansi set the tenant
  role sees nothing.
- `asn_owner`, for the role that ran the migrations (the table owner): every row. This is the explicit role of
  the work that spans instansi: migrations, operator commands (imports load with COPY, which RLS does not
  allow), system beat tasks, the superadmin (who decides mutasi between instansi), anonymous public pages
  (login, certificate verification), which are limited by their own lookups.

`tenant_context(instansi_id)` switches the connection to the tenant role with that instansi for the duration of
a block; `RowLevelSecurityMiddleware` wraps each request of a user acting in an instansi, and `celery_task_*`
wrap each task given an `instansi_id`. Both statements are session-level `set_config` (Django runs outside a
transaction between queries, where `SET LOCAL` would not hold), undone on exit, so a persistent connection
never carries one request's instansi into the next.

The policies are (re)applied after every `migrate` (post_migrate), so a new tenant table is covered without
anyone listing it. On SQLite (`make run` without DATABASE_URL) everything here is a no-op."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.urls import Resolver404, resolve

from apps.core.roles import Role

logger = logging.getLogger(__name__)

TENANT_POLICY = "asn_tenant"  # reads
WRITE_POLICIES = ("asn_tenant_insert", "asn_tenant_update", "asn_tenant_delete")
OWNER_POLICY = "asn_owner"
SETTING = "app.instansi_id"

# Rows an instansi may read although another owns them (a shared programme), by table: an SQL condition added
# to the tenant policy's USING by the app that owns the rule (`share_rows`). Writes stay with the owner.
_shared_rows: dict[str, str] = {}

# The instansi the connection is restricted to, per thread/task (None: the owner role, unrestricted).
_current: ContextVar[int | None] = ContextVar("rls_instansi", default=None)


def enabled(using: str = DEFAULT_DB_ALIAS) -> bool:
    return bool(getattr(settings, "ROW_LEVEL_SECURITY", False)) and connections[using].vendor == "postgresql"


def tenant_role() -> str:
    return settings.DATABASE_TENANT_ROLE


def current_instansi() -> int | None:
    return _current.get()


def _apply(instansi_id: int | None, using: str) -> None:
    """Switch the session to the tenant role for `instansi_id`, or back to the login role (None). Runs on the
    driver's cursor: these are connection settings, not the page's queries, and are not counted as such."""
    conn = connections[using]
    conn.ensure_connection()
    with conn.connection.cursor() as cursor:
        if instansi_id is None:
            cursor.execute("SELECT set_config(%s, '', false), set_config('role', 'none', false)", [SETTING])
        else:
            cursor.execute(
                "SELECT set_config(%s, %s, false), set_config('role', %s, false)",
                [SETTING, str(int(instansi_id)), tenant_role()],
            )


@contextlib.contextmanager
def tenant_context(instansi_id: int | None, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Within the block, the database shows and accepts only rows of `instansi_id` (None: unrestricted,
    the owner role). Nested blocks restore the outer one on exit."""
    if not enabled(using):
        yield
        return
    previous = _current.get()
    token = _current.set(instansi_id)
    try:
        if instansi_id != previous:
            _apply(instansi_id, using)
        yield
    finally:
        # Always undone, even when switching failed: a thread (or worker) must never keep a stale instansi.
        _current.reset(token)
        if instansi_id != previous:
            _restore(previous, using)


def _restore(previous: int | None, using: str) -> None:
    try:
        _apply(previous, using)
    except Exception:  # a broken connection must not keep the tenant role: drop it, the next use reconnects
        logger.warning("could not reset the row-level security role; closing the connection", exc_info=True)
        with contextlib.suppress(Exception):
            connections[using].close()


def connection_created(sender: Any, connection: Any, **_: Any) -> None:
    """A new connection inside a tenant block (Celery closes connections before each task; Django reconnects
    after an error) takes the block's tenant role at once: the role belongs to the connection, not the block."""
    instansi_id = _current.get()
    if instansi_id is not None and connection.alias == DEFAULT_DB_ALIAS and enabled(connection.alias):
        with connection.connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config(%s, %s, false), set_config('role', %s, false)",
                [SETTING, str(int(instansi_id)), tenant_role()],
            )


def unrestricted(using: str = DEFAULT_DB_ALIAS) -> contextlib.AbstractContextManager[None]:
    """Explicitly the owner role, inside a tenant block: for the few lookups that span instansi by design."""
    return tenant_context(None, using)


class RowLevelSecurityMiddleware:
    """Each request of a user of an instansi runs under the tenant role with that instansi; the superadmin's
    run under the owner role. Placed after TenantMiddleware, which loads the user and the acting instansi."""

    def __init__(self, get_response: Callable[[Any], Any]):
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        instansi_id = user.instansi_id if authenticated and not user.has_role(Role.SUPERADMIN) else None
        if instansi_id is None or _is_public(request):
            return self.get_response(request)
        with tenant_context(instansi_id):
            response = self.get_response(request)
            # Render a lazy response here, inside the block, so its queries are bound too.
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
            return response


def _is_public(request: Any) -> bool:
    """A page marked `login_not_required` (login, certificate verification, the public SKM survey) answers the
    same to everyone, signed in or not: a certificate of another instansi must verify for a signed-in admin too."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "login_required", True) is False


# --------------------------------------------------------------------------- Celery

_task_contexts: dict[str, contextlib.ExitStack] = {}


def celery_task_started(task_id: str | None = None, kwargs: dict | None = None, **_: Any) -> None:
    instansi_id = (kwargs or {}).get("instansi_id")
    if not isinstance(instansi_id, int) or not task_id:
        return
    stack = contextlib.ExitStack()
    stack.enter_context(tenant_context(instansi_id))
    _task_contexts[task_id] = stack


def celery_task_finished(task_id: str | None = None, **_: Any) -> None:
    stack = _task_contexts.pop(task_id or "", None)
    if stack is not None:
        stack.close()


# --------------------------------------------------------------------------- policies


def share_rows(table: str, condition: str) -> None:
    """Let every instansi read the rows of `table` that match `condition` (SQL on that table's columns)."""
    _shared_rows[table] = condition


def _instansi_column(model: type[Model]) -> Any:
    return next((f for f in model._meta.local_concrete_fields if f.column == "instansi_id"), None)


def tenant_models() -> list[type[Model]]:
    """Every concrete, managed model with an `instansi_id` column."""
    found = []
    for model in django_apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed:
            continue
        if _instansi_column(model) is not None:
            found.append(model)
    return found


def apply_policies(using: str = DEFAULT_DB_ALIAS, **_: Any) -> int:
    """(Re)create the role, its grants and both policies on every tenant table; returns the tables covered."""
    if not enabled(using):
        return 0
    role = tenant_role()
    conn = connections[using]
    # A table whose instansi may be NULL holds national rows every instansi reads.
    tables = {m._meta.db_table: _instansi_column(m).null for m in tenant_models()}
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        # The role is cluster-wide: made once (by a DBA beforehand, where the owner may not create roles); two
        # databases migrated at once may both try to create it.
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(
                f'DO $$ BEGIN CREATE ROLE "{role}" NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$'
            )
        cursor.execute(
            "SELECT rolsuper OR pg_has_role(%s, %s, 'MEMBER') FROM pg_roles WHERE rolname = %s", [owner, role, owner]
        )
        if not cursor.fetchone()[0]:
            cursor.execute(f'GRANT "{role}" TO "{owner}"')
        cursor.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        cursor.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"')
        cursor.execute(f'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
        # A sub-select is computed once per query (an InitPlan), not once per row, and lets the index be used.
        tenant = f"(SELECT NULLIF(current_setting('{SETTING}', true), '')::bigint)"
        for table, shared in sorted(tables.items()):
            visible = f"instansi_id IS NULL OR instansi_id = {tenant}" if shared else f"instansi_id = {tenant}"
            if table in _shared_rows:
                visible += f" OR ({_shared_rows[table]})"
            for name in (TENANT_POLICY, *WRITE_POLICIES, OWNER_POLICY):
                cursor.execute(f'DROP POLICY IF EXISTS {name} ON "{table}"')
            # Reading may reach national and shared rows; writing (and deleting) only the instansi's own.
            cursor.execute(f'CREATE POLICY {TENANT_POLICY} ON "{table}" FOR SELECT TO "{role}" USING ({visible})')
            own = f"instansi_id = {tenant}"
            cursor.execute(f'CREATE POLICY {WRITE_POLICIES[0]} ON "{table}" FOR INSERT TO "{role}" WITH CHECK ({own})')
            update = f'CREATE POLICY {WRITE_POLICIES[1]} ON "{table}" FOR UPDATE TO "{role}"'
            cursor.execute(f"{update} USING ({own}) WITH CHECK ({own})")
            cursor.execute(f'CREATE POLICY {WRITE_POLICIES[2]} ON "{table}" FOR DELETE TO "{role}" USING ({own})')
            cursor.execute(f'CREATE POLICY {OWNER_POLICY} ON "{table}" TO "{owner}" USING (true) WITH CHECK (true)')
            cursor.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
            cursor.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
    return len(tables)
