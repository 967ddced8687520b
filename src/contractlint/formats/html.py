"""HTML report: one self-contained page (inline CSS and JS, no network) for people who read
contracts rather than terminals.

Each file's text is shown with every span finding highlighted in place.  Findings may overlap, so
the text is cut at every finding's start and end and each piece covered by findings becomes one
`<mark>` listing all of them (`data-f`): one element per piece, never per character, so a
300,000-character document stays light.  Finding details and rule documentation travel once, as
JSON in the page; the script shows them on hover and click and applies the category and severity
filters.  The summary (counts, document-level findings, findings per section) is built here.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from html import escape
from importlib import metadata
from itertools import pairwise
from typing import Any

from ..finding import CATEGORIES, STANDARD_CLAUSE, Finding, Severity
from ..lint import FileResult
from ..paths import Skipped
from ..rules import BY_CODE
from .records import finding_record, side_of, summary

# Background and edge colour per category; the legend and the filters show the same swatches.
PALETTE: dict[str, tuple[str, str]] = {
    "vague-term": ("#fef08a", "#ca8a04"),
    "vague-timeline": ("#fed7aa", "#ea580c"),
    "unmeasurable-goal": ("#bbf7d0", "#16a34a"),
    "weak-commitment": ("#bfdbfe", "#2563eb"),
    "open-scope": ("#ddd6fe", "#7c3aed"),
    "placeholder": ("#fecaca", "#dc2626"),
    "unowned-obligation": ("#fbcfe8", "#db2777"),
    "undefined-term": ("#a5f3fc", "#0891b2"),
    "number-mismatch": ("#d9f99d", "#65a30d"),
    "unsupported-claim": ("#99f6e4", "#0f766e"),
    "one-sided-term": ("#e7e5e4", "#78716c"),
    "missing-section": ("#e5e7eb", "#374151"),
    "no-measurable-kpi": ("#e5e7eb", "#374151"),
}
_FALLBACK = ("#e5e7eb", "#374151")  # a category this module does not know yet (a new rule or model)
_SECTION_BARS = 30  # sections drawn in the chart; the rest are summed into one row
_NO_SECTION = "(before the first heading)"
_OPEN_LIST = 300  # longer findings lists start folded


def render(results: list[FileResult], *, skipped: Sequence[Skipped] = ()) -> str:
    findings: list[dict[str, Any]] = []
    bodies = [_file_html(n, r, findings) for n, r in enumerate(results) if not r.error]
    categories = _categories(findings)
    data = {"findings": findings, "rules": _rules(findings)}
    parts = [
        _HEAD.replace("/*CSS*/", _CSS + _category_css(categories)),
        _header(results),
        _summary_html(results, findings, categories),
        *([_skipped_html(skipped)] if skipped else []),
        *bodies,
        '</main><aside id="panel" aria-live="polite"><p class="muted">Click a highlight or a finding in the lists '
        "to see its message, how to fix it and the rule's documentation.</p></aside></div>",
        '<div id="tip" role="tooltip" hidden></div>',
        f'<script type="application/json" id="cl-data">{_json_for_script(data)}</script>',
        f"<script>{_JS}</script></body></html>\n",
    ]
    return "\n".join(parts)


# --- per file ---------------------------------------------------------------------------------


def _file_html(file_index: int, result: FileResult, findings: list[dict[str, Any]]) -> str:
    """One file's card: its document-level findings, the chart, the findings list and the text.
    Appends the file's findings to `findings`, whose positions are the ids used in the page."""
    first = len(findings)
    for finding in result.findings:
        record = finding_record(finding, result.document)
        record["file"] = file_index
        findings.append(record)
    ids = range(first, len(findings))
    spans = [(f.start, f.end, i, f.category) for i, f in zip(ids, result.findings, strict=True) if _is_span(f)]
    text = result.document.text if result.document is not None else ""
    profile = f' <span class="muted">profile: {escape(result.profile)}</span>' if result.profile else ""
    if result.parties is not None and any(result.parties.as_record().values()):
        named = "; ".join(f"{role}: {', '.join(names)}" for role, names in result.parties.as_record().items() if names)
        profile += f' <span class="muted">parties: {escape(named)}</span>'

    return "\n".join(
        [
            f'<section class="file" id="file-{file_index}"><h2>{escape(result.path)}{profile}</h2>',
            _document_findings_html(findings, ids),
            _section_chart(findings, ids),
            _unused_suppressions(result),
            f'<h3>Document text</h3><pre class="doc">{highlight(text, spans)}</pre>',
            f"{_findings_table(findings, ids)}</section>",
        ]
    )


