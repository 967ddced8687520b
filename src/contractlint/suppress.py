"""Inline suppressions: `contractlint: ignore CODE` directives, and which of them were never used."""

from __future__ import annotations

from collections.abc import Collection

from .document import Suppression
from .finding import Finding


def apply_suppressions(
    findings: list[Finding],
    suppressions: list[Suppression],
    ran: Collection[str] | None = None,
    known: Collection[str] = (),
) -> tuple[list[Finding], list[Suppression]]:
    """Drop findings covered by a directive; return the kept findings and the unused directives.

    With `ran` (the codes of the rules that ran) and `known` (every rule code), a directive naming
    only rules that exist but did not run (`--select`, `ignore`) is not called unused: it could
    not have matched anything.  One naming an unknown code (a typo) still is, as ruff does for noqa.
    """
    used: set[int] = set()
    kept = []
    for finding in findings:
        covering = [i for i, s in enumerate(suppressions) if _covers(s, finding)]
        used.update(covering)
        if not covering:
            kept.append(finding)
    unused = [s for i, s in enumerate(suppressions) if i not in used]
    if ran is not None:
        unused = [s for s in unused if _could_have_matched(s, ran, known)]
    return kept, unused


def _could_have_matched(suppression: Suppression, ran: Collection[str], known: Collection[str]) -> bool:
    def names(prefix: str, codes: Collection[str]) -> bool:
        return any(code.startswith(prefix) for code in codes)

    return not suppression.codes or any(names(c, ran) or not names(c, known) for c in suppression.codes)


def _covers(suppression: Suppression, finding: Finding) -> bool:
    if finding.start is None or not (suppression.start <= finding.start < max(suppression.end, suppression.start + 1)):
        return False
    return not suppression.codes or any(finding.code.startswith(c) for c in suppression.codes)
