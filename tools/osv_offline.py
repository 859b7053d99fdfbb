"""pip-audit against a local copy of the OSV vulnerability database, with no network (`make audit`).

VULN_DB names the copy: the PyPI export of osv.dev (https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip,
downloaded on a machine with network and carried over), a directory of OSV JSON files, or one JSON file
(an advisory or a list of them). This script answers pip-audit's OSV queries from that copy on a local port
(`pip-audit --vulnerability-service osv --osv-url ...`) and exits with pip-audit's status: non-zero when an
installed package has a known vulnerability.

    python tools/osv_offline.py /path/to/PyPI-all.zip [extra pip-audit arguments]
"""

from __future__ import annotations

import json
import subprocess  # nosec B404
import sys
import threading
import zipfile
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version


def load_advisories(source: Path) -> list[dict[str, Any]]:
    def parse(raw: bytes) -> list[dict[str, Any]]:
        data = json.loads(raw)
        return data if isinstance(data, list) else [data]

    if source.is_dir():
        return [a for path in sorted(source.rglob("*.json")) for a in parse(path.read_bytes())]
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            return [a for name in archive.namelist() if name.endswith(".json") for a in parse(archive.read(name))]
    return parse(source.read_bytes())


def index_by_package(advisories: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    index: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for advisory in advisories:
        names = {
            canonicalize_name(a["package"]["name"])
            for a in advisory.get("affected", [])
            if a.get("package", {}).get("ecosystem") == "PyPI"
        }
        for name in names:
            index[name].append(advisory)
    return index


def _in_range(version: Version, events: list[dict[str, str]]) -> bool:
    """OSV ECOSYSTEM range: affected from each `introduced` up to (not incl.) `fixed` or incl. `last_affected`."""
    affected = False
    for event in events:
        try:
            if "introduced" in event:
                start = event["introduced"]
                affected = affected or start == "0" or version >= Version(start)
            elif "fixed" in event:
                affected = affected and version < Version(event["fixed"])
            elif "last_affected" in event:
                affected = affected and version <= Version(event["last_affected"])
        except InvalidVersion:
            continue
    return affected


def is_affected(advisory: dict[str, Any], name: str, version_text: str) -> bool:
    try:
        version = Version(version_text)
    except InvalidVersion:
        return False
    for affected in advisory.get("affected", []):
        package = affected.get("package", {})
        if package.get("ecosystem") != "PyPI" or canonicalize_name(package.get("name", "")) != name:
            continue
        if version_text in affected.get("versions", []):
            return True
        for rng in affected.get("ranges", []):
            if rng.get("type") == "ECOSYSTEM" and _in_range(version, rng.get("events", [])):
                return True
    return False


def serve(index: dict[str, list[dict[str, Any]]]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            query = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            name = canonicalize_name(query.get("package", {}).get("name", ""))
            version = query.get("version", "")
            vulns = [a for a in index.get(name, []) if is_affected(a, name, version)]
            body = json.dumps({"vulns": vulns} if vulns else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's signature)
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)  # noqa: T201
        return 2
    source = Path(argv[0])
    index = index_by_package(load_advisories(source))
    server = serve(index)
    url = f"http://127.0.0.1:{server.server_address[1]}/v1/query"
    print(f"pip-audit: {sum(map(len, index.values()))} advisories from {source}")  # noqa: T201
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "--local", "--progress-spinner", "off", "-s", "osv", "--osv-url", url, *argv[1:]]
    try:
        # pip-audit from this virtualenv, with our own fixed arguments: nothing here comes from a user.
        return subprocess.run(command, check=False).returncode  # noqa: S603  # nosec B603
    finally:
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
