"""Output formats: one pure render function per format, from results to a string."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..lint import FileResult
from ..paths import Skipped
from . import csv as csv_format
from . import github as github_format
from . import html as html_format
from . import json as json_format
from . import junit as junit_format
from . import sarif as sarif_format
from . import text as text_format


class Renderer(Protocol):
    """Results (and the files skipped in folders, for formats that list them) to a report."""

    def __call__(self, results: list[FileResult], *, skipped: Sequence[Skipped] = ...) -> str: ...


FORMATS: dict[str, Renderer] = {
    "text": text_format.render,
    "json": json_format.render,
    "sarif": sarif_format.render,
    "github": github_format.render,
    "junit": junit_format.render,
    "csv": csv_format.render,
    "html": html_format.render,
}
