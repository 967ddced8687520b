"""The command line: parse options, call the library, print, and choose the exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from .config import (
    FAIL_ON_CHOICES,
    PROFILE_CHOICES,
    SIDE_CHOICES,
    STANDARD_CLAUSE_CHOICES,
    Config,
    ConfigError,
    find_config,
    load_config,
    parse_fail_on,
)
from .config import validate_codes as _validate_codes
from .finding import Severity
from .nlp import freeze_after_loading
from .spacy_startup import defer_spacy_tools

defer_spacy_tools()  # before anything imports spaCy (why: spacy_startup.py)
freeze_after_loading()  # this process ends with its run (why: nlp.py)

if TYPE_CHECKING:
    from .cache import Cache
    from .lint import PerFile
    from .paths import Skipped

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_DEBUG = "contractlint.debug"  # ctx.meta key set by --debug
_NO_CACHE, _CACHE_DIR = "contractlint.no_cache", "contractlint.cache_dir"  # ctx.meta keys of the cache options


class _Guarded(click.Group):
    """No Python traceback reaches the user: an exception nothing handled is one line and exit 2,
    unless `--debug` was given.  (Errors in one file never get here: `lint_file` keeps them.)"""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if ctx.meta.get(_DEBUG):
                raise
            from .loaders.errors import short_reason

            _fail(f"internal error ({type(exc).__name__}: {short_reason(exc)}); rerun with --debug for the traceback")
            raise  # unreachable


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_DEBUG] = True


_debug_option = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    callback=_set_debug,
    help="Show the traceback of an unexpected error instead of a one-line message (stops the run).",
)


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="contractlint")
def main() -> None:
    """contractlint: find the language that makes outsourcing deals fail."""


def _codes_option(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    from .rules import BY_CODE

    try:
        return _validate_codes(value.split(","), frozenset(BY_CODE))
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _extend_options(command: Callable[..., None]) -> Callable[..., None]:
    """--extend-select / --extend-ignore: add to the config file's lists, where --select / --ignore
    replace them (as ruff does), so one run can add a rule without restating the project's choice."""
    command = click.option(
        "--extend-ignore", callback=_codes_option, help="Skip these too, keeping the config's ignore list."
    )(command)
    return click.option(
        "--extend-select", callback=_codes_option, help="Run these too, keeping the config's selection."
    )(command)


def _side_options(command: Callable[..., None]) -> Callable[..., None]:
    """--side / --strict: read as one party (parties.py)."""
    command = click.option(
        "--strict", is_flag=True, default=None, help="With --side: one-sided terms favouring the other side are errors."
    )(command)
    return click.option(
        "--side",
        type=click.Choice(SIDE_CHOICES),
        help="Read as the buyer or the vendor: one-sided terms favouring your side become info, the other "
        "side's weak commitments and vague timelines are raised.  [default: neutral, or the config's side]",
    )(command)


class _Jobs(click.ParamType):
    """--jobs: a number of processes, or `auto` (None): every CPU this process may use."""

    name = "N|auto"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int | None:
        if value is None or value == "auto":
            return None
        try:
            number = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            self.fail(f"{value!r} is not a number of processes (1 or more) or 'auto'", param, ctx)
        return number


def _keep(key: str) -> Callable[[click.Context, click.Parameter, object], None]:
    def callback(ctx: click.Context, _param: click.Parameter, value: object) -> None:
        if value:
            ctx.meta[key] = value

    return callback


def _cache_options(command: Callable[..., None]) -> Callable[..., None]:
    """--no-cache / --cache-dir, kept in ctx.meta for `_run` (the commands never handle them)."""
    command = click.option(
        "--cache-dir",
        type=click.Path(path_type=Path, file_okay=False),
        expose_value=False,
        callback=_keep(_CACHE_DIR),
        help="Cache folder.  [default: $CONTRACTLINT_CACHE_DIR, else .contractlint_cache]",
    )(command)
    return click.option(
        "--no-cache",
        is_flag=True,
        expose_value=False,
        callback=_keep(_NO_CACHE),
        help="Neither read nor write the cache of findings and parses.",
    )(command)


