"""Renderers for `contractlint compliance`: a table for people, JSON (a versioned contract) and CSV
for tools.  The HTML side by side is `compliance_html.py`, the Excel workbook `compliance_xlsx.py`.

JSON, version 1 (README "Compliance matrix" documents it; keys are only ever added within a version):

    {"version": 1, "side": "neutral",
     "rfp": {"path": ..., "profile": "sow", "parties": {"buyer": [...], "vendor": [...]}, "requirements": 28},
     "proposals": [{"path": ..., "profile": "proposal", "parties": {...}, "error": null,
                    "summary": {"addressed": 20, "partial": 6, "missing": 2},
                    "rows": [{"id": "deliverables.3", "kind": "deliverable", "text": ..., "start": ..,
                              "end": .., "section": ..., "status": "partial", "score": 0.41,
                              "reason": ..., "missing_terms": [...], "findings": ["VT01"],
                              "evidence": [{"start": .., "end": .., "excerpt": ..., "section": ...,
                                            "score": 0.41}]}]}],
     "summary": {"requirements": 28, "proposals": 1, "by_status": {"addressed": 20, ...}}}
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from ..compliance import STATUSES, ComplianceReport, ProposalMatrix, Row
from .spreadsheet import to_csv

VERSION = 1
CSV_COLUMNS = (
    "proposal", "id", "kind", "section", "requirement", "start", "end", "status", "score", "reason",
    "missing_terms", "findings", "evidence", "evidence_sections", "evidence_start", "evidence_end",
)  # fmt: skip
_REQUIREMENT_CHARS = 60
_REASON_CHARS = 90
_EVIDENCE_SEPARATOR = "\n---\n"


def row_record(row: Row) -> dict[str, Any]:
    requirement = row.requirement
    return {
        "id": requirement.id,
        "kind": requirement.kind,
        "text": requirement.text,
        "start": requirement.start,
        "end": requirement.end,
        "section": requirement.section,
        "status": row.status,
        "score": row.score,
        "reason": row.reason,
        "missing_terms": list(row.missing_terms),
        "findings": list(row.findings),
        "evidence": [
            {"start": e.start, "end": e.end, "excerpt": e.excerpt, "section": e.section, "score": e.score}
            for e in row.evidence
        ],
    }


def totals(report: ComplianceReport) -> dict[str, int]:
    return {s: sum(m.counts()[s] for m in report.proposals) for s in STATUSES}


def render_json(report: ComplianceReport) -> str:
    document = {
        "version": VERSION,
        "side": report.side,
        "rfp": {
            "path": report.rfp_path,
            "profile": report.rfp_profile,
            "parties": report.rfp_parties,
            "requirements": len(report.requirements),
        },
        "proposals": [
            {
                "path": matrix.path,
                "profile": matrix.profile,
                "parties": matrix.parties,
                "error": matrix.error,
                "summary": matrix.counts(),
                "rows": [row_record(row) for row in matrix.rows],
            }
            for matrix in report.proposals
        ],
        "summary": {
            "requirements": len(report.requirements),
            "proposals": len(report.proposals),
            "by_status": totals(report),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def summary_line(matrix: ProposalMatrix, requirements: int) -> str:
    if matrix.error:
        return f"{matrix.path}: error: {matrix.error}"
    counts = matrix.counts()
    return f"{matrix.path}: {requirements} requirements: " + ", ".join(f"{counts[s]} {s}" for s in STATUSES)


def render_text(report: ComplianceReport) -> str:
    lines = [f"{report.rfp_path} ({report.rfp_profile}): {len(report.requirements)} requirements"]
    for matrix in report.proposals:
        lines += ["", summary_line(matrix, len(report.requirements))]
        if matrix.error:
            continue
        width = max((len(r.requirement.id) for r in matrix.rows), default=2)
        lines.append(f"  {'id':<{width}}  {'status':<9}  {'score':>5}  {'requirement':<{_REQUIREMENT_CHARS}}  reason")
        for row in matrix.rows:
            text = textwrap.shorten(row.requirement.text, _REQUIREMENT_CHARS, placeholder="…")
            reason = textwrap.shorten(row.reason, _REASON_CHARS, placeholder="…")
            lines.append(
                f"  {row.requirement.id:<{width}}  {row.status:<9}  {row.score:>5.2f}  "
                f"{text:<{_REQUIREMENT_CHARS}}  {reason}"
            )
    return "\n".join(lines) + "\n"


def flat_rows(report: ComplianceReport) -> list[dict[str, Any]]:
    """One flat record per proposal and requirement: the CSV's rows and the workbook's."""
    flat = []
    for matrix in report.proposals:
        for row in matrix.rows:
            record = row_record(row)
            flat.append(
                {
                    "proposal": matrix.path,
                    "id": record["id"],
                    "kind": record["kind"],
                    "section": record["section"],
                    "requirement": record["text"],
                    "start": record["start"],
                    "end": record["end"],
                    "status": record["status"],
                    "score": record["score"],
                    "reason": record["reason"],
                    "missing_terms": ", ".join(record["missing_terms"]),
                    "findings": ", ".join(record["findings"]),
                    "evidence": _EVIDENCE_SEPARATOR.join(e["excerpt"] for e in record["evidence"]),
                    "evidence_sections": _EVIDENCE_SEPARATOR.join(e["section"] or "" for e in record["evidence"]),
                    "evidence_start": record["evidence"][0]["start"] if record["evidence"] else None,
                    "evidence_end": record["evidence"][0]["end"] if record["evidence"] else None,
                }
            )
    return flat


def render_csv(report: ComplianceReport) -> str:
    import pandas as pd

    frame = pd.DataFrame(flat_rows(report), columns=list(CSV_COLUMNS))
    frame = frame.astype({"start": "Int64", "end": "Int64", "evidence_start": "Int64", "evidence_end": "Int64"})
    return to_csv(frame)
