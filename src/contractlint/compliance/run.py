"""`contractlint compliance`: read the RFP once, each proposal once, and build the matrix.

Every document goes through the same pipeline as `check` (load -> parse -> lint): the RFP is
parsed for its requirements; each proposal is parsed once and linted from that parse, so the
answer's evasions are the linter's own findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..config import Config
from ..lint import lint_parsed
from ..loaders import LoadError, load
from ..nlp import load_pipeline
from ..parse import parse_document
from ..parties import detect_parties
from .match import judge_all
from .model import ComplianceReport, ProposalMatrix
from .passages import proposal_passages
from .requirements import extract_requirements


class ComplianceError(Exception):
    """The RFP cannot be used: unreadable, or it reads as a proposal.  One line, naming the file."""


def build_report(
    rfp: Path,
    proposals: Sequence[Path],
    config: Config,
    *,
    include_instructions: bool = False,
    force: bool = False,
) -> ComplianceReport:
    nlp = load_pipeline()
    try:
        rfp_document = load(rfp, config.limits)
    except LoadError as exc:
        raise ComplianceError(f"{rfp}: {exc}") from None
    parsed = parse_document(rfp_document, replace(config, profile="auto"), nlp)
    if parsed.profile == "proposal" and not force:
        raise ComplianceError(
            f"{rfp_document.display_path}: reads as a proposal, not an RFP or SOW; give the RFP first "
            "(--force to use it anyway)"
        )
    # The RFP is the buyer's document whatever its detected profile: its "we" is the buyer.
    as_buyers_document = detect_parties(rfp_document, "sow", config.parties)
    requirements = extract_requirements(parsed, include_instructions=include_instructions, parties=as_buyers_document)
    # An answer is evasive or not whoever reads it: statuses come from neutral severities, and the
    # reader's side is recorded with the parties of each document.
    neutral = replace(config, side="neutral", strict=False)
    matrices = [_proposal_matrix(path, requirements, neutral, nlp) for path in proposals]
    rfp_parties = detect_parties(rfp_document, parsed.profile, config.parties).as_record()
    return ComplianceReport(
        rfp_document.display_path, parsed.profile, requirements, matrices, rfp_document.text, config.side, rfp_parties
    )


def _proposal_matrix(path: Path, requirements: list, config: Config, nlp: object) -> ProposalMatrix:  # type: ignore[type-arg]
    try:
        document = load(path, config.limits)
    except LoadError as exc:
        return ProposalMatrix(str(path), error=str(exc))
    parsed = parse_document(document, config, nlp)
    result = lint_parsed(parsed, config, nlp)
    rows = judge_all(requirements, proposal_passages(parsed), result.findings, document.text)
    parties = result.parties.as_record() if result.parties is not None else {}
    return ProposalMatrix(document.display_path, parsed.profile, rows, text=document.text, parties=parties)


FAIL_ON_CHOICES = ("partial", "missing", "never")


def fails(report: ComplianceReport, fail_on: str) -> bool:
    """Whether a row reaches `--fail-on`: `missing` (a requirement nothing answers), `partial`
    (an evasive answer or none), or `never`."""
    failing = {"missing": {"missing"}, "partial": {"partial", "missing"}, "never": set()}[fail_on]
    return any(row.status in failing for matrix in report.proposals for row in matrix.rows)
