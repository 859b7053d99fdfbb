"""Evaluation writes. Rules:
- a questionnaire copies its template's questions; questions change only while it is a draft;
- the shipped pre/post test of a batch is drafted from the batch's programme (an item per module and per
  target competency; the generic bank only when it has neither); the batch's other phase is copied when it
  exists and edits reach it while it is a draft, so pre and post ask the same; a test opens only when every
  choice item has two options and an answer key;
- an SKM questionnaire belongs to a service unit, is always anonymous and gets a public token;
- an invitation is answered at most once: an AnsweredMarker keyed by HMAC(secret, salt, invitation)
  closes it. Anonymous responses store no respondent, no invitation and only the day, and no audit
  row names the respondent, so no page or export can trace an answer back (design: anonymity);
- a response is saved whole or not at all (one transaction, invitation row locked);
- SKM responses are `complete` only with U1–U9 answered 1–4 (rule 26); L2 responses are scored 0–100;
- L3 follow-ups are created at completion + the instansi's configured months (rule 25) and
  reminded until answered or closed."""

from apps.evaluations.errors import AlreadyAnswered, EvaluationError, SurveyClosed
from apps.evaluations.services.actions import (
    action_create,
    action_create_needs,
    action_link_next_program,
    action_update,
)
from apps.evaluations.services.markers import answered_invitation_ids, marker_key, pending_invitations, pending_split
from apps.evaluations.services.policy import months_before, policy_for
from apps.evaluations.services.questionnaires import (
    TARGET_OF_LEVEL,
    invitations_sync,
    invitations_sync_open,
    question_add,
    question_delete,
    question_update,
    questionnaire_close,
    questionnaire_create,
    questionnaire_open,
)
from apps.evaluations.services.responses import response_submit
from apps.evaluations.services.sending import close_expired, invitations_send, reminders_send, schedule_followups

__all__ = [
    "AlreadyAnswered",
    "EvaluationError",
    "SurveyClosed",
    "TARGET_OF_LEVEL",
    "action_create",
    "action_create_needs",
    "action_link_next_program",
    "action_update",
    "answered_invitation_ids",
    "close_expired",
    "invitations_send",
    "invitations_sync",
    "invitations_sync_open",
    "marker_key",
    "months_before",
    "pending_invitations",
    "pending_split",
    "policy_for",
    "question_add",
    "question_delete",
    "question_update",
    "questionnaire_close",
    "questionnaire_create",
    "questionnaire_open",
    "reminders_send",
    "response_submit",
    "schedule_followups",
]