def _jobs_option(what: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option(
        "-j",
        "--jobs",
        type=_Jobs(),
        default="auto",
        show_default=True,
        help=f"{what} in N parallel processes; auto: one per CPU this process may use, at most one per file.",
    )


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif", "github", "junit", "csv", "html"]),
    default="text",
    show_default=True,
)
@click.option("--select", callback=_codes_option, help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", callback=_codes_option, help="Skip these rule codes or prefixes (comma-separated).")
@_extend_options
@click.option(
    "--profile", type=click.Choice(PROFILE_CHOICES), help="Document type; 'auto' detects it.  [default: auto]"
)
@click.option(
    "--fail-on", type=click.Choice(FAIL_ON_CHOICES), help="Lowest severity that fails the run.  [default: warning]"
)
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), help="Config file to use.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report to a file.")
@click.option(
    "-q", "--quiet", is_flag=True, help="Print findings and errors only: no summary, no list of skipped files."
)
@click.option("--no-model", is_flag=True, help="Rules only: do not run the trained classifier.")
@click.option(
    "--model",
    "model_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Classifier artifact (.npz) written by `contractlint train`.  [default: the shipped one]",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0.0, 1.0),
    help="Report classifier-only findings (ML codes) at this score or above.  [default: validated per category]",
)
@click.option(
    "--standard-clauses",
    type=click.Choice(STANDARD_CLAUSE_CHOICES),
    help="Findings in standard clause text (FAR/HIPAA clauses, recurring boilerplate): report as info, "
    "hide them, or keep their severity.  [default: info]",
)
@_side_options
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Report and fail only on findings not recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Record the current findings in this baseline file (no report; exits 0).",
)
@_jobs_option("Lint files")
@_cache_options
@click.option("--no-fast-path", is_flag=True, hidden=True, help="Do every step even where it cannot change a finding.")
@_debug_option
def check(
    paths: tuple[Path, ...],
    output_format: str,
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...] | None,
    extend_select: tuple[str, ...] | None,
    extend_ignore: tuple[str, ...] | None,
    profile: str | None,
    fail_on: str | None,
    config_path: Path | None,
    output: Path | None,
    quiet: bool,
    no_model: bool,
    model_path: Path | None,
    min_score: float | None,
    standard_clauses: str | None,
    side: str | None,
    strict: bool | None,
    baseline: Path | None,
    write_baseline: Path | None,
    jobs: int | None,
    no_fast_path: bool,
) -> None:
    """Lint statements of work, RFQs, proposals and agreements (.md .txt .docx .pdf, or folders)."""
    from .formats import FORMATS
    from .formats import text as text_format

    config = _selection(_config(config_path), select, ignore, extend_select, extend_ignore).with_options(
        profile=profile,
        fail_on=parse_fail_on(fail_on) if fail_on else None,
        model=False if no_model else None,
        model_path=model_path,
        min_score=min_score,
        standard_clauses=standard_clauses,
        side=side,
        strict=strict,
        fast_path=False if no_fast_path else None,
    )
    if fail_on == "never":
        config = config.with_options(fail_on=None) if config.fail_on is None else _never(config)
    files, skipped = _inputs(paths)
    results = _run(_report_job(output_format), files, config, jobs)
    if write_baseline is not None:
        _write_baseline(results, write_baseline, files)
    if baseline is not None:
        results = _apply_baseline(results, baseline, quiet)
    if output_format == "text":
        colour = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        report = text_format.render(results, colour=colour, quiet=quiet, skipped=skipped)
    else:
        report = FORMATS[output_format](results, skipped=skipped)
    _emit(report, output, files)
    if output_format != "text" or output is not None:  # the text report on stdout has these lines already
        _errors_on_stderr(results)
        _skipped_on_stderr(skipped, quiet)
    if output is not None and not quiet:
        _wrote(output, output_format, _check_totals(results, skipped))
    sys.exit(_exit_code(results, config))


