"""The cache kept between runs, like ruff's `.ruff_cache`: a file's findings, and its blocks' parses.

Two kinds of entry live under `<dir>/v1/`:

- `results/`: one command's result for one file, keyed by the file's bytes, its path, the
  effective config, the contractlint version, the classifier artifact and the spaCy pipeline (the
  key is built in `lint.py`, which knows what a result depends on).  An unchanged file is not even
  parsed again.
- `parses/`: the spaCy parse of every block of a document, as a `DocBin` (spaCy's own
  serialisation: arrays and strings, no pickle), one pack per document path and pipeline, each
  block found again by the hash of its text.  An edited document re-parses only the blocks whose
  text changed; the rules and the classifier still run on the whole document, since sections,
  defined terms and cross-references are properties of the whole.

Every entry names its key inside; one that cannot be read, does not decode or names another key
(corrupt, truncated, written by another version) is a miss, and the run rewrites it.  Writes go
through a temporary file and a rename (`paths.write_atomically`), so `--jobs` workers and concurrent
runs see a whole entry or none; the last writer of an entry wins, and every writer writes the same
thing.  A hit touches the entry's modification time, and `prune` deletes the least recently used
entries until the folder is under its size cap.  The folder holds a `CACHEDIR.TAG` (backup tools skip
it) and a `.gitignore` of `*`; `clean` deletes only a folder that has that tag.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from .limits import MIB
from .paths import write_atomically

if TYPE_CHECKING:
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

CACHE_DIR_ENV = "CONTRACTLINT_CACHE_DIR"  # where the cache goes when --cache-dir is not given
DEFAULT_DIR = ".contractlint_cache"
DEFAULT_MAX_SIZE = 512 * MIB
FORMAT = "v1"  # bump when an entry's layout changes: old entries are then never read
KINDS = ("results", "parses")
TAG_NAME = "CACHEDIR.TAG"
TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by contractlint.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
_PACK_MAGIC = b"CLPARSE1"
_PRUNE_TO = 0.9  # prune to this share of the cap, so the next run does not prune again at once


def default_dir() -> Path:
    """`$CONTRACTLINT_CACHE_DIR`, else `.contractlint_cache` in the current directory."""
    return Path(os.environ.get(CACHE_DIR_ENV) or DEFAULT_DIR)


def digest(*parts: str | bytes) -> str:
    """A sha256 over the parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def fingerprint(value: object, *, leave_out: Iterable[str] = ()) -> str:
    """A stable text for a config (a frozen dataclass of tuples, mappings, paths, enums): the same in
    every process, whatever the order sets and dicts were built in.  `leave_out`: fields of the
    top-level dataclass that cannot change a result (fail-on, the cache's own settings)."""
    return json.dumps(_canonical(value, frozenset(leave_out)), sort_keys=True, separators=(",", ":"))


def _canonical(value: object, leave_out: frozenset[str] = frozenset()) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (f.name for f in dataclasses.fields(value) if f.name not in leave_out)
        return {"@": type(value).__name__, **{name: _canonical(getattr(value, name)) for name in fields}}
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(json.dumps(_canonical(v), sort_keys=True) for v in value)
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, PurePath):
        return str(value)
    return value if value is None or isinstance(value, bool | int | float | str) else repr(value)


@dataclass
class Stats:
    """What this process's cache did: the tests read these, never the clock."""

    result_hits: int = 0
    result_misses: int = 0
    blocks_from_cache: int = 0
    blocks_parsed: int = 0
    bad_entries: int = 0  # corrupt, truncated or foreign entries ignored (and rewritten)


@dataclass(frozen=True)
class Usage:
    """`contractlint cache info`: the entries and bytes of each kind."""

    root: Path
    entries: dict[str, int]
    sizes: dict[str, int]
    max_size: int

    @property
    def total(self) -> int:
        return sum(self.sizes.values())


