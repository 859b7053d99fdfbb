"""Mentoring, coaching and project-assignment writes.

Rules (domain.md §6, §7, §12 rules 14–17; issue 7):
- A programme pins the JP conversion-rule version (coaching or mentoring) in force on its start date,
  instansi override first; JP per session and the monthly cap per pair come from that row, never from
  code. The planned sessions per month may not exceed the rule's monthly cap.
- Mentees are newcomers (CPNS, or PPPK/PNS in the first year since TMT) or pegawai with a gap.
- A mentee has at most one open pair per programme (DB constraint `mpair_one_open_per_mentee`); a
  mentor never has more open pairs than their capacity (checked under a lock on the mentor row).
  Locks: ProgramMentor, then ProgramMentee, then MentoringPair.
- Pair status moves only through workflow.pair_transition (one PairEvent each, notice after commit);
  reassigning ends the old pair as "reassigned" and starts a new one, in one transaction.
- Sessions: logged by the mentor of an active pair, dated within the programme and pair period and
  not in the future (instansi time zone), duration > 0. The mentee confirms (or disputes). On
  confirmation JP are credited to the mentee through the enrollments ledger (source
  "mentoring-session:<id>", rule 17; the rule version kept, rule 16) to the year of the session day
  (rule 14), unless the pair already earned the monthly cap of sessions that month (rule 15): then the
  session stays logged with 0 JP and `jp_note` says why.
- Projects: defined by an admin or the pegawai's atasan; status moves only through
  workflow.project_transition; the assigned pegawai reports progress; the named supervisor assesses
  and records competency evidence. An assessed project earns JP once (source "mentoring-project:<id>")
  by the rule version in force for a completed assignment (PROJECT_JP_FORM), in the assessment's
  transaction; the "assessed" notice tells the pegawai how many.
"""

from apps.mentoring.errors import MentoringError
from apps.mentoring.services.common import local_today
from apps.mentoring.services.goals import goal_agree, goal_save, goal_set_status
from apps.mentoring.services.notifications import (
    PAIR_TITLES,
    PROJECT_TITLES,
    pair_event_notify,
    project_event_notify,
    session_notify,
    stale_pairs_remind,
)
from apps.mentoring.services.pairs import pair_confirm, pair_end, pair_match, pair_rate_program, pair_reassign
from apps.mentoring.services.programmes import (
    is_newcomer,
    jp_rule_for_program,
    mentee_enrol,
    mentor_enrol,
    monthly_session_cap,
    program_save,
)
from apps.mentoring.services.projects import project_assess, project_report_add, project_save, skj_required_ids
from apps.mentoring.services.sessions import cap_message, session_confirm, session_dispute, session_log
from apps.mentoring.workflow import project_transition

__all__ = [
    "MentoringError",
    "PAIR_TITLES",
    "PROJECT_TITLES",
    "cap_message",
    "goal_agree",
    "goal_save",
    "goal_set_status",
    "is_newcomer",
    "jp_rule_for_program",
    "local_today",
    "mentee_enrol",
    "mentor_enrol",
    "monthly_session_cap",
    "pair_confirm",
    "pair_end",
    "pair_event_notify",
    "pair_match",
    "pair_rate_program",
    "pair_reassign",
    "program_save",
    "project_assess",
    "project_event_notify",
    "project_report_add",
    "project_save",
    "project_transition",
    "session_confirm",
    "session_dispute",
    "session_log",
    "session_notify",
    "skj_required_ids",
    "stale_pairs_remind",
]