def _selection(
    config: Config,
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...] | None,
    extend_select: tuple[str, ...] | None,
    extend_ignore: tuple[str, ...] | None,
) -> Config:
    """--select / --ignore replace the config file's lists; the --extend- options add to them."""
    config = config.with_options(select=select, ignore=ignore)
    return config.with_options(
        extend_select=config.extend_select + extend_select if extend_select else None,
        ignore=config.ignore + extend_ignore if extend_ignore else None,
    )


def _inputs(paths: tuple[Path, ...]) -> tuple[list[Path], list[Skipped]]:
    """The files to read and the files skipped in folders; none to read is a usage error that still
    names what was skipped, so a folder of .doc files does not look empty."""
    from .paths import discover

    found = discover(paths)
    if not found.files:
        for item in found.skipped:
            click.echo(f"{item.path}: skipped: {item.reason}", err=True)
        _fail("no supported files found (looked for .md, .txt, .docx, .pdf)")
    return found.files, found.skipped


def _errors_on_stderr(results: list) -> None:  # type: ignore[type-arg]
    for result in results:
        if result.error:
            click.echo(f"{result.path}: error: {result.error}", err=True)


def _skipped_on_stderr(skipped: list[Skipped], quiet: bool) -> None:
    """Files skipped in folders, one line each; --quiet shortens the list to its count, never to nothing."""
    if quiet and skipped:
        from .formats.records import plural

        click.echo(f"contractlint: {plural(len(skipped), 'file')} skipped (listed without --quiet)", err=True)
    elif not quiet:
        for item in skipped:
            click.echo(f"{item.path}: skipped: {item.reason}", err=True)


def _check_totals(results: list, skipped: list[Skipped]) -> tuple[str, list[str]]:  # type: ignore[type-arg]
    from .formats.records import notes, totals_phrase

    return totals_phrase(results), notes(results, skipped)


def _wrote(output: Path, output_format: str, totals: tuple[str, list[str]]) -> None:
    """One line on stderr saying where the report went and what it holds: with -o nothing else
    would show that the run did anything."""
    phrase, extra = totals
    click.echo("; ".join([f"contractlint: wrote {phrase} to {output} ({output_format})", *extra]), err=True)


def _report_job(output_format: str) -> PerFile:  # type: ignore[type-arg]
    """`check`'s job: results with a digest of each document, with its text only for HTML."""
    from .lint import REPORT, REPORT_WITH_TEXT

    return REPORT_WITH_TEXT if output_format == "html" else REPORT


def _lint(files: list[Path], config: Config, jobs: int | None = 1) -> list:  # type: ignore[type-arg]
    from .lint import CHECK

    return _run(CHECK, files, config, jobs)


def _run(job: PerFile, files: list[Path], config: Config, jobs: int | None = 1) -> list:  # type: ignore[type-arg]
    """The one run loop for every command that reads files (check, annotate, deliverables): per-file
    errors, --jobs, the progress bar.  A missing or invalid classifier artifact is a usage error
    (exit 2), never a silent rules-only run."""
    from .lint import resolve_jobs, run_files
    from .model.persist import ModelError
    from .nlp import ModelNotFound

    meta = click.get_current_context().meta
    debug = bool(meta.get(_DEBUG))
    cache = None if meta.get(_NO_CACHE) else _cache(meta.get(_CACHE_DIR), config)
    try:
        with _progress(len(files)) as advance:
            jobs = resolve_jobs(jobs, len(files))
            results = run_files(job, files, config, jobs=jobs, on_done=advance, debug=debug, cache=cache)
        if cache is not None:
            cache.prune()
        return results
    except ModelError as exc:
        _fail(f"{exc} (--no-model lints with the rules only)")
        raise  # unreachable
    except ModelNotFound as exc:
        _fail(str(exc))
        raise  # unreachable


def _cache(folder: Path | None, config: Config) -> Cache:
    from .cache import Cache, default_dir

    return Cache(folder or default_dir(), config.cache_max_size)


PROGRESS_MIN_FILES = 4