@dataclass
class Cache:
    """The cache folder and its size cap; pickles into `--jobs` workers (a path and two numbers)."""

    root: Path
    max_size: int = DEFAULT_MAX_SIZE
    stats: Stats = field(default_factory=Stats, compare=False)

    # -- entries --------------------------------------------------------------------------------
    def _entry(self, kind: str, key: str) -> Path:
        return self.root / FORMAT / kind / key[:2] / f"{key}.{'json' if kind == 'results' else 'spacy'}"

    def read(self, kind: str, key: str) -> bytes | None:
        path = self._entry(kind, key)
        try:
            data = path.read_bytes()
            os.utime(path)  # least recently *used*: a hit is a use
        except OSError:
            return None  # absent, or pruned by a concurrent run a moment ago
        return data

    def write(self, kind: str, key: str, data: bytes) -> None:
        """Store an entry; a cache that cannot be written (read-only folder, full disk) is no cache,
        never an error of the run."""
        try:
            self._ensure_tagged()
            write_atomically(self._entry(kind, key), data)
        except OSError:
            pass

    def read_json(self, kind: str, key: str) -> dict | None:  # type: ignore[type-arg]
        data = self.read(kind, key)
        if data is None:
            return None
        try:
            entry = json.loads(data)
            if entry.get("key") == key and isinstance(entry.get("value"), dict):
                return entry["value"]  # type: ignore[no-any-return]
        except (ValueError, AttributeError):
            pass
        self.stats.bad_entries += 1
        return None

    def write_json(self, kind: str, key: str, value: dict) -> None:  # type: ignore[type-arg]
        self.write(kind, key, json.dumps({"key": key, "value": value}, ensure_ascii=False).encode("utf-8"))

    # -- parsed blocks ----------------------------------------------------------------------------
    def read_parses(self, key: str, vocab: Vocab) -> dict[str, list[Doc]]:
        """The docs of a parse pack by the hash of their text (a list: a document may repeat a block)."""
        found = self.read_pack(key, vocab).docs
        return {text_hash: [doc for doc, _entry in stored] for text_hash, stored in found.items()}

    def read_pack(self, key: str, vocab: Vocab) -> ParsePack:
        """A parse pack's docs, each with its entry in the pack (empty on a miss)."""
        data = self.read("parses", key)
        if data is None:
            return ParsePack({})
        try:
            return _unpack(data, key, vocab)
        except Exception:  # any undecodable pack is a miss: DocBin raises what msgpack and zlib raise
            self.stats.bad_entries += 1
            return ParsePack({})

    def write_parses(
        self,
        key: str,
        hashes: list[str],
        docs: list[Doc],
        *,
        entries: Sequence[int | None] = (),
        pack: ParsePack | None = None,
    ) -> None:
        """Store the docs of a document's blocks; `entries[i]`, when not None, says doc i is that entry
        of `pack` (read by this run), whose stored arrays are copied rather than serialised again."""
        header = json.dumps({"key": key, "blocks": hashes}).encode("utf-8")
        packed = _packed(docs, entries, pack.stored if pack else None)
        self.write("parses", key, _PACK_MAGIC + len(header).to_bytes(8, "big") + header + packed)

    # -- the folder ------------------------------------------------------------------------------
    def _ensure_tagged(self) -> None:
        if (self.root / TAG_NAME).is_file():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        write_atomically(self.root / ".gitignore", "# Created by contractlint: the cache is not source.\n*\n")
        write_atomically(self.root / TAG_NAME, TAG)

    def _files(self) -> list[tuple[str, os.stat_result, Path]]:
        found = []
        for kind in KINDS:
            for path in (self.root / FORMAT / kind).glob("*/*"):
                try:
                    found.append((kind, path.stat(), path))
                except OSError:
                    continue  # removed meanwhile
        return found

    def usage(self) -> Usage:
        entries, sizes = dict.fromkeys(KINDS, 0), dict.fromkeys(KINDS, 0)
        for kind, stat, _path in self._files():
            entries[kind] += 1
            sizes[kind] += stat.st_size
        return Usage(self.root, entries, sizes, self.max_size)

    def prune(self) -> int:
        """Delete least recently used entries until the folder is under its cap; the bytes freed."""
        files = self._files()
        total = sum(stat.st_size for _kind, stat, _path in files)
        if total <= self.max_size:
            return 0
        freed = 0
        for _kind, stat, path in sorted(files, key=lambda item: item[1].st_mtime_ns):
            if total - freed <= self.max_size * _PRUNE_TO:
                break
            path.unlink(missing_ok=True)
            freed += stat.st_size
        return freed

    def clean(self) -> bool:
        """Delete the cache folder; False when there is none.  A folder without contractlint's
        CACHEDIR.TAG is not ours (a mistyped --cache-dir) and is refused."""
        if not self.root.exists():
            return False
        tag = self.root / TAG_NAME
        if not tag.is_file() or "contractlint" not in tag.read_text("utf-8", errors="replace"):
            raise ValueError(f"{self.root}: not a contractlint cache (no CACHEDIR.TAG of ours); not deleting it")
        shutil.rmtree(self.root)
        return True


