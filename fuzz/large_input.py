"""Time and peak memory (RSS) of one very large single-line text file through `lint_file`.

    python fuzz/large_input.py --megabytes 50                           # default limits: refused
    python fuzz/large_input.py --megabytes 4.5 --no-model               # under the limit: linted in full
    python fuzz/large_input.py --megabytes 50 --max-characters 60000000 # the limit raised

The file is contract sentences on one line (no line break at all), written to a temporary folder.
When it is linted, every finding's offsets are checked against the file's text.  Peak RSS is
`resource.getrusage(RUSAGE_SELF).ru_maxrss` of this process, which does nothing else.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from contractlint.config import Config
from contractlint.limits import Limits
from contractlint.lint import lint_file

SENTENCE = "The Vendor shall reply to every ticket promptly. Reports are due as soon as possible. "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=50.0, help="size of the file, in MiB")
    parser.add_argument("--max-characters", type=int, help="raise limits.max-characters to this")
    parser.add_argument("--no-model", action="store_true", help="rules only (the classifier off)")
    args = parser.parse_args()

    size = int(args.megabytes * 1024 * 1024)
    text = (SENTENCE * (size // len(SENTENCE) + 1))[:size]
    limits = Limits() if args.max_characters is None else Limits(max_characters=args.max_characters)
    config = replace(Config(model=not args.no_model), limits=limits)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one-line.txt"
        path.write_text(text, "utf-8")
        del text
        started = time.monotonic()
        result = lint_file(path, config)
        seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    what = f"{args.megabytes:g} MiB single-line .txt"
    if result.error:
        print(f"{what}: refused in {seconds:.1f} s, peak RSS {peak:,.0f} MiB: {result.error}")
        return
    document = result.document
    assert document is not None
    for finding in result.findings:
        if finding.start is not None:
            assert document.text[finding.start : finding.end] == finding.excerpt, finding
    spans = sum(f.start is not None for f in result.findings)
    print(
        f"{what}: linted in {seconds:.1f} s, {len(document.blocks):,} blocks, {len(result.findings):,} findings "
        f"({spans:,} with offsets, all exact), peak RSS {peak:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
