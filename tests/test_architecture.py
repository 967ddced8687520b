"""The package's import graph has no circle: no module imports, directly or through others, a module
that imports it back (lazy imports inside functions and type-checking imports included).

`lint-imports` (pyproject's [tool.importlinter]) holds the layers; this test holds the stronger
module-level property, which an `acyclic_siblings` contract only checks between siblings."""

from __future__ import annotations

import grimp
import pytest


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: every group of modules that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(sorted(group))
    return groups


def test_the_finder_sees_a_planted_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert [g for g in _strongly_connected(graph) if len(g) > 1] == [["a", "b", "c"]]


@pytest.fixture(scope="module")
def imports() -> dict[str, set[str]]:
    graph = grimp.build_graph("contractlint", cache_dir=None)
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def test_no_module_imports_itself_back(imports: dict[str, set[str]]) -> None:
    assert len(imports) > 50, "the import graph was not built from the package"
    circles = [group for group in _strongly_connected(imports) if len(group) > 1]
    assert circles == []


def test_check_time_scoring_reaches_neither_lint_nor_training(imports: dict[str, set[str]]) -> None:
    reached: set[str] = set()
    todo = [m for m in imports if m.startswith("contractlint.model")]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            todo.extend(imports.get(module, ()))
    assert not {
        m for m in reached if m == "contractlint.lint" or m.startswith(("contractlint.training", "contractlint.rules"))
    }
