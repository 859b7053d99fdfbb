"""Submit a form page as the browser would: every field of the page's forms and row editors with the
value it shows (checkboxes only when ticked), so a test changes just the fields it is about."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms


def _add(bound_form: forms.BaseForm, post: dict[str, Any]) -> None:
    for field in bound_form:
        value = field.value()
        if getattr(field.field.widget, "allow_multiple_selected", False):
            post[field.html_name] = [str(v) for v in value or []]
        elif isinstance(value, bool):
            if value:
                post[field.html_name] = "on"
        elif value is None:
            post[field.html_name] = ""
        elif isinstance(value, datetime.time):
            post[field.html_name] = value.strftime("%H:%M")
        else:
            post[field.html_name] = str(value)


def page_post(resp, *names: str) -> dict[str, Any]:
    """The forms and formsets named (context keys) of a GET response, as a POST dict."""
    post: dict[str, Any] = {}
    for name in names:
        item = resp.context[name]
        if isinstance(item, forms.BaseFormSet):
            _add(item.management_form, post)
            for row in item:
                _add(row, post)
        else:
            _add(item, post)
    return post
