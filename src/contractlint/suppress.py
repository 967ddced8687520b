"""Inline suppressions: `contractlint: ignore CODE` directives, and which of them were never used."""

from __future__ import annotations

from .document import Suppression
from .finding import Finding


def apply_suppressions(
    findings: list[Finding], suppressions: list[Suppression]
) -> tuple[list[Finding], list[Suppression]]:
    """Drop findings covered by a directive; return the kept findings and the unused directives."""
    used: set[int] = set()
    kept = []
    for finding in findings:
        covering = [i for i, s in enumerate(suppressions) if _covers(s, finding)]
        used.update(covering)
        if not covering:
            kept.append(finding)
    unused = [s for i, s in enumerate(suppressions) if i not in used]
    return kept, unused


def _covers(suppression: Suppression, finding: Finding) -> bool:
    if finding.start is None or not (suppression.start <= finding.start < max(suppression.end, suppression.start + 1)):
        return False
    return not suppression.codes or any(finding.code.startswith(c) for c in suppression.codes)
