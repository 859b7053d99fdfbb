"""Needs writes. Rules (domain.md §5, §7; rules 7–13):
- an assessment records one integer level 1–5 per competency of the SKJ in force for the pegawai's jabatan on
  its date; the SKJ is snapshotted in the scores (required_level), so later SKJ edits never change it;
- self-assessment only by the pegawai themself, atasan assessment only by the direct atasan, assessment
  centre / uji kompetensi / 360 results only by admins; nobody assesses a future date;
- the JPM is computed by apps/needs/jpm.py with the policy and thresholds in force on the assessment date and
  stored with that rule version; a missing level makes it incomplete (never zero);
- every write is audited."""

from apps.needs.errors import NeedsError
from apps.needs.services.assessments import ADMIN_METHODS, assessment_import, assessment_record, compute_jpm
from apps.needs.services.exports import gap_list_workbook
from apps.needs.services.idp import (
    MAX_GOALS,
    idp_activities_complete_for_program,
    idp_activity_add,
    idp_activity_progress,
    idp_create,
    idp_decide,
    idp_goal_add,
    idp_submit,
)
from apps.needs.services.inventory import (
    JP_SHORTFALL_COMPETENCY,
    needs_close,
    needs_from_fgd,
    needs_from_fgd_finding,
    needs_from_jp_shortfall,
    needs_from_survey,
    needs_generate,
    needs_save,
)
from apps.needs.services.performance import performance_save
from apps.needs.services.plans import (
    plan_approve,
    plan_create,
    plan_item_delete,
    plan_item_save,
    plan_new_version,
    plan_return,
    plan_submit,
    plan_update,
)
from apps.needs.services.surveys import fgd_save, survey_answer, survey_save

__all__ = [
    "gap_list_workbook",
    "ADMIN_METHODS",
    "JP_SHORTFALL_COMPETENCY",
    "MAX_GOALS",
    "NeedsError",
    "assessment_import",
    "assessment_record",
    "compute_jpm",
    "fgd_save",
    "idp_activities_complete_for_program",
    "idp_activity_add",
    "idp_activity_progress",
    "idp_create",
    "idp_decide",
    "idp_goal_add",
    "idp_submit",
    "needs_close",
    "needs_from_fgd",
    "needs_from_fgd_finding",
    "needs_from_jp_shortfall",
    "needs_from_survey",
    "needs_generate",
    "needs_save",
    "performance_save",
    "plan_approve",
    "plan_create",
    "plan_item_delete",
    "plan_item_save",
    "plan_new_version",
    "plan_return",
    "plan_submit",
    "plan_update",
    "survey_answer",
    "survey_save",
]
