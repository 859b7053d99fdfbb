"""tools/osv_offline.py (`make audit` with VULN_DB): reading OSV version ranges the way osv.dev does."""

import importlib.util
import json
from pathlib import Path

import pytest
from django.conf import settings

spec = importlib.util.spec_from_file_location("osv_offline", Path(settings.BASE_DIR) / "tools" / "osv_offline.py")
osv_offline = importlib.util.module_from_spec(spec)
spec.loader.exec_module(osv_offline)

ADVISORY = {
    "id": "TEST-1",
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "Django"},
            "ranges": [
                {
                    "type": "ECOSYSTEM",
                    "events": [{"introduced": "0"}, {"fixed": "4.2.1"}, {"introduced": "5.0"}, {"fixed": "5.2.20"}],
                }
            ],
            "versions": ["3.0rc1"],
        },
        {"package": {"ecosystem": "npm", "name": "django"}, "versions": ["9.9.9"]},
    ],
}


@pytest.mark.parametrize(
    "version, affected",
    [
        ("4.2.0", True),
        ("4.2.1", False),
        ("4.9", False),
        ("5.0", True),
        ("5.2.19", True),
        ("5.2.20", False),
        ("3.0rc1", True),
        ("9.9.9", False),
    ],
)
def test_ranges_and_listed_versions(version, affected):
    assert osv_offline.is_affected(ADVISORY, "django", version) is affected


def test_reads_a_file_a_folder_and_a_zip(tmp_path):
    import zipfile

    (tmp_path / "one.json").write_text(json.dumps(ADVISORY))
    folder = tmp_path / "db"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps([ADVISORY]))
    with zipfile.ZipFile(tmp_path / "all.zip", "w") as archive:
        archive.writestr("TEST-1.json", json.dumps(ADVISORY))
    for source in (tmp_path / "one.json", folder, tmp_path / "all.zip"):
        index = osv_offline.index_by_package(osv_offline.load_advisories(source))
        assert list(index) == ["django"]
