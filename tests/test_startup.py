"""What a one-page `check` imports and loads (start-up, issue 15): only what the run needs.

Each test runs a fresh interpreter, because what matters is what a new process imports.  They
assert *which* modules are loaded, never how long anything takes (benchmarks/startup.py times it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PAGE = """\
# Statement of Work

## Scope

The Contractor shall respond to all incidents as soon as possible and deliver a report.
"""

# Libraries a one-page Markdown check must never import: other formats' readers and writers,
# training, the corpus engines, the progress bar, and spaCy's command-line tools.
NOT_ON_THE_CHECK_PATH = (
    "pandas",
    "pyarrow",
    "dask",
    "distributed",
    "openpyxl",
    "sklearn",
    "scipy",
    "rich",
    "jinja2",
    "docx",
    "pypdf",
    "typer",
    "weasel",
    "httpx",
    "srsly.ruamel_yaml",
    "contractlint.formats.html",
    "contractlint.formats.sarif",
    "contractlint.training",
    "contractlint.corpus",
    "contractlint.compliance",
)

CHECK_A_PAGE = """
import json, sys
from contractlint.cli import main
try:
    main(["check", "--no-cache", "--format", "json", "--fail-on", "never", sys.argv[1]])
except SystemExit as done:
    assert done.code == 0, done.code
deferred = sys.modules["spacy.cli"]
print(json.dumps({
    "modules": sorted(sys.modules),
    "spacy_cli_deferred": type(deferred).__name__ == "DeferredModule" and "download" not in vars(deferred),
}), file=sys.stderr)
"""


def _check_in_a_fresh_process(tmp_path: Path) -> tuple[dict[str, object], dict[str, object]]:
    page = tmp_path / "page.md"
    page.write_text(PAGE, "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", CHECK_A_PAGE, str(page)], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    return json.loads(done.stdout), json.loads(done.stderr.strip().splitlines()[-1])


def test_a_page_check_imports_only_what_it_needs(tmp_path: Path) -> None:
    report, seen = _check_in_a_fresh_process(tmp_path)
    assert report["files"][0]["findings"], "the page was linted (the run did real work)"
    modules = set(seen["modules"])  # type: ignore[arg-type]
    loaded = sorted(m for m in NOT_ON_THE_CHECK_PATH if m in modules)
    assert loaded == [], f"imported on a one-page check: {loaded}"
    assert {"spacy", "contractlint.formats.json", "contractlint.loaders.markdown"} <= modules
    assert seen["spacy_cli_deferred"], "spacy.cli ran its own code on a check"


DEFERRED_STILL_WORK = """
import contractlint.cli, spacy, srsly, sys
assert type(sys.modules["spacy.cli"]).__name__ == "DeferredModule"
assert spacy.info()["spacy_version"] == spacy.__version__
from spacy.cli import download
from spacy.cli.info import info_model
assert callable(download) and download.__module__ == "spacy.cli.download"
assert callable(info_model)
assert srsly.yaml_loads(srsly.yaml_dumps({"a": [1, 2]})) == {"a": [1, 2]}
assert "srsly.ruamel_yaml" in sys.modules
print("ok")
"""


def test_deferred_spacy_modules_still_work_when_used() -> None:
    done = subprocess.run([sys.executable, "-c", DEFERRED_STILL_WORK], capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr[-2000:]


def test_a_library_import_keeps_spacys_own_import() -> None:
    code = "import contractlint.lint, spacy, sys; print(type(sys.modules['spacy.cli']).__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "module"


SAME_TOKENIZER = """
import importlib.util, spacy
from contractlint.nlp import CANDIDATES, DISABLED, load_pipeline
ours = load_pipeline()
theirs = spacy.load(next(n for n in CANDIDATES if importlib.util.find_spec(n)), exclude=list(DISABLED))
assert ours.config["nlp"]["tokenizer"] != theirs.config["nlp"]["tokenizer"], "the override was applied"
assert ours.tokenizer.to_bytes() == theirs.tokenizer.to_bytes()  # rules, regexes and the vocab
text = "Don't e.g. U.S.-based vendors' 5pm (TBD) SLA's 99.9% - e-mail info@example.com by 3/4/2026."
words = [[(t.text, t.whitespace_, t.norm_, t.lemma_, t.tag_) for t in nlp(text)] for nlp in (ours, theirs)]
assert words[0] == words[1]
print("same")
"""


def test_the_tokenizer_loaded_from_an_empty_one_is_spacys_own() -> None:
    """load_pipeline starts the tokenizer empty and lets from_disk fill it (nlp.py): the same
    rules, special cases, regexes and vocab as spaCy's own load, byte for byte (in a fresh process,
    before any text has added words to the vocab)."""
    done = subprocess.run([sys.executable, "-c", SAME_TOKENIZER], capture_output=True, text=True)
    assert done.stdout.strip() == "same", done.stderr[-2000:]


COLLECTOR_RESTORED = """
import gc, sys
if sys.argv[1] == "cli":
    import contractlint.cli
from contractlint.nlp import load_pipeline
before = (gc.isenabled(), gc.get_threshold())
load_pipeline()
assert (gc.isenabled(), gc.get_threshold()) == before, (gc.isenabled(), gc.get_threshold(), before)
print(gc.get_freeze_count())
"""


def test_loading_the_pipeline_pauses_the_collector_and_restores_it() -> None:
    """nlp.py pauses the cyclic collector while spaCy loads: a run must get it back as it was, or a
    long run would never collect its garbage cycles.  Only the command line freezes what loading
    made; a library caller's objects stay collectable."""
    frozen = {}
    for caller in ("cli", "library"):
        done = subprocess.run([sys.executable, "-c", COLLECTOR_RESTORED, caller], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
        frozen[caller] = int(done.stdout)
    assert frozen["cli"] > 50_000, "the command line freezes the loaded model"
    assert frozen["library"] == 0
