import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.widgets import use_fast_selects


class BootstrapFilterSet(django_filters.FilterSet):
    """FilterSet whose widgets carry Bootstrap classes and Indonesian "all" choices, so every
    filter form looks and reads the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.NullBooleanSelect):
                widget.choices = [("unknown", _("Semua")), ("true", _("Ya")), ("false", _("Tidak"))]
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if getattr(field, "empty_label", None) is not None:
                field.empty_label = _("Semua")
        use_fast_selects(self.form.fields)
