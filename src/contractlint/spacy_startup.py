"""Parts of spaCy's import that a lint never uses, imported when something uses them instead.

`spacy/__init__.py` imports `spacy.cli.info` only to offer `spacy.info`, and with it the whole
`spacy.cli` package: typer, weasel, httpx, jinja2, wasabi's renderers and every spaCy command,
about 0.2 s of CPU in a 1.3 s one-page run.  `srsly` (spaCy's serialisation) imports its YAML reader and
writer, a vendored ruamel.yaml (≈ 0.01 s), which only spaCy's command-line tools use.

`defer_spacy_tools` puts a finder first on `sys.meta_path` that gives those modules as modules whose
code runs on the first use of a name they do not have yet (`spacy.cli.download`,
`srsly.ruamel_yaml`); the few names their importers take at import time (`spacy.info`,
`srsly.read_yaml`...) are functions that import the real module on their first call.  Everything
still works, in the same process, only later.  It changes nothing when spaCy is already imported,
and only the command line installs it (cli.py), before anything imports spaCy: a program that
imports contractlint as a library keeps spaCy's own import.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Callable, Sequence

# Each deferred module, with the names its importer takes from it while being imported.
DEFERRED: dict[str, tuple[str, ...]] = {
    "spacy.cli": (),
    "spacy.cli.info": ("info",),  # `from .cli.info import info` in spacy/__init__.py
    "srsly._yaml_api": ("read_yaml", "write_yaml", "yaml_dumps", "yaml_loads", "is_yaml_serializable"),
}
_LOADED = "_contractlint_deferred_loaded"


class DeferredModule(types.ModuleType):
    """A module whose own code runs the first time a name it does not hold is looked up."""

    def __getattr__(self, name: str) -> object:
        if name.startswith("__") or self.__dict__.get(_LOADED):
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        self.load()
        return getattr(self, name)

    def load(self) -> None:
        """Run the module's own code, its package's first, as a plain import would have."""
        if self.__dict__.get(_LOADED):
            return
        self.__dict__[_LOADED] = True
        package = sys.modules.get(self.__name__.rpartition(".")[0])
        if isinstance(package, DeferredModule):
            package.load()
        real: importlib.machinery.ModuleSpec = self.__dict__["_contractlint_real_spec"]
        self.__spec__, self.__loader__, self.__file__ = real, real.loader, real.origin
        assert real.loader is not None
        real.loader.exec_module(self)


class _DeferredLoader:  # a loader by protocol: importlib.abc would import importlib.resources (≈ 10 ms)
    def __init__(self, real: importlib.machinery.ModuleSpec) -> None:
        self.real = real

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return DeferredModule(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__dict__["_contractlint_real_spec"] = self.real
        if isinstance(module, DeferredModule):
            for name in DEFERRED[module.__name__]:
                module.__dict__[name] = _on_first_call(module, name)


def _on_first_call(module: DeferredModule, name: str) -> Callable[..., object]:
    def forward(*args: object, **kwargs: object) -> object:
        module.load()  # the module's own code puts the real function in this one's place
        return getattr(module, name)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = name
    forward.__doc__ = f"{module.__name__}.{name}, whose module is imported on the first call."
    return forward


class _DeferringFinder:  # a meta path finder by protocol, as _DeferredLoader
    def __init__(self) -> None:
        self.done: set[str] = set()

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in DEFERRED or fullname in self.done:
            return None
        real = importlib.machinery.PathFinder.find_spec(fullname, path)
        if real is None or not isinstance(real.loader, importlib.machinery.SourceFileLoader):
            return None  # not laid out as expected: spaCy's own import, untouched
        spec = importlib.util.spec_from_loader(fullname, _DeferredLoader(real), is_package=real.parent == fullname)
        assert spec is not None
        spec.submodule_search_locations = real.submodule_search_locations
        self.done.add(fullname)
        if self.done == set(DEFERRED):
            sys.meta_path.remove(self)  # each module is imported once: nothing left to find
        return spec


_FINDER = _DeferringFinder()


def defer_spacy_tools() -> None:
    """Install the finder, unless spaCy is imported already (then there is nothing left to save)."""
    if "spacy" in sys.modules or _FINDER in sys.meta_path:
        return
    sys.meta_path.insert(0, _FINDER)
