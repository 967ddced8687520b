"""The corpus run's progress bar on stderr: files done, files per second and the time left."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from .rows import Row


@contextmanager
def progress_bar(stream: TextIO) -> Iterator[tuple[Callable[[int], None], Callable[[Row], None]]]:
    """(on_start(total), on_file(row)) for `run_corpus`; silent when nobody watches the stream."""
    if not stream.isatty():
        yield (lambda _total: None), (lambda _row: None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("Corpus"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} files/s"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(file=stream), transient=True) as bar:
        task = bar.add_task("corpus", total=None, rate="-")

        def on_start(total: int) -> None:
            bar.update(task, total=total)

        def on_file(_row: Row) -> None:
            bar.advance(task)
            speed = bar.tasks[0].speed
            bar.update(task, rate=f"{speed:.1f}" if speed else "-")

        yield on_start, on_file
