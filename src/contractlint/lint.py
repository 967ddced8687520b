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
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from .cache import Cache
from .config import Config
from .deliverables import DeliverablesResult, extract_deliverables
from .digest import DocumentDigest, make_digest
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

Encoded = dict[str, object]  # a result as JSON, for the result cache


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
    document into the command's result (parsing through the cache it is given, if any), `failed`
    makes the result of a file that could not be done.  A job whose results can be kept in the
    result cache names its entries (`kind`) and says how to `encode` a result as JSON and `decode`
    it against the freshly loaded document; `finish`, if any, is applied to every result, made
    (before it is encoded) or decoded (check's reports keep a digest of the document, not the
    document).  All are module-level functions, so a job pickles by reference into `--jobs` workers."""

    run: Callable[[Document, Config, object, Cache | None], R]
    failed: Callable[[str, str], R]
    kind: str = ""  # "" = results not cached (its parses still are)
    encode: Callable[[R], Encoded | None] | None = None
    decode: Callable[[Encoded, Document, Config], R] | None = None
    finish: Callable[[R], R] | None = None
    # A result decoded from its entry alone, without loading the file (None when the entry cannot
    # give one): check's reports store the digest they need, so an unchanged file is not even read.
    decode_alone: Callable[[Encoded, Config], R | None] | None = None


def _lint_run(document: Document, config: Config, nlp: object, cache: Cache | None) -> FileResult:
    return lint_document(document, config, nlp, cache)


def _lint_failed(path: str, error: str) -> FileResult:
    return FileResult(path, error=error)


def _deliverables_run(document: Document, config: Config, nlp: object, cache: Cache | None) -> DeliverablesResult:
    parsed = parse_document(document, config, nlp, cache)
    # The report needs the words and offsets, not the parse: a spaCy span cannot travel back from a
    # --jobs worker (spans do not pickle), and keeping it would hold every parse in memory to the end.
    found = [replace(item, span=None) for item in extract_deliverables(parsed)]
    return DeliverablesResult(document.display_path, found, parsed.profile, document=document)


def _deliverables_failed(path: str, error: str) -> DeliverablesResult:
    return DeliverablesResult(path, error=error)


def _lint_encode(result: FileResult) -> Encoded | None:
    """A result as JSON: the findings field by field, the unused suppressions, the parties.  The
    document is not stored: it is loaded again, which costs a small part of a parse."""
    if result.error or result.document is None:
        return None  # an error is reported afresh each run, never cached
    from dataclasses import asdict

    parties = result.parties
    return {
        "profile": result.profile,
        "findings": [_finding_json(f) for f in result.findings],
        "unused_suppressions": [asdict(s) for s in result.unused_suppressions],
        "parties": {"roles": dict(parties.roles), "written": dict(parties.written)} if parties else None,
    }


def _finding_json(finding: Finding) -> Encoded:
    from dataclasses import asdict

    return {**asdict(finding), "severity": finding.severity.value}


def _lint_decode(entry: Encoded, document: Document, config: Config) -> FileResult:
    from .finding import Reason, Severity

    findings = [
        Finding(**{**f, "severity": Severity(f["severity"]), "also": tuple(Reason(**r) for r in f["also"])})
        for f in entry["findings"]  # type: ignore[attr-defined]
    ]
    unused = [Suppression(**{**s, "codes": tuple(s["codes"])}) for s in entry["unused_suppressions"]]  # type: ignore[attr-defined]
    parties = entry["parties"]
    return FileResult(
        document.display_path,
        document,
        entry["profile"],  # type: ignore[arg-type]
        findings=findings,
        profile_detected=config.profile == "auto",
        unused_suppressions=unused,
        parties=Parties(parties["roles"], parties["written"]) if parties else None,  # type: ignore[index]
        side=config.side,
    )


def _report_encode(result: FileResult) -> Encoded | None:
    """As check's entry, plus the digest `finish` made (`_report_decode` reads it back)."""
    entry = _lint_encode(result)
    if entry is not None and isinstance(result.document, DocumentDigest):
        from .digest import digest_to_json

        entry["digest"] = digest_to_json(result.document)
    return entry