def _is_span(finding: Finding) -> bool:
    return finding.start is not None and finding.end is not None


def highlight(text: str, spans: list[tuple[int, int, int, str]]) -> str:
    """Escaped `text` with each `(start, end, id, category)` span highlighted.

    The text is cut at every start and end, so each piece is covered by a fixed set of findings;
    a covered piece becomes `<mark data-f="ids" data-c="category-of-the-narrowest">`, and the piece
    where a finding starts also carries it in `data-first` (the target for "show in text").
    """
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    width: dict[int, int] = {}
    category: dict[int, str] = {}
    for start, end, ident, name in spans:
        starts[start].append(ident)
        ends[end].append(ident)
        width[ident], category[ident] = end - start, name
    cuts = sorted({0, len(text), *starts, *ends})
    active: set[int] = set()
    out: list[str] = []
    for left, right in pairwise(cuts):
        active.difference_update(ends.get(left, ()))
        active.update(starts.get(left, ()))
        piece = escape(text[left:right], quote=False)
        if not active:
            out.append(piece)
            continue
        covering = " ".join(map(str, sorted(active)))
        narrowest = min(active, key=lambda i: (width[i], i))
        first = f' data-first="{" ".join(map(str, sorted(starts[left])))}"' if starts.get(left) else ""
        multi = " multi" if len(active) > 1 else ""
        colour = escape(category[narrowest])
        out.append(f'<mark class="hl{multi}" data-f="{covering}" data-c="{colour}"{first}>{piece}</mark>')
    return "".join(out)


def _document_findings_html(findings: list[dict[str, Any]], ids: range) -> str:
    document_level = [i for i in ids if findings[i]["start"] is None]
    if not document_level:
        return ""
    items = "".join(
        f'<li class="fi" data-i="{i}" data-c="{escape(findings[i]["category"])}" data-s="{findings[i]["severity"]}">'
        f"{_badge(findings[i]['severity'])} <code>{escape(findings[i]['code'])}</code> "
        f"{_element(findings[i])}{escape(findings[i]['message'])}</li>"
        for i in document_level
    )
    return f'<div class="doclevel"><h3>Document-level findings</h3><ul>{items}</ul></div>'


def _element(record: dict[str, Any]) -> str:
    element = record.get("element")
    return f'<strong class="element">{escape(element)}</strong> — ' if element else ""


def _section_chart(findings: list[dict[str, Any]], ids: range) -> str:
    """A bar per section (document order), stacked by category: where the problems cluster."""
    per_section: dict[str, Counter[str]] = {}
    for i in ids:
        if findings[i]["start"] is not None:
            section = findings[i].get("section") or _NO_SECTION
            per_section.setdefault(section, Counter())[findings[i]["category"]] += 1
    if not per_section:
        return ""
    rows = list(per_section.items())
    if len(rows) > _SECTION_BARS:
        rest: Counter[str] = Counter()
        for _, counts in rows[_SECTION_BARS:]:
            rest.update(counts)
        rows = [*rows[:_SECTION_BARS], (f"{len(rows) - _SECTION_BARS} more sections", rest)]
    longest = max(sum(c.values()) for _, c in rows)
    bars = "".join(_bar(title, counts, longest) for title, counts in rows)
    return f'<div class="chart"><h3>Findings per section</h3>{bars}</div>'


def _bar(title: str, counts: Counter[str], longest: int) -> str:
    # Widths are shares of the longest bar, so hiding a category by filter shortens the bar.
    segments = "".join(
        f'<span class="seg" data-c="{escape(c)}" style="width:{100 * n / longest:.2f}%" '
        f'title="{escape(c)}: {n}"></span>'
        for c, n in sorted(counts.items(), key=lambda item: _category_order(item[0]))
    )
    return (
        f'<div class="row"><span class="label" title="{escape(title)}">{escape(title)}</span>'
        f'<span class="track">{segments}</span>'
        f'<span class="count">{sum(counts.values())}</span></div>'
    )