def _stderr() -> TextIO:
    return sys.stderr


@contextmanager
def _progress(total: int) -> Iterator[Callable[[object], None]]:
    """A progress bar on stderr for runs over several files, only where a person is watching it."""
    stream = _stderr()
    if total < PROGRESS_MIN_FILES or not stream.isatty():
        yield lambda _result: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("Linting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(file=stream), transient=True) as bar:
        task = bar.add_task("lint", total=total)
        yield lambda _result: bar.advance(task)


def _write_baseline(results: list, target: Path, inputs: list[Path]) -> None:  # type: ignore[type-arg]
    from . import baseline

    _emit(baseline.render(results, target), target, inputs)
    for result in results:
        if result.error:
            click.echo(f"{result.path}: error: {result.error}", err=True)
    count = sum(len(r.findings) for r in results)
    click.echo(f"contractlint: recorded {count} findings in {target}", err=True)
    sys.exit(EXIT_ERROR if any(r.error for r in results) else EXIT_OK)


def _apply_baseline(results: list, source: Path, quiet: bool) -> list:  # type: ignore[type-arg]
    from . import baseline

    try:
        outcome = baseline.apply(results, baseline.load(source), source)
    except baseline.BaselineError as exc:
        _fail(str(exc))
        raise  # unreachable
    if not quiet and (outcome.matched or outcome.stale):
        stale = f"; {outcome.stale} baseline entries no longer match (rewrite with --write-baseline)"
        note = f"contractlint: {outcome.matched} findings in the baseline not reported{stale if outcome.stale else ''}"
        click.echo(note, err=True)
    return outcome.results


def _emit(report: str, output: Path | None, inputs: list[Path]) -> None:
    """Print the report, or write it to `output` (never over one of the input documents)."""
    from .paths import write_atomically

    if output is None:
        click.echo(report, nl=False)
        return
    try:
        write_atomically(output, report, inputs=inputs)
    except (OSError, ValueError) as exc:
        _fail(str(exc))


def _never(config: Config) -> Config:
    from dataclasses import replace

    return replace(config, fail_on=None)


def _exit_code(results: list, config: Config) -> int:  # type: ignore[type-arg]
    if any(r.error for r in results):
        return EXIT_ERROR
    threshold: Severity | None = config.fail_on
    if threshold is not None and any(f.severity >= threshold for r in results for f in r.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _config(config_path: Path | None) -> Config:
    from .rules import BY_CODE

    path = config_path if config_path is not None else find_config(Path.cwd())
    try:
        return load_config(path, BY_CODE)
    except ConfigError as exc:
        _fail(str(exc))
        raise  # unreachable; keeps type checkers content


def _fail(message: str) -> None:
    click.echo(f"contractlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@main.command()
def rules() -> None:
    """List every rule: code, name, category, severity, whether it runs by default, and summary."""
    from .rules import REGISTRY
    from .rules.classifier import MODEL_RULES

    width = max(len(r.name) for r in (*REGISTRY, *MODEL_RULES))
    for rule in (*REGISTRY, *MODEL_RULES):
        runs = "model  " if rule.scope == "model" else "opt-in " if rule.opt_in else "default"
        columns = (rule.code, f"{rule.name:<{width}}", f"{rule.category:<18}", f"{rule.severity.label:<7}", runs)
        click.echo("  ".join(columns) + "  " + rule.summary)


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print a rule's documentation and examples."""
    from .rules import BY_CODE
    from .rules.base import unmark

    rule = BY_CODE.get(code.upper())
    if rule is None:
        _fail(f"unknown rule code {code!r}; `contractlint rules` lists them")
        return
    runs = ", opt-in: runs only with --select " + rule.code if rule.opt_in else ""
    click.echo(f"{rule.code} {rule.name}  (category: {rule.category}, severity: {rule.severity.label}{runs})\n")
    click.echo(rule.doc + "\n")
    click.echo(f"Fix: {rule.hint}\n")
    flagged = tuple(unmark(example)[0] for example in rule.fires)  # the «marks» are for the tests
    for title, examples in (("Flagged:", flagged), ("Not flagged:", rule.passes)):
        if examples:  # the classifier's codes (ML..) learn from data and list no examples
            click.echo(title)
            for example in examples:
                click.echo(f"  - {example}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
@click.option(
    "--profile", type=click.Choice(PROFILE_CHOICES), help="Document type; 'auto' detects it.  [default: auto]"
)
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), help="Config file to use.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the table to a file.")
@click.option("-q", "--quiet", is_flag=True, help="No note on stderr about the file written or the files skipped.")
@_jobs_option("Read files")
@_cache_options
@_debug_option
def deliverables(
    paths: tuple[Path, ...],
    output_format: str,
    profile: str | None,
    config_path: Path | None,
    output: Path | None,
    quiet: bool,
    jobs: int | None,
) -> None:
    """Extract each deliverable with its owner, due date and acceptance criterion, marking the gaps."""
    from .formats import deliverables as render
    from .lint import DELIVERABLES

    config = _config(config_path).with_options(profile=profile)
    files, skipped = _inputs(paths)
    results = _run(DELIVERABLES, files, config, jobs)
    renderers = {"text": render.render_text, "json": render.render_json, "csv": render.render_csv}
    report = renderers[output_format](results)
    _emit(report, output, files)
    if output_format != "text" or output is not None:  # the text table on stdout has these lines already
        _errors_on_stderr(results)
    _skipped_on_stderr(skipped, quiet)  # a deliverables report has no summary to hold them
    if output is not None and not quiet:
        _wrote(output, output_format, _deliverables_totals(results, skipped))
    sys.exit(EXIT_ERROR if any(r.error for r in results) else EXIT_OK)


def _deliverables_totals(results: list, skipped: list[Skipped]) -> tuple[str, list[str]]:  # type: ignore[type-arg]
    from .formats.records import notes, plural

    found = [d for r in results for d in r.deliverables]
    gaps = sum(1 for d in found if d.gaps)
    phrase = f"{plural(len(found), 'deliverable')} ({gaps} with gaps) from {plural(len(results), 'file')}"
    return phrase, notes(results, skipped)


@main.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@_side_options
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False), help="The .docx to write."
)
@click.option("--select", callback=_codes_option, help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", callback=_codes_option, help="Skip these rule codes or prefixes (comma-separated).")
@_extend_options
@click.option(
    "--profile", type=click.Choice(PROFILE_CHOICES), help="Document type; 'auto' detects it.  [default: auto]"
)
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), help="Config file to use.")
@_cache_options
@_debug_option
def annotate(
    path: Path,
    side: str | None,
    strict: bool | None,
    output: Path,
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...] | None,
    extend_select: tuple[str, ...] | None,
    extend_ignore: tuple[str, ...] | None,
    profile: str | None,
    config_path: Path | None,
) -> None:
    """Write a copy of a .docx (or a .md/.txt as a new .docx) with a Word comment on each finding."""
    from .annotate import AnnotateError
    from .annotate import annotate as reviewed
    from .paths import refuse_input, write_atomically

    if output.suffix.lower() != ".docx":
        _fail(f"{output}: the output must be a .docx file")
    try:
        refuse_input(output, [path])  # before linting, not only when writing: the answer will not change
    except ValueError as exc:
        _fail(str(exc))
    config = _selection(_config(config_path), select, ignore, extend_select, extend_ignore)
    config = config.with_options(profile=profile, side=side, strict=strict)
    result = _lint([path], config)[0]
    if result.error:
        _fail(f"{path}: {result.error}")
    try:
        write_atomically(output, reviewed(result, config.limits), inputs=[path])
    except (AnnotateError, OSError, ValueError) as exc:
        _fail(str(exc))
    click.echo(f"{output}: {len(result.findings)} comments on {path}")


