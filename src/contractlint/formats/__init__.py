"""Output formats: one pure render function per format, from results to a string."""

from __future__ import annotations

from collections.abc import Callable

from ..lint import FileResult
from . import csv as csv_format
from . import github as github_format
from . import html as html_format
from . import json as json_format
from . import junit as junit_format
from . import sarif as sarif_format
from . import text as text_format

Renderer = Callable[[list[FileResult]], str]

FORMATS: dict[str, Renderer] = {
    "text": text_format.render,
    "json": json_format.render,
    "sarif": sarif_format.render,
    "github": github_format.render,
    "junit": junit_format.render,
    "csv": csv_format.render,
    "html": html_format.render,
}