def _findings_table(findings: list[dict[str, Any]], ids: range) -> str:
    rows = "".join(_finding_row(i, findings[i]) for i in ids if findings[i]["start"] is not None)
    if not rows:
        return '<p class="muted">No findings in the text.</p>'
    count = sum(1 for i in ids if findings[i]["start"] is not None)
    opened = " open" if count <= _OPEN_LIST else ""
    return (
        f'<details class="list"{opened}><summary>All {count} findings in the text</summary><table>'
        "<thead><tr><th>Line</th><th>Code</th><th>Severity</th><th>Category</th><th>Message</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details>"
    )


def _finding_row(i: int, record: dict[str, Any]) -> str:
    category = escape(record["category"])
    return (
        f'<tr class="fi" data-i="{i}" data-c="{category}" data-s="{record["severity"]}" tabindex="0">'
        f"<td>{record['line']}:{record['column']}</td><td><code>{escape(record['code'])}</code></td>"
        f'<td>{_badge(record["severity"])}</td><td><span class="sw" data-c="{category}"></span>{category}</td>'
        f"<td>{_context_tag(record)}{escape(record['message'])}</td></tr>"
    )


def _context_tag(record: dict[str, Any]) -> str:
    """Findings in standard clause text (FAR/HIPAA clauses, boilerplate) say so before their message."""
    return '<span class="muted">(standard clause)</span> ' if record.get("context") == STANDARD_CLAUSE else ""


def _unused_suppressions(result: FileResult) -> str:
    if not result.unused_suppressions:
        return ""
    items = "".join(
        f"<li>line {s.line}: <code>contractlint: ignore {escape(' '.join(s.codes) or '(all)')}</code> "
        "matched nothing</li>"
        for s in result.unused_suppressions
    )
    return f'<div class="unused"><h3>Unused suppressions</h3><ul>{items}</ul></div>'


# --- summary ----------------------------------------------------------------------------------


def _header(results: list[FileResult]) -> str:
    try:
        version = metadata.version("contractlint")
    except metadata.PackageNotFoundError:  # running from a source tree without installing
        version = "dev"
    files = len(results)
    side = side_of(results)
    read_as = "neutral reading" if side == "neutral" else f"read for the {side} (--side {side})"
    return (
        '<div class="layout"><main><header><h1>contractlint report</h1>'
        f'<p class="muted">{files} file{"s" if files != 1 else ""} · {escape(read_as)} · '
        f"contractlint {escape(version)}</p></header>"
    )


def _summary_html(results: list[FileResult], findings: list[dict[str, Any]], categories: list[str]) -> str:
    totals = summary(results)
    severities = [s.label for s in sorted(Severity, reverse=True)]
    by_severity = Counter(f["severity"] for f in findings)
    by_category = Counter(f["category"] for f in findings)
    tiles = "".join(
        f'<div class="tile sev-{s}"><span class="n">{by_severity.get(s, 0)}</span>{s}</div>' for s in severities
    )
    severity_filters = "".join(
        f'<label><input type="checkbox" data-filter="s" value="{s}" checked> {_badge(s)} '
        f'<span class="k">{by_severity.get(s, 0)}</span></label>'
        for s in severities
    )
    category_filters = "".join(
        f'<label><input type="checkbox" data-filter="c" value="{escape(c)}" checked>'
        f'<span class="sw" data-c="{escape(c)}"></span>{escape(c)} <span class="k">{by_category[c]}</span></label>'
        for c in categories
    )
    return (
        f'<section class="summary"><div class="tiles"><div class="tile total"><span class="n">{totals["findings"]}'
        f"</span>findings</div>{tiles}</div>"
        f'<div class="filters"><div><h3>Severity</h3>{severity_filters}</div>'
        f'<div><h3>Category <span class="muted">(colour key)</span></h3><div class="cats">{category_filters}</div>'
        "</div></div>"
        f"{_errors_html(results)}</section>"
    )


def _errors_html(results: list[FileResult]) -> str:
    failed = [r for r in results if r.error]
    if not failed:
        return ""
    items = "".join(f"<li><code>{escape(r.path)}</code>: {escape(r.error or '')}</li>" for r in failed)
    return f'<div class="errors"><h3>Files that could not be read ({len(failed)})</h3><ul>{items}</ul></div>'