_DIR = click.Path(path_type=Path, file_okay=False)


@main.command()
@click.option("--data", "data", multiple=True, type=_DIR, help="Labelled units to train and validate on (repeat).")
@click.option("--extra", multiple=True, type=_DIR, help="Units that only train: corpora/labelled, CLAUDETTE (repeat).")
@click.option(
    "--out", required=True, type=click.Path(path_type=Path), help="Folder or .npz file to write the artifact to."
)
def train(data: tuple[Path, ...], extra: tuple[Path, ...], out: Path) -> None:
    """Train the sentence classifier on --data (and --extra), writing the artifact to --out."""
    from .training.commands import train as run
    from .training.data import DataError

    try:
        click.echo(run(data, extra, out), nl=False)
    except DataError as exc:
        _fail(str(exc))


@main.command()
@click.option("--data", "data", multiple=True, type=_DIR, help="Labelled units to cross-validate on (repeat).")
@click.option("--extra", multiple=True, type=_DIR, help="Units added to every training fold only (repeat).")
@click.option("--metrics", type=click.Path(path_type=Path, dir_okay=False), help="Also write the scores as JSON here.")
def evaluate(data: tuple[Path, ...], extra: tuple[Path, ...], metrics: Path | None) -> None:
    """Grouped cross-validation by document: rules only, model only, combined (the table on stdout)."""
    from .training.commands import evaluate as run
    from .training.data import DataError

    try:
        click.echo(run(data, extra, metrics), nl=False)
    except DataError as exc:
        _fail(str(exc))


