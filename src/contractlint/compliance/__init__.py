"""The RFP <-> proposal compliance matrix (issue 14): each requirement of an RFP or SOW, where each
proposal answers it, and whether the answer commits (`addressed`), evades (`partial`) or is absent
(`missing`).

    requirements.py  what the RFP asks (units.py cuts a parsed document into sentences, list items, rows)
    passages.py      what a proposal says, with its headings as context
    match.py         TF-IDF retrieval (lemmas + character n-grams) and the status with its reason
    numbers.py       durations, percentages and amounts, compared
    evasion.py       hedges, conditions and deferrals the linter has no rule for (rules/patterns/evasions.json)
    run.py           load -> parse -> lint each document once, then match
    evaluate.py      recall, status accuracy and F1 against hand labels (corpora/compliance)
"""

from .model import STATUSES, ComplianceReport, Evidence, Passage, ProposalMatrix, Requirement, Row
from .run import FAIL_ON_CHOICES, ComplianceError, build_report, fails

__all__ = [
    "FAIL_ON_CHOICES",
    "STATUSES",
    "ComplianceError",
    "ComplianceReport",
    "Evidence",
    "Passage",
    "ProposalMatrix",
    "Requirement",
    "Row",
    "build_report",
    "fails",
]