def _skipped_html(skipped: Sequence[Skipped]) -> str:
    """Files found in folders but not read (unsupported types): a reviewer must see what went unchecked."""
    items = "".join(f"<li><code>{escape(str(s.path))}</code>: {escape(s.reason)}</li>" for s in skipped)
    return f'<section class="summary errors"><h3>Files skipped ({len(skipped)})</h3><ul>{items}</ul></section>'


def _badge(severity: str) -> str:
    return f'<span class="badge sev-{escape(severity)}">{escape(severity)}</span>'


# --- data, colours ----------------------------------------------------------------------------


def _categories(findings: list[dict[str, Any]]) -> list[str]:
    """The categories that occur, in taxonomy order (unknown ones last)."""
    return sorted({f["category"] for f in findings}, key=_category_order)


def _category_order(category: str) -> tuple[int, str]:
    return (CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES), category)


def _category_css(categories: list[str]) -> str:
    rules = []
    for category in categories:
        background, edge = PALETTE.get(category, _FALLBACK)
        selector = json.dumps(category)  # a CSS string: quotes and backslashes escaped alike
        rules.append(
            f"mark.hl[data-c={selector}]{{background:{background};border-bottom-color:{edge}}}"
            f".sw[data-c={selector}],.seg[data-c={selector}]{{background:{edge}}}"
        )
    return "\n".join(rules)


