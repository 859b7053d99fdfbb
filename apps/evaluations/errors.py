"""Domain errors of questionnaires and evaluations, each with a stable code and an Indonesian message."""

from __future__ import annotations

from apps.core.exceptions import DomainError


class EvaluationError(DomainError):
    default_code = "evaluation.invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


class AlreadyAnswered(EvaluationError):
    default_code = "evaluation.already_answered"


class SurveyClosed(EvaluationError):
    default_code = "evaluation.closed"
