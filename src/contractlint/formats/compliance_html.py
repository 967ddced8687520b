"""The compliance matrix as one self-contained HTML page: per proposal, the matrix (a row per
requirement, its status coloured), and below it the RFP and the proposal side by side, each
requirement and each answer marked in its document.  A requirement's id links to it in the RFP,
each piece of evidence to the answer in the proposal.  No script, no network (a
Content-Security-Policy forbids any request), as `check`'s HTML report.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..compliance import STATUSES, ComplianceReport, ProposalMatrix
from .compliance import summary_line

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f3f3f3;position:sticky;top:0}
.addressed{background:#c6efce}.partial{background:#ffeb9c}.missing{background:#ffc7ce}
.panes{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.pane{border:1px solid #ccc;padding:.5em;max-height:80vh;overflow:auto;white-space:pre-wrap;
 font:13px/1.4 ui-monospace,monospace}
mark{background:#e8f0fe;border-bottom:2px solid #4a7bd0}mark.req{background:#fff4d6;border-color:#d09a1a}
:target{outline:3px solid #d03030}
.small{color:#666;font-size:12px}
"""


def render_html(report: ComplianceReport) -> str:
    counts = {s: sum(m.counts()[s] for m in report.proposals) for s in STATUSES}
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>compliance: {escape(report.rfp_path)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Compliance matrix: {escape(report.rfp_path)}</h1>",
        f"<p>{len(report.requirements)} requirements ({escape(report.rfp_profile)}); "
        + ", ".join(f'<span class="{s}">{counts[s]} {s}</span>' for s in STATUSES)
        + " over all proposals.</p>",
    ]
    for number, matrix in enumerate(report.proposals, start=1):
        parts += _proposal(report, matrix, f"p{number}")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _proposal(report: ComplianceReport, matrix: ProposalMatrix, key: str) -> list[str]:
    parts = [
        f'<h2 id="{key}">{escape(matrix.path)}</h2>',
        f"<p>{escape(summary_line(matrix, len(report.requirements)))}</p>",
    ]
    if matrix.error:
        return parts
    parts.append("<table><tr><th>id</th><th>status</th><th>score</th><th>requirement</th><th>reason</th>"
                 "<th>answer</th></tr>")  # fmt: skip
    for row in matrix.rows:
        links = " ".join(
            f'<a href="#{key}-a{e.start}-{e.end}">{escape(e.section or "answer")}</a>' for e in row.evidence
        )
        parts.append(
            f'<tr><td><a href="#{key}-r{row.requirement.start}">{escape(row.requirement.id)}</a></td>'
            f'<td class="{row.status}">{row.status}</td><td>{row.score:.2f}</td>'
            f"<td>{escape(row.requirement.text)}</td><td>{escape(row.reason)}</td><td>{links}</td></tr>"
        )
    parts.append("</table>")
    requirement_spans = [(r.start, r.end, f"{key}-r{r.start}", "req", r.id) for r in report.requirements]
    answers = {(e.start, e.end) for row in matrix.rows for e in row.evidence}
    answer_spans = [(s, e, f"{key}-a{s}-{e}", "", "answer") for s, e in sorted(answers)]
    parts += [
        '<div class="panes">',
        f'<div><div class="small">RFP: {escape(report.rfp_path)}</div>'
        f'<div class="pane">{_marked(report.rfp_text, requirement_spans)}</div></div>',
        f'<div><div class="small">Proposal: {escape(matrix.path)}</div>'
        f'<div class="pane">{_marked(matrix.text, answer_spans)}</div></div>',
        "</div>",
    ]
    return parts


def _marked(text: str, spans: Iterable[tuple[int, int, str, str, str]]) -> str:
    """The text escaped, each (start, end) span in a <mark> with its id; overlapping spans are
    marked from the first one's start (requirements and answers are disjoint units, so rarely)."""
    out, at = [], 0
    for start, end, ident, cls, title in sorted(spans):
        if start < at:
            continue
        out.append(escape(text[at:start]))
        out.append(f'<mark id="{ident}" class="{cls}" title="{escape(title)}">{escape(text[start:end])}</mark>')
        at = end
    out.append(escape(text[at:]))
    return "".join(out)