def _rules(findings: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """The registry's entry for each rule that reported something (a model finding has none)."""
    out: dict[str, dict[str, str]] = {}
    for code in sorted({f["code"] for f in findings}):
        rule = BY_CODE.get(code)
        if rule is not None:
            out[code] = {"name": rule.name, "summary": rule.summary, "doc": rule.doc, "hint": rule.hint}
    return out


def _json_for_script(data: object) -> str:
    """JSON that cannot end its `<script>` element early, whatever the document says."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>contractlint report</title>
<style>/*CSS*/</style></head><body>"""

_CSS = """
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f8fafc;--card:#fff;--accent:#1e3a8a}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
 color:var(--ink);background:var(--bg)}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 360px;gap:20px;max-width:1500px;margin:0 auto;padding:20px}
main{min-width:0}
header h1{margin:0;font-size:22px;color:var(--accent)}
h2{font-size:17px;margin:0 0 12px;word-break:break-all}
h3{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 8px}
.muted{color:var(--muted);font-weight:normal}
section.summary,section.file{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;
 margin-top:16px;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.tiles{display:flex;gap:10px;margin-bottom:14px}
.tile{flex:1;border:1px solid var(--line);border-radius:8px;padding:8px 12px;color:var(--muted);
 border-top:4px solid var(--line)}
.tile .n{display:block;font-size:24px;font-weight:650;color:var(--ink)}
.tile.total{border-top-color:var(--accent)}
.tile.sev-error{border-top-color:#dc2626}.tile.sev-warning{border-top-color:#d97706}.tile.sev-info{border-top-color:#2563eb}
.filters{display:grid;grid-template-columns:200px 1fr;gap:16px}
.filters label{display:flex;align-items:center;gap:6px;cursor:pointer;padding:2px 0;white-space:nowrap}
.cats{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));column-gap:12px}
.k{color:var(--muted);font-variant-numeric:tabular-nums}
.sw{display:inline-block;width:12px;height:12px;border-radius:3px;flex:none;margin-right:4px;vertical-align:-1px}
.badge{display:inline-block;font-size:11px;font-weight:600;border-radius:999px;padding:0 8px;line-height:18px}
.badge.sev-error{background:#fee2e2;color:#991b1b}.badge.sev-warning{background:#fef3c7;color:#92400e}
.badge.sev-info{background:#dbeafe;color:#1e40af}
.errors{margin-top:14px;border-left:4px solid #dc2626;background:#fef2f2;padding:8px 12px;border-radius:4px}
.errors ul,.doclevel ul,.unused ul{margin:0;padding-left:18px}
.doclevel{border-left:4px solid #374151;background:#f3f4f6;padding:10px 14px;border-radius:4px;margin-bottom:14px}
.doclevel li{margin:3px 0;cursor:pointer}
.element{font-weight:650}
.unused{margin:12px 0}
.chart{margin-bottom:14px}
.row{display:grid;grid-template-columns:260px 1fr 36px;gap:10px;align-items:center;margin:3px 0}
.row .label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.track{display:flex;background:#f1f5f9;border-radius:4px;height:14px;overflow:hidden}
.seg{display:block;height:100%}
.count{text-align:right;font-variant-numeric:tabular-nums;color:var(--muted)}
details.list{margin:8px 0 14px}
details.list summary{cursor:pointer;color:var(--accent);font-weight:600}
table{border-collapse:collapse;width:100%;margin-top:8px;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}
tr.fi{cursor:pointer}tr.fi:hover,tr.fi:focus{background:#f1f5f9;outline:none}
pre.doc{white-space:pre-wrap;word-wrap:break-word;
 font:15.5px/1.75 Charter,"Iowan Old Style","Sitka Text",Cambria,Georgia,"Liberation Serif","Times New Roman",serif;
 margin:0;padding:14px 16px;background:#fcfcfd;border:1px solid var(--line);border-radius:8px;tab-size:4}
mark.hl{color:inherit;border-bottom:2px solid transparent;border-radius:2px;cursor:pointer;padding:1px 0}
mark.hl.multi{box-shadow:inset 0 -4px 0 rgba(0,0,0,.18)}
mark.hl.sel{outline:2px solid var(--ink);outline-offset:1px}
mark.hl.off{background:none!important;border-bottom-color:transparent!important;box-shadow:none;cursor:text}
.hidden{display:none!important}
aside#panel{position:sticky;top:20px;align-self:start;max-height:calc(100vh - 40px);overflow:auto;
 background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px;
 box-shadow:0 1px 2px rgba(0,0,0,.04)}
.card{border-top:1px solid var(--line);padding-top:12px;margin-top:12px}
.card:first-child{border-top:none;margin-top:0;padding-top:0}
.card .title{display:flex;gap:8px;align-items:center;flex-wrap:wrap;font-weight:600}
.card .msg{margin:8px 0;font-size:15px}
.card .fix{background:#f0fdf4;border-left:3px solid #16a34a;padding:6px 10px;border-radius:3px}
.card .meta{color:var(--muted);font-size:12px;margin:8px 0}
.card q{font-style:italic}
.card details{margin-top:8px}.card details summary{cursor:pointer;color:var(--accent)}
.card pre{white-space:pre-wrap;font:12.5px/1.5 system-ui,sans-serif;background:#f8fafc;padding:8px;border-radius:4px}
#tip{position:fixed;z-index:10;max-width:420px;background:#111827;color:#f9fafb;padding:6px 10px;border-radius:6px;
 font-size:12.5px;pointer-events:none;box-shadow:0 4px 12px rgba(0,0,0,.25)}
#tip div+div{margin-top:4px}
@media (max-width:1000px){.layout{grid-template-columns:1fr}aside#panel{position:static;max-height:none}}
@media print{aside#panel,#tip,.filters{display:none}.layout{display:block}}
"""

_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cl-data").textContent);
  var F = data.findings, R = data.rules;
  var panel = document.getElementById("panel"), tip = document.getElementById("tip");
  var shown = {c: {}, s: {}};
  var marks = document.querySelectorAll("mark.hl");

  function ids(el) { return el.getAttribute("data-f").split(" ").map(Number); }
  function visible(i) { return shown.c[F[i].category] !== false && shown.s[F[i].severity] !== false; }
  function node(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function badge(sev) { return node("span", "badge sev-" + sev, sev); }

  function card(i) {
    var f = F[i], rule = R[f.code] || {}, c = node("div", "card");
    var title = node("div", "title");
    title.append(badge(f.severity), node("code", "", f.code), node("span", "", f.name));
    var sw = node("span", "sw"); sw.setAttribute("data-c", f.category);
    var cat = node("span", "muted"); cat.append(sw, f.category); title.append(cat);
    if (f.context === "standard-clause") title.append(node("span", "muted", "· in standard clause text"));
    c.append(title, node("div", "msg", f.message));
    if (f.excerpt) { var q = node("div", "meta"); q.append("Text: ", node("q", "", f.excerpt)); c.append(q); }
    if (f.hint) { var fix = node("div", "fix"); fix.append(node("strong", "", "Fix: "), f.hint); c.append(fix); }
    var where = [];
    if (f.line) where.push("line " + f.line + ", column " + f.column);
    if (f.location) Object.keys(f.location).forEach(function (k) { where.push(k + " " + f.location[k]); });
    if (f.section) where.push("section: " + f.section);
    if (f.source && f.source !== "rule") {
      where.push("source: " + f.source + (f.score != null ? " (score " + f.score.toFixed(2) + ")" : ""));
    }
    if (where.length) c.append(node("div", "meta", where.join(" · ")));
    if (rule.summary) c.append(node("div", "", rule.summary));
    if (rule.doc) {
      var d = node("details");
      d.append(node("summary", "", "Rule " + f.code + " documentation"), node("pre", "", rule.doc));
      c.append(d);
    }
    return c;
  }

  function show(list) {
    panel.replaceChildren();
    var h = node("h3", "", list.length === 1 ? "Finding" : list.length + " findings here");
    panel.append(h);
    list.forEach(function (i) { panel.append(card(i)); });
  }

  var selected = [];
  function select(els, list) {
    selected.forEach(function (m) { m.classList.remove("sel"); });
    selected = els;
    selected.forEach(function (m) { m.classList.add("sel"); });
    show(list);
  }
  function marksOf(i) {
    return Array.prototype.filter.call(marks, function (m) { return ids(m).indexOf(i) >= 0; });
  }
  function selectFinding(i, scroll) {
    var els = marksOf(i);
    select(els, [i]);
    if (scroll && els.length) els[0].scrollIntoView({block: "center", behavior: "smooth"});
    if (history.replaceState) history.replaceState(null, "", "#f" + i);
  }

  document.addEventListener("click", function (e) {
    var m = e.target.closest("mark.hl:not(.off)");
    if (m) { select([m], ids(m).filter(visible)); return; }
    var row = e.target.closest(".fi");
    if (row) selectFinding(Number(row.getAttribute("data-i")), true);
  });
  document.addEventListener("keydown", function (e) {
    var row = e.target.closest && e.target.closest("tr.fi");
    if (row && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); row.click(); }
  });
  document.addEventListener("mouseover", function (e) {
    var m = e.target.closest("mark.hl:not(.off)");
    if (!m) { tip.hidden = true; return; }
    tip.replaceChildren();
    ids(m).filter(visible).forEach(function (i) {
      var row = node("div"); row.append(node("strong", "", F[i].code + " "), F[i].message); tip.append(row);
    });
    tip.hidden = false;
  });
  document.addEventListener("mousemove", function (e) {
    if (tip.hidden) return;
    var x = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = e.clientY + 18 + tip.offsetHeight > window.innerHeight ? e.clientY - tip.offsetHeight - 10 : e.clientY + 18;
    tip.style.left = x + "px"; tip.style.top = y + "px";
  });

  function applyFilters() {
    document.querySelectorAll("input[data-filter]").forEach(function (box) {
      shown[box.getAttribute("data-filter")][box.value] = box.checked;
    });
    marks.forEach(function (m) {
      var live = ids(m).filter(visible);
      m.classList.toggle("off", live.length === 0);
      m.classList.toggle("multi", live.length > 1);
      if (live.length) {
        var narrowest = live.reduce(function (a, b) {
          var wa = F[a].end - F[a].start, wb = F[b].end - F[b].start;
          return wb < wa ? b : a;
        });
        m.setAttribute("data-c", F[narrowest].category);
      }
    });
    document.querySelectorAll(".fi").forEach(function (el) {
      el.classList.toggle("hidden", !visible(Number(el.getAttribute("data-i"))));
    });
    document.querySelectorAll(".seg").forEach(function (el) {
      el.classList.toggle("hidden", shown.c[el.getAttribute("data-c")] === false);
    });
  }
  document.querySelectorAll("input[data-filter]").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  applyFilters();

  var hash = /^#f(\d+)$/.exec(location.hash);
  if (hash && F[Number(hash[1])]) selectFinding(Number(hash[1]), false);
})();
"""
