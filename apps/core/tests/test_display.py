"""Display helpers of core: one rounding for percentages, status histories in words, readable heat-map
swatches."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from apps.core.workflow import machines


def _render(source, **context):
    return Template("{% load core_tags %}" + source).render(Context(context))


def test_percent_rounds_to_one_decimal_in_the_active_language():
    assert _render("{{ v|percent }}", v=Decimal("90.9100000000000")) == "90,9%"
    assert _render("{{ v|percent }}", v=Decimal("75.00")) == "75%"
    assert _render("{{ v|percent }}", v=Decimal("66.66")) == "66,7%"
    assert _render("{{ v|percent }}", v=None) == "—"
    with translation.override("en"):
        assert _render("{{ v|percent_number }}", v=90.91) == "90.9"


def test_every_state_machine_names_its_actions_and_statuses():
    """A status history never shows a code: every action and status of every table has a label."""
    import apps.enrollments.workflow
    import apps.mentoring.workflow
    import apps.needs.workflow  # noqa: F401 - registers their machines

    found = machines()
    assert len(found) >= 5
    for machine in found:
        for (source, action), (target, _who) in machine.transitions.items():
            assert machine.action_label(action) != action, (machine.subject, action)
            assert machine.status_label(source) != source and machine.status_label(target) != target


def _luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("bucket", ["0", "low", "mid", "high"])
def test_heat_swatch_text_has_enough_contrast(bucket):
    css = (Path(settings.BASE_DIR) / "static/css/app.css").read_text()
    background = re.search(rf"\.heat-{bucket} {{ background: (#[0-9a-f]{{6}}); }}", css).group(1)
    text = re.search(r"\.heat-0, \.heat-low, \.heat-mid, \.heat-high { color: (#[0-9a-f]{6}); }", css).group(1)
    secondary = re.search(r"\.heat-high \.text-body-secondary { color: (#[0-9a-f]{6}) !important; }", css).group(1)
    assert contrast(text, background) >= 4.5 and contrast(secondary, background) >= 4.5
