"""The cache (cache.py): the same findings with and without it, edited blocks re-parsed alone, bad
entries ignored, `cache info|clean`, least-recently-used pruning, and the folder's tags."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from contractlint.cache import TAG_NAME, Cache
from contractlint.config import Config
from contractlint.lint import lint_document, lint_paths
from contractlint.loaders import load
from contractlint.nlp import load_pipeline

from .conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures"


def _paragraphs(markdown: str) -> list[str]:
    """The prose of a fixture, one string per paragraph, without Markdown marks or tables."""
    found = []
    for chunk in markdown.split("\n\n"):
        text = " ".join(line.strip() for line in chunk.splitlines() if not line.startswith("|"))
        if text:
            found.append(re.sub(r"^#+\s*|\*\*", "", text))
    return found


@pytest.fixture
def documents(tmp_path: Path) -> list[Path]:
    """A realistic statement of work as .md, .docx (headings, paragraphs, a table) and .pdf."""
    markdown = (FIXTURES / "complete_sow.md").read_text("utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "sow.md").write_text(markdown, "utf-8")
    (folder / "report.md").write_text((FIXTURES / "report_sow.md").read_text("utf-8"), "utf-8")
    word = docx.Document()
    for paragraph in _paragraphs(markdown):
        if re.match(r"\d+\. [A-Z]", paragraph) and len(paragraph) < 60:
            word.add_heading(paragraph, level=1)
        else:
            word.add_paragraph(paragraph)
    table = word.add_table(rows=2, cols=2)
    for (row, cell), text in {(0, 0): "Deliverable", (0, 1): "Due date", (1, 0): "Runbook", (1, 1): "TBD"}.items():
        table.cell(row, cell).text = text
    word.save(str(folder / "sow.docx"))
    pdf = canvas.Canvas(str(folder / "rfq.pdf"), pagesize=A4)
    lines = [w for p in _paragraphs((FIXTURES / "report_sow.md").read_text("utf-8")) for w in _wrap(p)]
    for page in range(0, len(lines), 40):
        for i, line in enumerate(lines[page : page + 40]):
            pdf.drawString(60, 780 - 18 * i, line)
        pdf.showPage()
    pdf.save()
    return sorted(folder.iterdir())


def _wrap(text: str, width: int = 85) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def test_the_same_report_without_the_cache_with_a_cold_one_and_a_warm_one(
    documents: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ("check", "--format", "json", "--jobs", "1", *map(str, documents))
    without = run_cli(*args, "--no-cache")
    assert not (tmp_path / ".contractlint_cache").exists()
    cold = run_cli(*args, "--cache-dir", "cache")
    warm = run_cli(*args, "--cache-dir", "cache")
    assert without.exit_code == cold.exit_code == warm.exit_code == 1
    assert cold.stdout == without.stdout and warm.stdout == without.stdout
    report = json.loads(warm.stdout)
    assert {Path(f["path"]).suffix for f in report["files"]} == {".md", ".docx", ".pdf"}
    assert all(f["error"] is None for f in report["files"])
    assert sum(len(f["findings"]) for f in report["files"]) >= 20
    usage = Cache(tmp_path / "cache").usage()
    assert usage.entries == {"results": 4, "parses": 4}


def test_a_warm_run_reads_results_and_parses_nothing(documents: list[Path], tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    config = Config()
    cold = lint_paths(documents, config, cache=cache)
    assert cache.stats.result_hits == 0 and cache.stats.blocks_parsed > 0
    warm_cache = Cache(tmp_path / "cache")
    warm = lint_paths(documents, config, cache=warm_cache)
    assert warm_cache.stats.result_hits == len(documents)
    assert warm_cache.stats.blocks_parsed == warm_cache.stats.blocks_from_cache == 0
    assert [r.findings for r in warm] == [r.findings for r in cold]
    assert [r.unused_suppressions for r in warm] == [r.unused_suppressions for r in cold]
    # Another config is another result, but the same parses: nothing is parsed again.
    other = Cache(tmp_path / "cache")
    lint_paths(documents, Config(model=False), cache=other)
    assert other.stats.result_hits == 0 and other.stats.blocks_parsed == 0 and other.stats.blocks_from_cache > 0


def test_an_edited_paragraph_is_the_only_block_parsed_again(tmp_path: Path) -> None:
    source = tmp_path / "sow.md"
    text = (FIXTURES / "report_sow.md").read_text("utf-8")
    source.write_text(text, "utf-8")
    cache = Cache(tmp_path / "cache")
    lint_document(load(source), Config(), load_pipeline(), cache)
    edited = text.replace("provide robust reporting", "provide monthly reporting", 1)
    assert edited != text
    source.write_text(edited, "utf-8")
    again = Cache(tmp_path / "cache")
    with_cache = lint_document(load(source), Config(), load_pipeline(), again)
    assert again.stats.blocks_parsed == 1
    assert again.stats.blocks_from_cache == len(load(source).blocks) - 1
    # The rules and the classifier ran on the whole edited document: its findings are a fresh run's.
    fresh = lint_document(load(source), Config(), load_pipeline())
    assert with_cache.findings == fresh.findings and len(fresh.findings) > 5
    assert "robust reporting" not in [f.excerpt for f in fresh.findings]


def test_a_warm_report_does_not_even_load_its_files(
    documents: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """check's report entries carry the digest the formats read, so an unchanged file is not loaded
    (for a .docx or .pdf, not unzipped or laid out) on a warm run; the reports are the same."""
    import contractlint.lint as lint_module
    from contractlint.formats import FORMATS
    from contractlint.lint import REPORT, run_files

    config = Config()
    cold = run_files(REPORT, documents, config, cache=Cache(tmp_path / "cache"))

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm report loaded a file")

    monkeypatch.setattr(lint_module, "load", no_loading)
    warm_cache = Cache(tmp_path / "cache")
    warm = run_files(REPORT, documents, config, cache=warm_cache)
    assert warm_cache.stats.result_hits == len(documents)
    for name in ("json", "sarif", "text"):
        assert FORMATS[name](warm) == FORMATS[name](cold), name


def test_a_parse_from_the_cache_carries_what_the_rules_read(tmp_path: Path) -> None:
    """Tags, lemmas, morphology, dependencies, sentences and noun chunks survive the DocBin trip."""
    document = load(FIXTURES / "complete_sow.md")
    from contractlint.parse import parse_document

    fresh = parse_document(document, Config())
    parse_document(document, Config(), cache=Cache(tmp_path / "cache"))
    cached = parse_document(document, Config(), cache=(cache := Cache(tmp_path / "cache")))
    assert cache.stats.blocks_parsed == 0
    for (_, a), (_, b) in zip(fresh.parsed, cached.parsed, strict=True):
        fields = [(t.text, t.tag_, t.pos_, t.lemma_, str(t.morph), t.dep_, t.head.i, t.norm_) for t in a]
        assert fields == [(t.text, t.tag_, t.pos_, t.lemma_, str(t.morph), t.dep_, t.head.i, t.norm_) for t in b]
        assert [s.text for s in a.sents] == [s.text for s in b.sents]
        assert [c.text for c in a.noun_chunks] == [c.text for c in b.noun_chunks]


def test_a_pack_rewritten_after_an_edit_copies_unchanged_blocks_exactly(tmp_path: Path) -> None:
    """After an edit the pack is rewritten with the unchanged blocks' stored entries copied, not
    serialised again: a later run reads every block from it, each the doc a fresh parse gives."""
    from contractlint.parse import parse_document

    source = tmp_path / "sow.md"
    text = (FIXTURES / "complete_sow.md").read_text("utf-8")
    source.write_text(text, "utf-8")
    parse_document(load(source), Config(), cache=Cache(tmp_path / "cache"))
    edited = text.replace("within 10 business days", "within 12 business days", 1)
    assert edited != text
    source.write_text(edited, "utf-8")
    parse_document(load(source), Config(), cache=(rewrite := Cache(tmp_path / "cache")))
    assert rewrite.stats.blocks_parsed == 1
    cached = parse_document(load(source), Config(), cache=(reread := Cache(tmp_path / "cache")))
    assert reread.stats.blocks_parsed == 0 and reread.stats.bad_entries == 0
    fresh = parse_document(load(source), Config())
    def view(doc: object) -> list[tuple[object, ...]]:
        return [(t.text, t.tag_, t.pos_, t.lemma_, str(t.morph), t.dep_, t.head.i, t.is_sent_start) for t in doc]  # type: ignore[attr-defined]

    assert [view(doc) for _, doc in cached.parsed] == [view(doc) for _, doc in fresh.parsed]


def test_corrupt_and_foreign_entries_are_ignored_and_rewritten(documents: list[Path], tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    expected = [r.findings for r in lint_paths(documents, Config(), cache=cache)]
    entries = sorted((tmp_path / "cache").glob("v1/*/*/*"))
    for number, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes([b"", data[: len(data) // 2], b"\x00garbage", data.replace(b"a", b"b", 50)][number % 4])
    damaged = Cache(tmp_path / "cache")
    assert [r.findings for r in lint_paths(documents, Config(), cache=damaged)] == expected
    assert damaged.stats.bad_entries > 0 and damaged.stats.result_hits < len(documents)
    healed = Cache(tmp_path / "cache")
    assert [r.findings for r in lint_paths(documents, Config(), cache=healed)] == expected
    assert healed.stats.result_hits == len(documents) and healed.stats.bad_entries == 0


def test_least_recently_used_entries_go_first_under_the_cap(documents: list[Path], tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    lint_paths(documents, Config(model=False), cache=cache)
    entries = sorted((tmp_path / "cache").glob("v1/results/*/*"))
    for age, entry in enumerate(entries):  # the first entry is the least recently used
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))
    usage = cache.usage()
    oldest = entries[0].stat().st_size
    pruned = Cache(tmp_path / "cache", max_size=usage.total - 1)
    assert pruned.prune() >= oldest
    assert not entries[0].exists() and entries[-1].exists()
    assert pruned.usage().total <= usage.total - 1
    assert Cache(tmp_path / "cache", max_size=10**9).prune() == 0


def test_cache_folder_is_tagged_and_info_and_clean_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONTRACTLINT_CACHE_DIR")
    (tmp_path / "sow.md").write_text((FIXTURES / "complete_sow.md").read_text("utf-8"), "utf-8")
    run_cli("check", "sow.md")
    folder = tmp_path / ".contractlint_cache"
    assert (folder / TAG_NAME).read_text("utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (folder / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    info = run_cli("cache", "info")
    assert info.exit_code == 0 and "results: 1 entries" in info.output and "parses: 1 entries" in info.output
    (tmp_path / "mine").mkdir()
    refused = run_cli("cache", "clean", "--cache-dir", "mine")
    assert refused.exit_code == 2 and "not a contractlint cache" in refused.output and (tmp_path / "mine").exists()
    assert run_cli("cache", "clean").exit_code == 0 and not folder.exists()
    assert "no cache at" in run_cli("cache", "clean").output


def test_cache_size_is_a_config_key(tmp_path: Path) -> None:
    from contractlint.config import ConfigError, load_config
    from contractlint.rules import BY_CODE

    (tmp_path / "contractlint.toml").write_text('cache-max-size = "2 MiB"\n', "utf-8")
    assert load_config(tmp_path / "contractlint.toml", BY_CODE).cache_max_size == 2 * 1024 * 1024
    (tmp_path / "contractlint.toml").write_text('cache-max-size = "big"\n', "utf-8")
    with pytest.raises(ConfigError, match="cache-max-size"):
        load_config(tmp_path / "contractlint.toml", BY_CODE)


def test_concurrent_runs_and_jobs_share_one_cache_safely(documents: list[Path], tmp_path: Path) -> None:
    """Two processes (one of them with two workers) fill the same empty cache at once: both reports
    are the uncached one, and the entries they left are whole (a third run reads every result)."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "contractlint", "check", "--format", "json", "--cache-dir", str(tmp_path / "c")]
    files = list(map(str, documents))
    runs = [
        subprocess.Popen([*command, "--jobs", jobs, *files], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for jobs in ("1", "2")
    ]
    outputs = [run.communicate()[0] for run in runs]
    reference = run_cli("check", "--format", "json", "--no-cache", "--jobs", "1", *files).stdout.encode()
    assert outputs == [reference, reference]
    again = Cache(tmp_path / "c")
    assert [r.findings for r in lint_paths(documents, Config(), cache=again)]
    assert again.stats.result_hits == len(documents) and again.stats.bad_entries == 0


def test_user_data_is_kept_when_a_doc_has_some(tmp_path: Path) -> None:
    """No component sets custom attributes today, so packs leave user_data out; one that did would
    still find them after the trip through the cache."""
    nlp = load_pipeline()
    plain, marked = nlp("The Vendor shall reply."), nlp("The Buyer may audit.")
    marked.user_data["contractlint-test"] = [1, 2]
    cache = Cache(tmp_path / "cache")
    for key, docs in (("plain", [plain]), ("marked", [plain, marked])):
        cache.write_parses(key, [str(i) for i in range(len(docs))], docs)
    assert cache.read_parses("plain", nlp.vocab)["0"][0].user_data == {}
    back = cache.read_parses("marked", nlp.vocab)
    assert back["1"][0].user_data["contractlint-test"] in ([1, 2], (1, 2))
    assert [t.dep_ for t in back["1"][0]] == [t.dep_ for t in marked]


def test_an_edited_rule_or_term_list_is_a_different_build() -> None:
    """A rule or term list changed in place (an editable install, a patched deployment) must not be
    served the results its old version cached: the cache keys carry the package's files, not only
    the version number."""
    import contractlint
    from contractlint.version import __version__, build_identity

    term_list = Path(contractlint.__file__).parent / "rules" / "patterns" / "common_terms.json"
    before = build_identity.__wrapped__()
    assert before.startswith(__version__ + "+") and before == build_identity.__wrapped__()
    times = term_list.stat()
    try:
        os.utime(term_list, ns=(times.st_atime_ns, times.st_mtime_ns + 1_000_000_000))
        assert build_identity.__wrapped__() != before
    finally:
        os.utime(term_list, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert build_identity.__wrapped__() == before
