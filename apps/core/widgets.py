"""Widgets that stay fast with long choice lists."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from apps.core import figures


class FastSelect(forms.Select):
    """The markup of forms.Select, built in Python. Django renders a template per <option>, which
    makes a 1,500-jabatan or 400-unit dropdown cost over a second per page."""

    #: (figure name, instansi id) when the choices are the same for everyone of that instansi who sees the
    #: form: the rendered markup is then a cached figure (apps/core/figures.py), rebuilt after a change.
    figures_key: tuple[str, int] | None = None

    def render(self, name, value, attrs=None, renderer=None):
        if self.figures_key is None:
            return self._render(name, value, attrs)
        key, instansi_id = self.figures_key
        return figures.cached(
            key,
            instansi_id,
            lambda: self._render(name, value, attrs),
            vary=(name, str(value), sorted((attrs or {}).items())),
        )

    def _render(self, name, value, attrs):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>', option["value"], flatatt(option["attrs"]), option["label"]
                )
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        # Every part above is escaped by format_html, so the joined markup is safe (ruff S308, bandit B703).
        return mark_safe("".join(parts))  # noqa: S308  # nosec B703


def use_fast_selects(fields) -> None:
    """Swap plain Select widgets of a form's fields for FastSelect, keeping attrs and choices."""
    for field in fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            fast = FastSelect(attrs=widget.attrs)
            fast.choices = widget.choices
            fast.is_required = widget.is_required
            field.widget = fast
