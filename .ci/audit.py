"""Supply-chain check: pip-audit over the pinned lock file, run by `make test`.

Fails on a known vulnerability that is not listed, with its review, in `.ci/audit-reviewed.txt`
(one `ID  reason` a line). Skips with a clear message, and exit 0, when the vulnerability service
(PyPI's JSON API) cannot be reached or could audit none of the pins: an offline CI runner is not a
finding. A partial audit prints what was not audited.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCK = HERE / "requirements.lock"
REVIEWED = HERE / "audit-reviewed.txt"
SECONDS = 300


def reviewed() -> dict[str, str]:
    """Vulnerability id → the reason it is accepted."""
    out = {}
    for line in REVIEWED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            vuln, _, reason = line.strip().partition(" ")
            out[vuln] = reason.strip()
    return out


def main() -> int:
    accepted = reviewed()
    command = [sys.executable, "-m", "pip_audit", "-r", str(LOCK), "--no-deps", "--disable-pip", "--progress-spinner", "off"]
    command += ["--format", "json", "--timeout", "15", *[f"--ignore-vuln={v}" for v in accepted]]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS)
        report = json.loads(run.stdout)
    except subprocess.TimeoutExpired:
        print(f"pip-audit: SKIPPED — no answer from the vulnerability service within {SECONDS} s.")
        return 0
    except json.JSONDecodeError:
        last = (run.stderr.strip().splitlines() or ["(no output)"])[-1]
        print(f"pip-audit: SKIPPED — the vulnerability service (pypi.org) could not be reached: {last}")
        return 0
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if "skip_reason" in d]
    audited = [d for d in deps if "skip_reason" not in d]
    if not audited:
        print(
            f"pip-audit: SKIPPED — the vulnerability service audited none of the {len(deps)} pins "
            f"(first reason: {skipped[0]['skip_reason'] if skipped else 'none given'}); run `make audit` where pypi.org answers."
        )
        return 0
    found = [(d["name"], d["version"], v) for d in audited for v in d.get("vulns", [])]
    for name, version, vuln in found:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix released"
        print(f"pip-audit: {name} {version}: {vuln['id']} (fixed in: {fixes})")
    if skipped:
        print(f"pip-audit: {len(skipped)} of {len(deps)} pins not audited: {', '.join(d['name'] for d in skipped)}")
    print(f"pip-audit: {len(audited)} pins audited, {len(found)} unreviewed vulnerabilities, {len(accepted)} reviewed and accepted.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
