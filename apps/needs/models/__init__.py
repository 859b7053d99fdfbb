"""Assessments, JPM reference data and (later) needs, plans and IDP (domain.md §5, §7; rules 7–13)."""

from apps.needs.models.assessments import (
    DEFAULT_PRIORITY,
    LEVEL_CHOICES,
    Assessment,
    AssessmentMethod,
    AssessmentScore,
    JpmPolicy,
    JpmScale,
    JpmThreshold,
)
from apps.needs.models.idp import ActivityStatus, IdpActivity, IdpEvent, IdpGoal, IdpStatus, IndividualDevelopmentPlan
from apps.needs.models.inventory import NeedsItem, NeedsSource, NeedsStatus
from apps.needs.models.performance import BELOW_BAIK, PERFORMANCE_GAP, Ekspektasi, PerformanceRecord, Predikat
from apps.needs.models.plans import (
    SCHEDULE_MONTHS,
    SCHEDULE_QUARTERS,
    DevelopmentPlan,
    PlanEvent,
    PlanItem,
    PlanStatus,
    _form_matches_path,
)
from apps.needs.models.surveys import Constraint, FgdSession, Modality, NeedsSurvey, SurveyResponse

__all__ = [
    "ActivityStatus",
    "Assessment",
    "AssessmentMethod",
    "AssessmentScore",
    "BELOW_BAIK",
    "Constraint",
    "DEFAULT_PRIORITY",
    "DevelopmentPlan",
    "Ekspektasi",
    "FgdSession",
    "IdpActivity",
    "IdpEvent",
    "IdpGoal",
    "IdpStatus",
    "IndividualDevelopmentPlan",
    "JpmPolicy",
    "JpmScale",
    "JpmThreshold",
    "LEVEL_CHOICES",
    "Modality",
    "NeedsItem",
    "NeedsSource",
    "NeedsStatus",
    "NeedsSurvey",
    "PERFORMANCE_GAP",
    "PerformanceRecord",
    "PlanEvent",
    "PlanItem",
    "PlanStatus",
    "Predikat",
    "SCHEDULE_MONTHS",
    "SCHEDULE_QUARTERS",
    "SurveyResponse",
    "_form_matches_path",
]
