"""Fetch-by-id for mentoring rows: missing and not-yours are both 404 (style.md §3). Action checks
answer 403 only to someone who can already see the row."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.core.roles import ADMINS
from apps.mentoring import selectors
from apps.mentoring.models import (
    MentoringGoal,
    MentoringPair,
    MentoringProgram,
    MentoringSession,
    ProjectAssignment,
    ProjectReport,
)
from apps.mentoring.workflow import project_relations

logger = logging.getLogger("apps.access")


def _missing(kind: str, pk: int, user: Any) -> Http404:
    logger.warning("access.denied object=%s pk=%s user=%s", kind, pk, user.pk)
    return Http404()


def get_program_for_user(user: Any, pk: int) -> MentoringProgram:
    program = selectors.programs_visible_to(user).filter(pk=pk).first()
    if program is None:
        raise _missing("mentoring_program", pk, user)
    return program


def get_pair_for_user(user: Any, pk: int) -> MentoringPair:
    pair = selectors.pairs_visible_to(user).filter(pk=pk).first()
    if pair is None:
        raise _missing("mentoring_pair", pk, user)
    return pair


def is_pair_admin(user: Any, pair: MentoringPair) -> bool:
    return user.has_any_role(ADMINS) and user.instansi_id in (None, pair.instansi_id)


def is_pair_mentor(user: Any, pair: MentoringPair) -> bool:
    return pair.mentor.pegawai.user_id == user.pk


def is_pair_mentee(user: Any, pair: MentoringPair) -> bool:
    return pair.mentee.pegawai.user_id == user.pk


def get_pair_as_mentor(user: Any, pk: int) -> MentoringPair:
    pair = get_pair_for_user(user, pk)
    if not is_pair_mentor(user, pair):
        raise PermissionDenied
    return pair


def get_pair_as_mentee(user: Any, pk: int) -> MentoringPair:
    pair = get_pair_for_user(user, pk)
    if not is_pair_mentee(user, pair):
        raise PermissionDenied
    return pair


def get_pair_as_party(user: Any, pk: int) -> MentoringPair:
    """Mentor or mentee of the pair (goals are agreed between the two)."""
    pair = get_pair_for_user(user, pk)
    if not (is_pair_mentor(user, pair) or is_pair_mentee(user, pair)):
        raise PermissionDenied
    return pair


def get_pair_to_manage(user: Any, pk: int) -> MentoringPair:
    pair = get_pair_for_user(user, pk)
    if not is_pair_admin(user, pair):
        raise PermissionDenied
    return pair


def get_goal_for_user(user: Any, pk: int) -> MentoringGoal:
    goal = selectors.goals_visible_to(user).filter(pk=pk).first()
    if goal is None:
        raise _missing("mentoring_goal", pk, user)
    return goal


def get_session_for_user(user: Any, pk: int) -> MentoringSession:
    session = selectors.sessions_visible_to(user).filter(pk=pk).first()
    if session is None:
        raise _missing("mentoring_session", pk, user)
    return session


def get_session_to_confirm(user: Any, pk: int) -> MentoringSession:
    session = get_session_for_user(user, pk)
    if session.pair.mentee.pegawai.user_id != user.pk:
        raise PermissionDenied
    return session


def get_project_for_user(user: Any, pk: int) -> ProjectAssignment:
    project = selectors.projects_visible_to(user).filter(pk=pk).first()
    if project is None:
        raise _missing("project_assignment", pk, user)
    return project


def get_project_with(user: Any, pk: int, *relations: str) -> ProjectAssignment:
    """The project if the user has one of `relations` to it (owner, supervisor, definer, admin)."""
    project = get_project_for_user(user, pk)
    if not (project_relations(user, project) & set(relations)):
        raise PermissionDenied
    return project


def get_project_report_file_for_user(user: Any, project_pk: int, report_pk: int) -> ProjectReport:
    """A progress report's result file, for whoever may see the project; no file is 404 too."""
    project = get_project_for_user(user, project_pk)
    report = project.reports.exclude(file="").filter(pk=report_pk).first()
    if report is None:
        raise _missing("project_report", report_pk, user)
    return report