@dataclass(frozen=True)
class ParsePack:
    """A parse pack as read: its docs by the hash of their text, each with its index in `stored`, the
    DocBin they were decoded from."""

    docs: dict[str, list[tuple[Doc, int]]]
    stored: DocBin | None = None


def _unpack(data: bytes, key: str, vocab: Vocab) -> ParsePack:
    from spacy.tokens import DocBin

    if not data.startswith(_PACK_MAGIC):
        raise ValueError("not a parse pack")
    size = int.from_bytes(data[8:16], "big")
    header = json.loads(data[16 : 16 + size])
    if header.get("key") != key:
        raise ValueError("a pack of another key")
    stored = DocBin().from_bytes(data[16 + size :])
    docs = list(stored.get_docs(vocab))
    hashes = header["blocks"]
    if len(docs) != len(hashes):
        raise ValueError("a pack whose blocks and docs disagree")
    found: dict[str, list[tuple[Doc, int]]] = {}
    for entry, (text_hash, doc) in enumerate(zip(hashes, docs, strict=True)):
        found.setdefault(text_hash, []).append((doc, entry))
    return ParsePack(found, stored)


_ENTRY_PARTS = ("tokens", "spaces", "flags", "cats", "span_groups")  # one doc's entry in a DocBin's lists


def _packed(docs: list[Doc], entries: Sequence[int | None], stored: DocBin | None) -> bytes:
    """The docs as DocBin bytes.  An unchanged block's entry is copied from the pack it was read from:
    `DocBin.add` visits every token in Python, 9 string attributes each, which for a 45,000-word
    document costs more than the one block an edit re-parses.  The copy is the entry `add` wrote then
    (the same arrays, flags and strings), so the docs read back are the same."""
    from spacy.tokens import DocBin

    entries = list(entries) or [None] * len(docs)
    if stored is None or stored.attrs != DocBin().attrs:
        entries = [None] * len(docs)  # nothing to copy from, or a pack of another layout
    copied = [entry for entry in entries if entry is not None]
    # Tags, lemmas, morphology, heads, dependencies and sentence starts are arrays DocBin always
    # keeps.  Custom attributes live in user_data: no component sets any today, and storing the
    # empty dicts anyway costs about 0.5 s each way for a 45,000-word document, so it is stored
    # only when a doc has some.
    with_user_data = any(doc.user_data for doc, entry in zip(docs, entries, strict=True) if entry is None) or any(
        stored.user_data[entry] is not None for entry in copied  # type: ignore[union-attr]
    )
    packed = DocBin(store_user_data=with_user_data)
    if copied:
        packed.strings.update(stored.strings)  # type: ignore[union-attr]  # a superset: unused strings cost bytes only
    for doc, entry in zip(docs, entries, strict=True):
        if entry is None:
            packed.add(doc)
            continue
        for part in _ENTRY_PARTS + (("user_data",) if with_user_data else ()):
            getattr(packed, part).append(getattr(stored, part)[entry])
    return packed.to_bytes()
