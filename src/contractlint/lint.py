"""The one place that orchestrates: documents in, parsed once, rules run, findings out.

    load (loaders) -> parse (parse.py: spaCy once, outline, profile) -> rules (rules/, reading the
    analyses: structure, terms, references, deliverables) -> classifier (model/check.py, given the
    rule findings as an argument) -> suppressions -> one finding per problem (merge.py) ->
    standard-clause context (standard.py) -> sorted findings

Everything below this module is called from here and never calls back: the faces above (cli, api,
spacy_component, formats, annotate, training) call this module.  The contracts in pyproject.toml
(`lint-imports`) keep it that way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from .config import Config
from .deliverables import DeliverablesResult, extract_deliverables
from .digest import DocumentDigest, digest
from .document import Document, Suppression
from .finding import Finding
from .loaders import LoadError, load
from .merge import merge_duplicates
from .nlp import load_pipeline
from .parse import ParsedDocument, parse_document
from .parties import Parties, apply_side, detect_parties, with_parties
from .rules import BY_CODE, REGISTRY
from .rules.base import DocumentUnit, Hit, Rule, Unit
from .rules.classifier import BY_CATEGORY, MODEL_RULES
from .rules.patterns import compile_patterns
from .standard import apply_context, find_standard_text
from .structure import Outline
from .suppress import apply_suppressions

R = TypeVar("R")

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .rules.patterns import Match, PatternSet


@dataclass
class FileResult:
    """Everything a formatter needs about one input file."""

    path: str
    document: Document | DocumentDigest | None = None  # a digest once only a report needs it (digest.py)
    profile: str | None = None
    profile_detected: bool = False  # chosen by --profile auto rather than set by the user
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    unused_suppressions: list[Suppression] = field(default_factory=list)
    parties: Parties | None = None  # the document's buyer and vendor (parties.py)
    side: str = "neutral"  # the reader's side the findings were weighed for


@dataclass(frozen=True)
class PerFile(Generic[R]):
    """One command's work on one file, for the shared run loop (`run_files`): `run` turns a loaded
    document into the command's result, `failed` makes the result of a file that could not be done.
    Both are module-level functions, so a job pickles by reference into `--jobs` workers."""

    run: Callable[[Document, Config, object], R]
    failed: Callable[[str, str], R]


def _lint_run(document: Document, config: Config, nlp: object) -> FileResult:
    return lint_document(document, config, nlp)


def _lint_failed(path: str, error: str) -> FileResult:
    return FileResult(path, error=error)


def _deliverables_run(document: Document, config: Config, nlp: object) -> DeliverablesResult:
    parsed = parse_document(document, config, nlp)
    # The report needs the words and offsets, not the parse: a spaCy span cannot travel back from a
    # --jobs worker (spans do not pickle), and keeping it would hold every parse in memory to the end.
    found = [replace(item, span=None) for item in extract_deliverables(parsed)]
    return DeliverablesResult(document.display_path, found, parsed.profile, document=document)


def _deliverables_failed(path: str, error: str) -> DeliverablesResult:
    return DeliverablesResult(path, error=error)


def _report_run(document: Document, config: Config, nlp: object) -> FileResult:
    return _digested(lint_document(document, config, nlp), keep_text=False)


def _report_with_text_run(document: Document, config: Config, nlp: object) -> FileResult:
    return _digested(lint_document(document, config, nlp), keep_text=True)


def _digested(result: FileResult, *, keep_text: bool) -> FileResult:
    if isinstance(result.document, Document):
        result.document = digest(result.document, result.findings, keep_text=keep_text)
    return result


CHECK: PerFile[FileResult] = PerFile(_lint_run, _lint_failed)
# `check`'s reports: each result keeps a digest of its document, made in the worker (digest.py).
REPORT: PerFile[FileResult] = PerFile(_report_run, _lint_failed)
REPORT_WITH_TEXT: PerFile[FileResult] = PerFile(_report_with_text_run, _lint_failed)  # formats that show the text
DELIVERABLES: PerFile[DeliverablesResult] = PerFile(_deliverables_run, _deliverables_failed)


def lint_paths(
    paths: Iterable[Path],
    config: Config,
    *,
    jobs: int = 1,
    on_done: Callable[[FileResult], object] | None = None,
    debug: bool = False,
) -> list[FileResult]:
    """`check` (and `annotate`) over files: see `run_files`."""
    return run_files(CHECK, paths, config, jobs=jobs, on_done=on_done, debug=debug)


def run_files(
    job: PerFile[R],
    paths: Iterable[Path],
    config: Config,
    *,
    jobs: int = 1,
    on_done: Callable[[R], object] | None = None,
    debug: bool = False,
) -> list[R]:
    """The one run loop: load each file and do `job` on it; a file that cannot be loaded or done gets
    its one-line error and the rest go on.

    With `jobs` > 1 the files are done in that many processes, each loading the spaCy pipeline
    once; results come back in input order whatever order they finish in.  `on_done` is called
    with each result as its file finishes (a progress bar advances on it).  `debug`: see `run_file`."""
    paths = list(paths)
    if jobs > 1 and len(paths) > 1:
        return _run_in_processes(job, paths, config, min(jobs, len(paths)), on_done, debug)
    results: list[R] = []
    for path in paths:
        results.append(run_file(job, path, config, debug=debug))
        if on_done is not None:
            on_done(results[-1])
    return results


def lint_file(path: Path, config: Config, *, debug: bool = False) -> FileResult:
    return run_file(CHECK, path, config, debug=debug)


def run_file(job: PerFile[R], path: Path, config: Config, *, debug: bool = False) -> R:
    """One file's result; whatever goes wrong with this file becomes its one-line `error`.

    Only errors that would hit every file (no spaCy model, a broken classifier artifact) propagate,
    and, with `debug`, any unexpected exception, with its traceback."""
    try:
        return job.run(load(path, config.limits), config, load_pipeline())
    except LoadError as exc:
        return job.failed(str(path), str(exc))
    except Exception as exc:
        if debug or _affects_every_file(exc):
            raise
        return job.failed(str(path), _internal_error(exc))


def _affects_every_file(exc: Exception) -> bool:
    from .model.persist import ModelError
    from .nlp import ModelNotFound

    return isinstance(exc, ModelError | ModelNotFound)


def _internal_error(exc: Exception) -> str:
    from .loaders.errors import short_reason

    if isinstance(exc, MemoryError):
        return "out of memory while checking this file (lower the limits in [tool.contractlint.limits]?)"
    return f"internal error ({type(exc).__name__}: {short_reason(exc)}); rerun with --debug for the traceback"


_WORKER_DIED = "not checked: a worker process died (out of memory, or a crash in a parser library)"


def _run_in_processes(
    job: PerFile[R], paths: list[Path], config: Config, jobs: int, on_done: Callable[[R], object] | None, debug: bool
) -> list[R]:
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    # "spawn", not fork: the parent may be running threads (the progress bar) that fork would copy mid-lock.
    pool = ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_start_worker, initargs=(config,))
    results: list[R | None] = [None] * len(paths)
    try:
        # Largest files first: a big file started last would leave the other workers idle at the end.
        order = sorted(range(len(paths)), key=lambda slot: -_size(paths[slot]))
        slots = {pool.submit(_run_in_worker, job, paths[slot], debug): slot for slot in order}
        for future in as_completed(slots):
            slot = slots[future]
            try:
                result = results[slot] = future.result()
            except BrokenProcessPool:  # the files already done keep their results
                result = results[slot] = job.failed(str(paths[slot]), _WORKER_DIED)
            if on_done is not None:
                on_done(result)
    finally:
        pool.shutdown(cancel_futures=True)
    return results  # type: ignore[return-value]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the worker reports the error


_worker_config: Config | None = None
_worker_failure: Exception | None = None


def _start_worker(config: Config) -> None:
    """Runs once in each worker process: keep the config and load the spaCy pipeline up front.

    A failure is kept and raised with each file, so it reaches the parent as itself (no spaCy model:
    a one-line error) rather than as a broken pool and a traceback printed by the worker."""
    global _worker_config, _worker_failure
    _worker_config = config
    try:
        load_pipeline()
    except Exception as exc:
        _worker_failure = exc


def _run_in_worker(job: PerFile[R], path: Path, debug: bool) -> R:
    assert _worker_config is not None
    if _worker_failure is not None:
        raise _worker_failure
    return run_file(job, path, _worker_config, debug=debug)


def lint_document(document: Document, config: Config, nlp: object | None = None) -> FileResult:
    nlp = nlp or load_pipeline()
    return lint_parsed(parse_document(document, config, nlp), config, nlp)


def lint_parsed(parsed: ParsedDocument, config: Config, nlp: object) -> FileResult:
    """The findings of a document already parsed (`compliance` parses once and reads both)."""
    document, profile, outline = parsed.document, parsed.profile, parsed.outline
    rules = [
        r for r in REGISTRY if profile in r.profiles and config.enabled(r.code, document.display_path, opt_in=r.opt_in)
    ]
    span_rules = [r for r in rules if r.scope == "span"]
    document_rules = [r for r in rules if r.scope == "document"]
    findings: list[Finding] = []
    for index, (block, doc) in enumerate(parsed.parsed):
        if index in outline.toc_blocks:
            continue  # a table of contents lists headings; it requires nothing
        section = outline.path(index)
        for rule in span_rules:
            if block.kind in ("heading", "table-header") and not rule.headings:
                continue
            unit = Unit(block, doc, document, profile, _patterns(nlp, rule, config), section)
            findings.extend(_findings(rule, unit.check_hits(rule), document, outline, config))
    for rule in document_rules:
        unit = DocumentUnit.of(parsed, _patterns(nlp, rule, config))
        findings.extend(_findings(rule, rule.check(unit), document, outline, config))  # type: ignore[arg-type]
    ran = [r.code for r in rules]
    if config.model:  # the classifier, as one more rule source: scores, filters and adds (model/check.py)
        from .model.check import apply_model

        findings = apply_model(parsed, findings, config, BY_CATEGORY)
        ran += [r.code for r in MODEL_RULES]
    findings, unused = apply_suppressions(findings, document.suppressions, ran, BY_CODE)
    findings = merge_duplicates(set(findings), _REGISTRY_ORDER)
    # After the rules, which never see it: standard clause text lowers or hides what was found in it.
    findings = apply_context(findings, find_standard_text(document, outline), config.standard_clauses)
    # Whom each finding binds or favours, then the reader's side re-weighs them.
    parties = detect_parties(document, profile, config.parties)
    findings = apply_side(with_parties(findings, parsed, parties), config.side, config.strict)
    findings = sorted(findings, key=Finding.sort_key)
    return FileResult(
        document.display_path,
        document,
        profile,
        findings=findings,
        profile_detected=config.profile == "auto",
        unused_suppressions=unused,
        parties=parties,
        side=config.side,
    )


_REGISTRY_ORDER = {code: rank for rank, code in enumerate(BY_CODE)}  # the rules, then the classifier's codes


def _patterns(nlp: object, rule: Rule, config: Config) -> PatternSet | _Without | None:
    if not rule.patterns:
        return None
    overrides = config.terms.get(rule.code)
    extra, removed = (overrides.extra, overrides.remove) if overrides else ((), ())
    compiled = compile_patterns(nlp, rule.patterns, extra, removed, gated=config.fast_path)  # type: ignore[arg-type]
    return _Without(compiled, _phrase_regex(removed)) if removed else compiled


@dataclass(frozen=True)
class _Without:
    """A term list minus the phrases the config removes: no match inside one of them is kept.

    `compile_patterns` drops removed *phrase* entries, but a word inside a token pattern
    (`"promptly"` in `{"LOWER": {"IN": [...]}}`) or a shorter entry within a removed phrase
    ("as soon as" within "as soon as possible") can only be dropped from what matched.
    """

    patterns: PatternSet
    removed: re.Pattern[str]

    def __call__(self, doc: Doc) -> list[Match]:
        spans = [m.span() for m in self.removed.finditer(doc.text)]
        return [
            m for m in self.patterns(doc) if not any(s <= m.span.start_char and m.span.end_char <= e for s, e in spans)
        ]


def _phrase_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the phrases as whole words, case-insensitive, across any run of whitespace."""
    words = [r"\s+".join(map(re.escape, p.split())) for p in phrases if p.split()]
    return re.compile(rf"(?<!\w)(?:{'|'.join(words) or '(?!)'})(?!\w)", re.IGNORECASE)


def _findings(
    rule: Rule, hits: Iterable[Hit], document: Document, outline: Outline, config: Config
) -> Iterator[Finding]:
    severity = config.severity_of(rule.code, rule.severity)
    for hit in hits:
        start = end = excerpt = section = None
        if hit.span is not None and hit.block is not None:
            start, end = hit.block.source_span(hit.span.start_char, hit.span.end_char)
            excerpt = document.text[start:end]
            enclosing = outline.section_at(start)
            section = enclosing.title if enclosing else None
        yield Finding(
            code=rule.code,
            name=rule.name,
            category=rule.category,
            severity=severity,
            message=hit.message,
            hint=rule.hint,
            start=start,
            end=end,
            excerpt=excerpt,
            element=hit.element,
            section=section,
        )
