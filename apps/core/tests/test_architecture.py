"""Cross-cutting rules have one home (issue 22). These tests read the source, so a new scoping helper,
a role spelled as a string or a hand-made state machine outside core fails the suite."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from apps.core.roles import Role

APPS = Path(__file__).resolve().parents[2]
ROLE_VALUES = {r.value for r in Role}
ROLE_CALLS = {"has_role", "has_any_role", "roles_required"}


def source_modules():
    for path in sorted(APPS.rglob("*.py")):
        rel = path.relative_to(APPS.parent).as_posix()
        if "/tests/" in rel or "/migrations/" in rel or rel.endswith("conftest.py"):
            continue
        yield rel, ast.parse(path.read_text(), filename=rel)


MODULES = list(source_modules())


def _role_literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ROLE_VALUES


def role_literals(tree: ast.AST) -> list[int]:
    """Lines where a role is spelled as a string: an argument of a role check, a `role=`/`roles=` keyword,
    a comparison with `.role`, or a set/tuple/list made only of role names."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in ROLE_CALLS:
                found += [a.lineno for a in ast.walk(node) if _role_literal(a)]
            found += [k.value.lineno for k in node.keywords if k.arg in ("role", "roles") and _role_literal(k.value)]
        elif isinstance(node, (ast.Set, ast.Tuple, ast.List)) and node.elts and all(map(_role_literal, node.elts)):
            found.append(node.lineno)
        elif isinstance(node, ast.Compare) and any(
            isinstance(side, ast.Attribute) and side.attr == "role" for side in [node.left, *node.comparators]
        ):
            found += [c.lineno for c in [node.left, *node.comparators] if _role_literal(c)]
    return sorted(set(found))


def test_no_role_is_spelled_as_a_string_outside_core_roles():
    offenders = {rel: lines for rel, tree in MODULES if rel != "apps/core/roles.py" and (lines := role_literals(tree))}
    assert offenders == {}, "use apps.core.roles (Role, ADMINS, …) instead of role strings"


def test_the_checker_sees_role_strings():
    tree = ast.parse('u.has_any_role(("admin_bkpsdm", "superadmin"))\nx = {"mentor"}\nM(role="employee")\n')
    assert role_literals(tree) == [1, 2, 3]
    assert role_literals(ast.parse('qs.select_related("pegawai", "supervisor")')) == []


SCOPE_BY_HAND = re.compile(
    r"has_role\((Role\.SUPERADMIN|'superadmin')\) and \w+\.instansi_id is None"
    r"|\w+\.instansi_id is None and \w+\.has_role\((Role\.SUPERADMIN|'superadmin')\)"
)


def _scopes_by_hand(func: ast.FunctionDef) -> bool:
    """The superadmin-sees-all rule written out instead of `sees_all_instansi(user)`."""
    return bool(SCOPE_BY_HAND.search(ast.unparse(func)))


def test_tenant_scoping_lives_only_in_core_tenancy():
    offenders = []
    for rel, tree in MODULES:
        if rel == "apps/core/tenancy.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and (
                node.name in {"_scope", "_tenant", "_scoped", "_instansi_scope", "_all_instansi"}
                or _scopes_by_hand(node)
            ):
                offenders.append(f"{rel}:{node.lineno} {node.name}")
    assert offenders == [], "scope with apps.core.tenancy.scope / sees_all_instansi"


def test_state_machines_live_only_in_core_workflow():
    """No module writes a transition event or reads a transition table by hand: workflows hand their
    table to apps.core.workflow.StateMachine."""
    offenders = []
    for rel, tree in MODULES:
        if rel == "apps/core/workflow.py":
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "create"
                and {"from_status", "to_status"} <= {k.arg for k in node.keywords}
            ):
                offenders.append(f"{rel}:{node.lineno} writes an event by hand")
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "get"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id.endswith("TRANSITIONS")
            ):
                offenders.append(f"{rel}:{node.lineno} reads a transition table by hand")
    assert offenders == []


@pytest.mark.parametrize("name", ["workflow", "services", "selectors", "access", "models"])
def test_no_workflow_imports_a_tasks_module(name):
    """Notices are queued by task name (apps.core.jobs.enqueue), so rules never import tasks."""
    offenders = []
    for rel, tree in MODULES:
        if not _module_of(rel, name):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith(".tasks"):
                offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []


def _module_of(rel: str, name: str) -> bool:
    return rel.endswith(f"/{name}.py") or f"/{name}/" in rel


def test_tasks_call_services_and_never_write_models():
    writes = {"save", "update", "create", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
    offenders = [
        f"{rel}:{node.lineno} .{node.func.attr}()"
        for rel, tree in MODULES
        if _module_of(rel, "tasks")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in writes
    ]
    assert offenders == []


def _length_with_decorators(node: ast.FunctionDef) -> int:
    return node.end_lineno - (node.decorator_list[0].lineno if node.decorator_list else node.lineno) + 1


def test_no_module_over_600_lines_and_no_view_over_30():
    long_modules = [
        (rel, n) for rel, _tree in MODULES if (n := len((APPS.parent / rel).read_text().splitlines())) > 600
    ]
    long_views = [
        f"{rel}:{node.name} {length}"
        for rel, tree in MODULES
        if _module_of(rel, "views") or rel.split("/")[-1].startswith("views_")
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and (length := _length_with_decorators(node)) > 30
    ]
    assert long_modules == [] and long_views == []


def test_project_and_django_imports_are_at_module_level():
    """A function-local import hides a dependency (and the layering) from readers and import-linter. Only the
    heavy optional libraries a web request rarely needs (openpyxl, weasyprint, segno) are imported late."""
    offenders = [
        f"{rel}:{sub.lineno} {sub.module}"
        for rel, tree in MODULES
        if not rel.endswith("/apps.py")  # AppConfig.ready() runs once the registry is ready
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for sub in ast.walk(node)
        if isinstance(sub, ast.ImportFrom) and (sub.module or "").split(".")[0] in {"apps", "django"}
    ]
    assert offenders == []


def test_domain_errors_live_in_each_apps_errors_module():
    offenders = [
        f"{rel}:{node.lineno} {node.name}"
        for rel, tree in MODULES
        if not rel.endswith("/errors.py") and rel != "apps/core/exceptions.py"
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any(getattr(b, "id", getattr(b, "attr", "")).endswith(("Error", "Transition")) for b in node.bases)
    ]
    assert offenders == []