@main.command()
@click.argument("rfp", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("proposals", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv", "html", "xlsx"]),
    default="text",
    show_default=True,
    help="xlsx needs -o.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the matrix to a file.")
@click.option(
    "--fail-on",
    type=click.Choice(["partial", "missing", "never"]),
    default="missing",
    show_default=True,
    help="Exit 1 when a requirement has this status (partial: partial or missing).",
)
@click.option("--include-instructions", is_flag=True, help="Also list submission instructions (page limits, due date).")
@click.option("--force", is_flag=True, help="Use the first document as the RFP even if it reads as a proposal.")
@click.option("--no-model", is_flag=True, help="Judge answers with the rules' findings only.")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), help="Config file to use.")
@click.option("-q", "--quiet", is_flag=True, help="No note on stderr about the file written.")
@_side_options
@_debug_option
def compliance(
    rfp: Path,
    proposals: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    fail_on: str,
    include_instructions: bool,
    force: bool,
    no_model: bool,
    config_path: Path | None,
    quiet: bool,
    side: str | None,
    strict: bool | None,
) -> None:
    """The compliance matrix: each requirement of RFP and whether each PROPOSAL answers it
    (addressed, partial, missing), with the answering passages and the reason."""
    from .compliance import ComplianceError, build_report, fails
    from .formats import compliance as render
    from .formats.compliance_html import render_html
    from .formats.compliance_xlsx import render_xlsx

    if output_format == "xlsx" and output is None:
        _fail("--format xlsx writes a workbook: give -o FILE.xlsx")
    config = _config(config_path).with_options(model=False if no_model else None, side=side, strict=strict)
    try:
        report = build_report(rfp, proposals, config, include_instructions=include_instructions, force=force)
    except ComplianceError as exc:
        _fail(str(exc))
        return
    renderers = {"text": render.render_text, "json": render.render_json, "csv": render.render_csv}
    renderers |= {"html": render_html, "xlsx": render_xlsx}  # type: ignore[dict-item]
    _emit(renderers[output_format](report), output, [rfp, *proposals])  # type: ignore[arg-type]
    errors = [m for m in report.proposals if m.error]
    if output_format != "text" or output is not None:
        for matrix in errors:
            click.echo(f"{matrix.path}: error: {matrix.error}", err=True)
    if output is not None and not quiet:
        from .formats.records import plural

        rows = plural(sum(len(m.rows) for m in report.proposals), "row")
        note = f"contractlint: wrote {rows} for {plural(len(proposals), 'proposal')} to {output} ({output_format})"
        click.echo(note, err=True)
    sys.exit(EXIT_ERROR if errors else EXIT_FINDINGS if fails(report, fail_on) else EXIT_OK)

