import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.widgets import FastSelect, use_fast_selects


class BootstrapFilterSet(django_filters.FilterSet):
    """FilterSet whose widgets carry Bootstrap classes and Indonesian "all" choices, so every
    filter form looks and reads the same.

    `instansi_wide_choices` names the dropdowns whose choices are the same for every user of an instansi
    with the same roles (its units, its jabatan): their markup is kept as a cached figure of the instansi,
    since a province's 400 units and 1,250 jabatan cost tens of milliseconds to render."""

    instansi_wide_choices: tuple[str, ...] = ()

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
        user = getattr(getattr(self, "request", None), "user", None)
        if self.instansi_wide_choices and user is not None and user.instansi_id is not None:
            roles = ",".join(sorted(user.roles))
            for name in self.instansi_wide_choices:
                widget = self.form.fields[name].widget
                if isinstance(widget, FastSelect):
                    widget.figures_key = (f"select.{type(self).__name__}.{name}.{roles}", user.instansi_id)