def _report_decode(entry: Encoded, config: Config) -> FileResult | None:
    """A report's result from its entry alone; None for an entry that carries no digest (one that
    `annotate` wrote: the file is then loaded and decoded as usual)."""
    if "digest" not in entry:
        return None
    from .digest import digest_from_json

    digest = digest_from_json(entry["digest"])  # type: ignore[arg-type]
    return _lint_decode(entry, digest, config)  # type: ignore[arg-type]  # reads only its display_path


def _digested(result: FileResult, *, keep_text: bool = False) -> FileResult:
    if isinstance(result.document, Document):
        result.document = make_digest(result.document, result.findings, keep_text=keep_text)
    return result


def _digested_with_text(result: FileResult) -> FileResult:
    return _digested(result, keep_text=True)


CHECK: PerFile[FileResult] = PerFile(_lint_run, _lint_failed, "check", _lint_encode, _lint_decode)
# `check`'s reports: each result keeps a digest of its document, made in the worker (digest.py).
REPORT = replace(CHECK, encode=_report_encode, finish=_digested, decode_alone=_report_decode)
REPORT_WITH_TEXT = replace(CHECK, finish=_digested_with_text)  # for formats that show the whole text (HTML)
DELIVERABLES: PerFile[DeliverablesResult] = PerFile(_deliverables_run, _deliverables_failed)


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, as a container or `taskset` sets it),
    not the machine's count: more workers than that only share the same cores."""
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def resolve_jobs(jobs: int | None, files: int) -> int:
    """`--jobs auto` (None): one process per usable CPU, never more than there are files."""
    return max(1, min(available_cpus() if jobs is None else jobs, files))


def lint_paths(
    paths: Iterable[Path],
    config: Config,
    *,
    jobs: int = 1,
    on_done: Callable[[FileResult], object] | None = None,
    debug: bool = False,
    cache: Cache | None = None,
) -> list[FileResult]:
    """`check` (and `annotate`) over files: see `run_files`."""
    return run_files(CHECK, paths, config, jobs=jobs, on_done=on_done, debug=debug, cache=cache)


def run_files(
    job: PerFile[R],
    paths: Iterable[Path],
    config: Config,
    *,
    jobs: int = 1,
    on_done: Callable[[R], object] | None = None,
    debug: bool = False,
    cache: Cache | None = None,
) -> list[R]:
    """The one run loop: load each file and do `job` on it; a file that cannot be loaded or done gets
    its one-line error and the rest go on.

    With a `cache`, files whose result is in it are done first, here, without loading spaCy; the
    others are parsed through it (unchanged blocks come from it) and their results stored.  With
    `jobs` > 1 the rest are done in that many processes, each loading the spaCy pipeline once;
    results come back in input order whatever order they finish in.  `on_done` is called with each
    result as its file finishes (a progress bar advances on it).  `debug`: see `run_file`."""
    paths = list(paths)
    results: list[R | None] = [None] * len(paths)
    todo: list[int] = []
    for slot, path in enumerate(paths):
        results[slot] = _cached_result(job, path, config, cache)
        if results[slot] is None:
            todo.append(slot)
        elif on_done is not None:
            on_done(results[slot])  # type: ignore[arg-type]
    rest = [paths[slot] for slot in todo]
    if jobs > 1 and len(rest) > 1:
        done = _run_in_processes(job, rest, config, min(jobs, len(rest)), on_done, debug, cache)
    else:
        done = []
        for path in rest:
            done.append(run_file(job, path, config, debug=debug, cache=cache))
            if on_done is not None:
                on_done(done[-1])
    for slot, result in zip(todo, done, strict=True):
        results[slot] = result
    return results  # type: ignore[return-value]


def lint_file(path: Path, config: Config, *, debug: bool = False, cache: Cache | None = None) -> FileResult:
    return run_file(CHECK, path, config, debug=debug, cache=cache)


def run_file(job: PerFile[R], path: Path, config: Config, *, debug: bool = False, cache: Cache | None = None) -> R:
    """One file's result; whatever goes wrong with this file becomes its one-line `error`.

    Only errors that would hit every file (no spaCy model, a broken classifier artifact) propagate,
    and, with `debug`, any unexpected exception, with its traceback."""
    try:
        key = _result_key(job, path, config) if cache is not None and job.encode is not None else None
        result = job.run(load(path, config.limits), config, load_pipeline(), cache)
        if job.finish is not None:
            result = job.finish(result)  # before encoding: a report's entry stores the digest made here
        entry = job.encode(result) if key is not None and job.encode is not None else None
        if entry is not None:
            cache.write_json("results", key, entry)  # type: ignore[union-attr, arg-type]
        return result
    except LoadError as exc:
        return job.failed(str(path), str(exc))
    except Exception as exc:
        if debug or _affects_every_file(exc):
            raise
        return job.failed(str(path), _internal_error(exc))