_CACHE_DIR_OPTION = click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Cache folder.  [default: $CONTRACTLINT_CACHE_DIR, else .contractlint_cache]",
)


@main.group()
def cache() -> None:
    """The cache of findings and parses that makes re-runs fast (see `check --no-cache`)."""


@cache.command()
@_CACHE_DIR_OPTION
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), help="Config file to use.")
def info(cache_dir: Path | None, config_path: Path | None) -> None:
    """Where the cache is, its entries and size, and its cap."""
    from .limits import describe_size

    usage = _cache(cache_dir, _config(config_path)).usage()
    click.echo(f"cache: {usage.root}{'' if usage.root.exists() else ' (not created yet)'}")
    for kind in usage.entries:
        click.echo(f"  {kind}: {usage.entries[kind]} entries, {describe_size(usage.sizes[kind])}")
    click.echo(f"  total: {describe_size(usage.total)} of {describe_size(usage.max_size)} (cache-max-size)")


@cache.command()
@_CACHE_DIR_OPTION
def clean(cache_dir: Path | None) -> None:
    """Delete the cache folder."""
    from .cache import Cache, default_dir

    folder = cache_dir or default_dir()
    try:
        removed = Cache(folder).clean()
    except (OSError, ValueError) as exc:
        _fail(str(exc))
    click.echo(f"removed {folder}" if removed else f"no cache at {folder}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--out", required=True, type=click.Path(path_type=Path, file_okay=False), help="Dataset folder.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Address of an existing Dask scheduler (tcp://host:8786); implies --engine dask.")
@click.option(
    "--workers", type=click.IntRange(min=1), help="Workers of the LocalCluster --engine dask starts.  [default: CPUs]"
)
@_jobs_option("Local engine: lint files")
@click.option("--batch-size", type=click.IntRange(min=1), default=50, show_default=True, help="Files per commit.")
@click.option("--select", callback=_codes_option, help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", callback=_codes_option, help="Skip these rule codes or prefixes (comma-separated).")
@click.option(
    "--profile", type=click.Choice(PROFILE_CHOICES), help="Document type; 'auto' detects it.  [default: auto]"
)
@click.option("--no-model", is_flag=True, help="Rules only: do not run the trained classifier.")
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), help="Config file to use.")
def corpus(
    paths: tuple[Path, ...],
    out: Path,
    engine: str,
    scheduler: str | None,
    workers: int | None,
    jobs: int | None,
    batch_size: int,
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...] | None,
    profile: str | None,
    no_model: bool,
    config_path: Path | None,
) -> None:
    """Lint a corpus into OUT/findings.parquet and OUT/documents.parquet; resumable (rerun to finish)."""
    from .corpus import run_corpus
    from .corpus.progress import progress_bar
    from .lint import available_cpus

    engine = "dask" if scheduler else engine
    try:
        import pyarrow  # noqa: F401  (the dataset's format)

        if engine == "dask":
            import distributed  # noqa: F401
    except ImportError as exc:
        _fail(f"corpus needs pyarrow and dask ({exc.name} is missing): pip install 'contractlint[cluster]'")
    config = _selection(_config(config_path), select, ignore, None, None)
    config = config.with_options(profile=profile, model=False if no_model else None)
    with progress_bar(_stderr()) as (on_start, on_file):
        done = run_corpus(
            paths, out, config, engine=engine, jobs=jobs or available_cpus(), scheduler=scheduler,
            workers=workers or available_cpus(), batch_size=batch_size, on_start=on_start, on_file=on_file,
        )  # fmt: skip
    rate = done.words / done.seconds if done.seconds else 0.0
    click.echo(
        f"contractlint: {done.documents} documents and {done.findings} findings in {out}; {done.done} files linted "
        f"now ({done.errors} with errors), {done.skipped_done} already done; {done.seconds:.1f} s, "
        f"{done.done / done.seconds if done.seconds else 0:.2f} files/s, {rate:,.0f} words/s",
        err=True,
    )
    sys.exit(EXIT_ERROR if done.errors else EXIT_OK)
