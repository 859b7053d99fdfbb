"""Fetch-by-id for needs pages: missing and not-yours are both 404 (and logged)."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.core.roles import ADMINS, BKPSDM
from apps.employees.access import get_pegawai_for_user
from apps.employees.models import Pegawai
from apps.employees.selectors import team_of
from apps.needs.selectors import (
    fgd_visible_to,
    idp_goals_of,
    idps_visible_to,
    needs_visible_to,
    performance_visible_to,
    plan_items_of,
    plans_visible_to,
    surveys_visible_to,
)

logger = logging.getLogger("apps.access")


def get_pegawai_gap_for_user(user: Any, pk: int) -> Pegawai:
    """The pegawai themself, their atasan and admins of the instansi see a pegawai's gap."""
    return get_pegawai_for_user(user, pk)


def get_team_member_to_assess(user: Any, pk: int) -> Pegawai:
    """Only a direct report can be assessed by an atasan; anyone else answers 404."""
    pegawai = team_of(user).filter(pk=pk).first()
    if pegawai is None:
        logger.warning("access.denied object=assess_team pk=%s user=%s", pk, user.pk)
        raise Http404
    return pegawai


def get_pegawai_for_admin_assessment(user: Any, pk: int) -> Pegawai:
    if not user.has_any_role(ADMINS) or user.instansi_id is None:
        raise Http404
    return get_pegawai_for_user(user, pk)


def get_performance_for_user(user: Any, pk: int):

    record = performance_visible_to(user).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def get_survey_for_user(user: Any, pk: int):

    survey = surveys_visible_to(user).filter(pk=pk).first()
    if survey is None:
        raise Http404
    return survey


def get_survey_to_manage(user: Any, pk: int):
    if not user.has_any_role(ADMINS):
        raise Http404
    return get_survey_for_user(user, pk)


def get_fgd_for_user(user: Any, pk: int):

    fgd = fgd_visible_to(user).filter(pk=pk).first()
    if fgd is None:
        raise Http404
    return fgd


def can_draw_needs_from_fgd(user: Any) -> bool:
    """Turning FGD findings into needs items is the BKPSDM's own act; the platform operator only reads."""
    return user.has_any_role(BKPSDM) and user.instansi_id is not None


def get_fgd_to_draw_needs(user: Any, pk: int):
    fgd = get_fgd_for_user(user, pk)  # another instansi's FGD: 404 before anything else
    if not can_draw_needs_from_fgd(user):
        raise PermissionDenied
    return fgd


def get_needs_for_user(user: Any, pk: int):

    item = needs_visible_to(user).filter(pk=pk).first()
    if item is None:
        logger.warning("access.denied object=needs_item pk=%s user=%s", pk, user.pk)
        raise Http404
    return item


def get_plan_for_user(user: Any, pk: int):

    plan = plans_visible_to(user).filter(pk=pk).first()
    if plan is None:
        logger.warning("access.denied object=plan pk=%s user=%s", pk, user.pk)
        raise Http404
    return plan


def get_plan_item_for_user(user: Any, plan_pk: int, pk: int):

    plan = get_plan_for_user(user, plan_pk)
    item = plan_items_of(plan).filter(pk=pk).first()
    if item is None:
        raise Http404
    return plan, item


def get_idp_for_user(user: Any, pk: int):

    idp = idps_visible_to(user).filter(pk=pk).first()
    if idp is None:
        logger.warning("access.denied object=idp pk=%s user=%s", pk, user.pk)
        raise Http404
    return idp


def get_idp_activity_for_user(user: Any, pk: int, activity_pk: int):
    """An activity of an IDP the user may open; an activity of another IDP is 404."""

    idp = get_idp_for_user(user, pk)
    activity = next((a for g in idp_goals_of(idp) for a in g.activities.all() if a.pk == activity_pk), None)
    if activity is None:
        logger.warning("access.denied object=idp_activity pk=%s user=%s", activity_pk, user.pk)
        raise Http404
    return idp, activity
