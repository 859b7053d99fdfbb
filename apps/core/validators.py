"""Validators shared by forms and importers: one rule, one message, wherever the text comes from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.imports import looks_like_formula

# The importer (apps/core/imports.formula_errors) and every form say the same thing.
FORMULA_MESSAGE = _("Isi sel tampak seperti rumus spreadsheet; ketik sebagai teks biasa.")


def reject_formula(value: Any) -> None:
    """Text a spreadsheet would run as a formula (=HYPERLINK(…), @SUM, +cmd…) is refused: it would come
    back live in the next XLSX export. A phone number such as +62 812-3456 is not a formula."""
    if looks_like_formula(value):
        raise ValidationError(FORMULA_MESSAGE, code="formula")


class NoFormulaMixin:
    """For forms whose text ends up in exports: every free-text field refuses formula-like input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field) in (forms.CharField,) and reject_formula not in field.validators:
                field.validators.append(reject_formula)
