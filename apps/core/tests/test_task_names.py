"""Services queue tasks by dotted name (core.jobs.enqueue), so a renamed or moved task would only fail at
run time; this finds every named task in the code and checks a task of that name exists."""

import pathlib
import re

from celery.utils.imports import symbol_by_name

from asn_kompetensi.celery import app as celery_app

APPS_DIR = pathlib.Path(__file__).resolve().parents[2]
NAMED = re.compile(r"""enqueue\(\s*["'](apps\.[\w.]+)["']""")


def test_every_task_queued_by_name_exists():
    names = {
        name for path in APPS_DIR.rglob("*.py") if "tests" not in path.parts for name in NAMED.findall(path.read_text())
    }
    assert "apps.enrollments.tasks.render_certificate_pdf" in names
    for name in sorted(names):
        task = symbol_by_name(name)
        assert task.name == name
        assert name in celery_app.tasks