def _cached_result(job: PerFile[R], path: Path, config: Config, cache: Cache | None) -> R | None:
    """The file's stored result, from the entry alone when the job can (`decode_alone`), else decoded
    against the file loaded afresh; None on a miss, and on any entry that does not decode (it is
    then rewritten by the run)."""
    if cache is None or job.decode is None:
        return None
    key = _result_key(job, path, config)
    entry = cache.read_json("results", key) if key is not None else None
    if entry is None:
        cache.stats.result_misses += 1
        return None
    if job.decode_alone is not None:
        try:
            alone = job.decode_alone(entry, config)
        except Exception:  # an entry of another shape: ignored, and rewritten by the run
            cache.stats.bad_entries += 1
            return None
        if alone is not None:
            cache.stats.result_hits += 1
            return alone
    try:
        document = load(path, config.limits)
    except Exception:
        return None  # the run does this file and reports what went wrong, as without a cache
    try:
        result = job.decode(entry, document, config)
    except Exception:  # an entry of another shape: ignored, and rewritten by the run
        cache.stats.bad_entries += 1
        return None
    cache.stats.result_hits += 1
    return job.finish(result) if job.finish is not None else result


def _result_key(job: PerFile[R], path: Path, config: Config) -> str | None:
    """What a file's result depends on: its bytes, its path (per-file ignores, the path in reports)
    and the working directory (relative config paths), the effective config, contractlint's code and data,
    the classifier artifact and the spaCy pipeline.  None for a file that cannot be read: the run
    reports why."""
    import os

    from .cache import digest, fingerprint
    from .nlp import installed_identity
    from .version import build_identity

    try:
        if path.stat().st_size > config.limits.max_file_size:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    model = _artifact_hash(config.model_path) if config.model else "no model"
    settings = fingerprint(config, leave_out=("fail_on", "cache_max_size"))
    return digest(job.kind, build_identity(), str(path), os.getcwd(), settings, model, installed_identity(), data)


def _artifact_hash(path: Path | None) -> str:
    from .model.persist import shipped_path

    artifact = (path or shipped_path()).resolve()
    try:
        stat = artifact.stat()
    except OSError:
        return "missing"  # the run reports it
    return _hash_file(artifact, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _hash_file(path: Path, _size: int, _mtime: int) -> str:
    """A file's sha256, once per process while its size and time stay the same."""
    from .cache import digest

    return digest(path.read_bytes())


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
    job: PerFile[R],
    paths: list[Path],
    config: Config,
    jobs: int,
    on_done: Callable[[R], object] | None,
    debug: bool,
    cache: Cache | None,
) -> list[R]:
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    # "spawn", not fork: the parent may be running threads (the progress bar) that fork would copy mid-lock.
    context = get_context("spawn")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(config, cache))
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
_worker_cache: Cache | None = None
_worker_failure: Exception | None = None


def _start_worker(config: Config, cache: Cache | None = None) -> None:
    """Runs once in each worker process: keep the config and load the spaCy pipeline up front.

    A failure is kept and raised with each file, so it reaches the parent as itself (no spaCy model:
    a one-line error) rather than as a broken pool and a traceback printed by the worker."""
    global _worker_config, _worker_cache, _worker_failure
    _worker_config, _worker_cache = config, cache
    try:
        load_pipeline()
    except Exception as exc:
        _worker_failure = exc


def _run_in_worker(job: PerFile[R], path: Path, debug: bool) -> R:
    assert _worker_config is not None
    if _worker_failure is not None:
        raise _worker_failure
    return run_file(job, path, _worker_config, debug=debug, cache=_worker_cache)


def lint_document(
    document: Document, config: Config, nlp: object | None = None, cache: Cache | None = None
) -> FileResult:
    nlp = nlp or load_pipeline()
    return lint_parsed(parse_document(document, config, nlp, cache), config, nlp)


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
