"""Output formats: one pure render function per format, from results to a string."""

from __future__ import annotations

from collections.abc import Callable

from ..lint import FileResult
from . import json as json_format
from . import text as text_format

Renderer = Callable[[list[FileResult]], str]

FORMATS: dict[str, Renderer] = {
    "text": text_format.render,
    "json": json_format.render,
}
