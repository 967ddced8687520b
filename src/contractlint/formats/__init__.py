"""Output formats: one pure render function per format, from results to a string."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping, Sequence
from importlib import import_module
from typing import Protocol

from ..lint import FileResult
from ..paths import Skipped


class Renderer(Protocol):
    """Results (and the files skipped in folders, for formats that list them) to a report."""

    def __call__(self, results: list[FileResult], *, skipped: Sequence[Skipped] = ...) -> str: ...


class _OnFirstUse(MutableMapping[str, Renderer]):
    """Each format's module is imported when its renderer is first asked for: a run renders one
    format, and the HTML one alone imports jinja2 (≈ 0.05 s of a one-page run)."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self._renderers: dict[str, Renderer | None] = dict.fromkeys(names)  # each format's module has its name

    def __getitem__(self, name: str) -> Renderer:
        renderer = self._renderers[name]
        if renderer is None:
            renderer = self._renderers[name] = import_module(f".{name}", __name__).render
        return renderer

    def __setitem__(self, name: str, renderer: Renderer) -> None:
        self._renderers[name] = renderer

    def __delitem__(self, name: str) -> None:
        del self._renderers[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._renderers)

    def __len__(self) -> int:
        return len(self._renderers)


FORMATS: MutableMapping[str, Renderer] = _OnFirstUse(("text", "json", "sarif", "github", "junit", "csv", "html"))
