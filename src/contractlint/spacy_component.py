"""A spaCy pipeline component: contractlint's span findings as `doc.spans["contractlint"]`.

    import spacy
    nlp = spacy.blank("en")          # or any pipeline
    nlp.add_pipe("contractlint")     # found through the `spacy_factories` entry point
    doc = nlp("The Vendor shall reply promptly.")
    [(s.text, s.label_) for s in doc.spans["contractlint"]]   # [('promptly', 'vague-timeline')]

Each span's label is the finding's category; `doc.spans["contractlint"].attrs["findings"]` holds one
dict per span, in the same order (code, name, severity, message, hint, score).

What is supported: the span rules (and, with `model = true`, the classifier's span findings) on
the Doc's own text, read as plain text (paragraphs split at blank lines; Markdown markup is not
interpreted).  What is not: document-level findings (missing sections, no KPI) — a Doc is often a
fragment, not a whole document — and inline `contractlint: ignore` directives.  The component
parses the text again with contractlint's own spaCy pipeline (the one `check` uses), so findings
do not depend on, or change, the host pipeline's tokens, tags or parse; a finding whose characters
do not fall on the host's token boundaries is widened to the tokens that contain it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Span, SpanGroup

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .config import Config

SPANS_KEY = "contractlint"


@Language.factory(SPANS_KEY, default_config={"profile": "auto", "model": False})
def make_component(nlp: Language, name: str, profile: str, model: bool) -> ContractlintComponent:
    return ContractlintComponent(profile, model)


class ContractlintComponent:
    """Lints `doc.text` and stores its span findings; imports the linter on first use."""

    def __init__(self, profile: str = "auto", model: bool = False) -> None:
        self.profile = profile
        self.model = model

    def _config(self) -> Config:
        from .config import Config
        from .rules import REGISTRY

        whole_document = tuple(r.code for r in REGISTRY if r.scope == "document")
        return replace(Config(), ignore=whole_document, model=self.model)

    def __call__(self, doc: Doc) -> Doc:
        from .api import lint_text

        result = lint_text(doc.text, profile=self.profile, markdown=False, config=self._config())
        spans: list[Span] = []
        records: list[dict[str, object]] = []
        for finding in result.findings:
            if finding.start is None or finding.end is None:
                continue
            span = doc.char_span(finding.start, finding.end, label=finding.category, alignment_mode="expand")
            if span is None:
                continue
            spans.append(span)
            records.append(
                {
                    "code": finding.code,
                    "name": finding.name,
                    "severity": finding.severity.label,
                    "message": finding.message,
                    "hint": finding.hint,
                    "score": finding.score,
                }
            )
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=spans, attrs={"findings": records})
        return doc
