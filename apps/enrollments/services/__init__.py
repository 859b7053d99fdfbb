"""Enrolments, seats, attendance, completion, the JP ledger and certificates.

Rules (domain.md §6, §8, §12 rules 14–23):
- One active request per pegawai per angkatan (DB constraint `enrollment_one_active`).
- Status changes only through workflow._transition (one EnrollmentEvent each, notice after commit).
- Only the pegawai's *current* atasan approves; nobody approves, verifies or nominates-and-verifies
  their own request (rule 22). A batch without atasan approval (or a pegawai without an atasan)
  skips that step, recorded as its own event.
- Eligibility (jenis jabatan, employment type, golongan range) is checked at request and again at
  verification (rule 21).
- A PPPK request that would pass 24 JP in the contract year needs a BKPSDM override with a reason
  at verification (rule 19).
- Overlapping batches: a warning at request, a block when a seat would be given (rule 20).
- Seats: lock Angkatan, then Enrollment (then Pegawai); the seat counter moves by a conditional
  UPDATE and `angkatan_seats_le_total` is the backstop. A freed seat goes to the first on the
  waitlist (by waitlisted_at, id) who has no overlapping seat.
- JP are booked only on completion, once per activity (`jp_ledger_unique_source`, rule 17), with
  the conversion-rule version kept (rule 16), to the year of the completion day in the instansi's
  time zone (PPPK: contract year, rule 14).
- Attendance (code, checkboxes, import) is recorded only once the session's day has come in the
  instansi's time zone (`session_has_started`).
- A credit is never edited or deleted; a revoked certificate withdraws its JP by a reversing entry
  (negative, linked one-to-one to the credit, same year and day) in the revocation's transaction.
- Completion (domain.md §8): attendance ≥ the threshold and, where a post-test exists (evaluations
  registers the check, post_tests.py), a score ≥ the passing score; the L2 post-test score is recorded
  as the final score while the decision is open.
- Reminders to pegawai without training this year: one notice (and e-mail) per pegawai and one per
  atasan per round, keyed by the round, so a repeated job sends nothing twice; nominations from that
  list go through the bulk nomination, i.e. enrollment_nominate per person.
- Certificate numbers come from a locked per-instansi-per-year counter (rule 23); verification
  codes are random.
- Imported training history (riwayat diklat, the SIASN-style exchange file) is credited as HISTORY with a
  reference derived from NIP, title, dates and certificate number, so a file imported twice credits once;
  rows that are already the instansi's own credits (same certificate number, or same title and dates) are
  skipped, never credited again.
"""

from apps.enrollments.eligibility import eligibility_problems
from apps.enrollments.services.attendance import (
    CODE_ALPHABET,
    attendance_code_create,
    attendance_code_enter,
    attendance_import_rows,
    attendance_record_by_nip,
    attendance_save,
)
from apps.enrollments.services.certificates import (
    certificate_issue,
    certificate_pdf_ensure,
    certificate_revoke,
    certificates_issue_for_angkatan,
)
from apps.enrollments.services.common import _create, local_today, pppk_limit_exceeded, session_has_started
from apps.enrollments.services.completion import (
    angkatan_complete,
    completion_rule_save,
    jp_for_activity,
    jp_for_angkatan,
    jp_shortfall_to_needs,
    jp_shortfall_year_end,
    ledger_credit,
    ledger_reverse,
    post_test_score_record,
)
from apps.enrollments.services.exports import certificate_for_download, jp_history_workbook, untrained_workbook
from apps.enrollments.services.external import external_decide, external_report
from apps.enrollments.services.history import HistoryCredit, history_import_rows, history_source_ref, title_key
from apps.enrollments.services.invitations import (
    INVITE_SYNC_LIMIT,
    training_invitations_send,
    training_invitations_start,
)
from apps.enrollments.services.nominations import (
    BULK_SYNC_LIMIT,
    bulk_nominate_mark_failed,
    bulk_nominate_run,
    bulk_nominate_start,
)
from apps.enrollments.services.notifications import (
    REMINDER_DAYS,
    atasan_digest_send,
    batch_reminders_send,
    enrollment_notice_send,
    notification_email_send,
    notifications_mark_read,
    notify,
)
from apps.enrollments.services.requests import (
    enrollment_approve,
    enrollment_cancel,
    enrollment_nominate,
    enrollment_reject,
    enrollment_request,
    enrollment_request_for,
    enrollment_verify,
)
from apps.enrollments.services.seats import waitlist_fill

__all__ = [
    "certificate_for_download",
    "jp_history_workbook",
    "untrained_workbook",
    "BULK_SYNC_LIMIT",
    "CODE_ALPHABET",
    "INVITE_SYNC_LIMIT",
    "REMINDER_DAYS",
    "_create",
    "angkatan_complete",
    "atasan_digest_send",
    "attendance_code_create",
    "attendance_code_enter",
    "attendance_import_rows",
    "attendance_record_by_nip",
    "attendance_save",
    "batch_reminders_send",
    "bulk_nominate_mark_failed",
    "bulk_nominate_run",
    "bulk_nominate_start",
    "certificate_issue",
    "certificate_pdf_ensure",
    "certificate_revoke",
    "certificates_issue_for_angkatan",
    "completion_rule_save",
    "eligibility_problems",
    "enrollment_approve",
    "enrollment_cancel",
    "enrollment_nominate",
    "enrollment_notice_send",
    "enrollment_reject",
    "enrollment_request",
    "enrollment_request_for",
    "enrollment_verify",
    "external_decide",
    "external_report",
    "HistoryCredit",
    "history_import_rows",
    "history_source_ref",
    "title_key",
    "jp_for_activity",
    "jp_for_angkatan",
    "jp_shortfall_to_needs",
    "jp_shortfall_year_end",
    "ledger_credit",
    "ledger_reverse",
    "local_today",
    "notification_email_send",
    "notifications_mark_read",
    "notify",
    "post_test_score_record",
    "pppk_limit_exceeded",
    "session_has_started",
    "training_invitations_send",
    "training_invitations_start",
    "waitlist_fill",
]
